"""Matrix rows for the cms app: the public site (language chooser, sitemap, robots.txt,
news feed, search, Wagtail pages through the page catch-all) and the Wagtail admin for the
``Organisation`` and ``NewsTag`` snippets.

Public pages are open to everyone; a draft (never published) or unpublished page is a 404
for everyone on the public site (previews live in the admin), and a login-restricted page
sends anonymous visitors to log in. The feed, the search results and the sitemap must never
list a draft, unpublished or restricted page, nor the unpublished draft changes of a live
page. The Organisation admin is for staff (and editors with the snippet permissions):
coordinators have no organisation permissions, so Wagtail sends them back to the admin home.
"""

import datetime
import re

from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories import cms as cms_factories

from .matrix import DENIED, LOGIN, AdminModel, Redirect, Row, expect, logged_in
from .world import STAFF

# Every page title below carries this word, so one search finds them all.
TERM = "Zebracorn"
PUBLIC_MARKERS = (f"{TERM} public news", f"{TERM} standard page")
HIDDEN_MARKERS = (
    f"{TERM} draft news",
    f"{TERM} unpublished news",
    f"{TERM} members news",
    f"{TERM} secret draft change",
    "zebracorn-draft-news",
    "zebracorn-unpublished-news",
    "zebracorn-members-news",
)


def _site():
    """The English home page (the default site's root) and its news index: the ones another
    app's ``extend_world`` made, or new ones."""
    services = cms_factories.services
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        home = services.add_page(
            parent=cms_factories.root_page(),
            page=HomePage(
                title="Kohorta", slug="zebracorn-home", locale=cms_factories.locale("en")
            ),
            by=None,
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "Kohorta"},
    )
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = services.add_page(
            parent=home, page=NewsIndexPage(title="News", slug="news", locale=home.locale), by=None
        )
    return home, index


def extend_world(world):
    home, index = _site()
    news = cms_factories.add_news(
        index,
        f"{TERM} public news",
        slug="zebracorn-public-news",
        intro=f"{TERM} intro.",
        tags=["Zebracorn topic"],
    )
    draft = cms_factories.add_news(index, f"{TERM} draft news", slug="zebracorn-draft-news")
    draft.unpublish()
    # A page that is a draft from the start: saved, never published.
    never = NewsPage(
        title=f"{TERM} draft news",
        slug="zebracorn-never-published",
        date=datetime.date(2026, 6, 1),
        intro=f"{TERM} never published.",
        locale=index.locale,
    )
    cms_factories.services.add_page(parent=index, page=never, by=None, publish=False)
    unpublished = cms_factories.add_news(
        index, f"{TERM} unpublished news", slug="zebracorn-unpublished-news"
    )
    unpublished.unpublish()
    members = cms_factories.add_news(index, f"{TERM} members news", slug="zebracorn-members-news")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    # A live page with newer, unpublished changes: the public sees the published version.
    news.title = f"{TERM} secret draft change"
    news.save_revision()
    standard = cms_factories.services.add_page(
        parent=home,
        page=StandardPage(
            title=f"{TERM} standard page", slug="zebracorn-standard", locale=home.locale
        ),
        by=None,
    )
    programme = cms_factories.add_programme_page(
        home, world.cohort.programme, title="Zebracorn programme", slug="zebracorn-programme"
    )
    organisation = cms_factories.add_organisation("Zebracorn Library Foundation", country="MK")
    world.objects.update(
        cms_home=home,
        cms_index=index,
        cms_news=news,
        cms_draft=draft,
        cms_never=never,
        cms_unpublished=unpublished,
        cms_members=members,
        cms_standard=standard,
        cms_programme=programme,
        cms_organisation=organisation,
        cms_news_tag=news.tags.get(),
    )


# The cms models in the admin (generated rows, admin_rows.py): organisations and pages are
# for staff and editors; coordinators have no page or organisation permission.
ADMIN_MODELS = {
    "cms.organisation": AdminModel(
        lambda world: world.objects["cms_organisation"], staff_only=True
    ),
    "cms.newstag": AdminModel(lambda world: world.objects["cms_news_tag"], staff_only=True),
    **{
        label: AdminModel(lambda world, key=key: world.objects[key], staff_only=True)
        for label, key in (
            ("cms.homepage", "cms_home"),
            ("cms.standardpage", "cms_standard"),
            ("cms.newsindexpage", "cms_index"),
            ("cms.newspage", "cms_unpublished"),
            ("cms.programmepage", "cms_programme"),
        )
    },
}


def _page_path(page):
    # url_path is "/home/news/slug/" under the site root "/home/": serve as /en/news/slug/.
    site_root = Site.objects.get(is_default_site=True).root_page
    return "/en/" + page.url_path[len(site_root.url_path) :]


def page(key):
    def build(world):
        return _page_path(Page.objects.get(pk=world.objects[key].pk))

    return build


def snippet_url(key, name, with_pk=True):
    def build(world):
        if with_pk:
            return reverse(name, args=[world.objects[key].pk])
        return reverse(name)

    return build


def org_url(name, with_pk=True):
    return snippet_url("cms_organisation", name, with_pk)


def tag_url(name, with_pk=True):
    return snippet_url("cms_news_tag", name, with_pk)


def lists_only_public(*required):
    """The body names the public pages (``required``) and none of the hidden ones."""

    def check(world, role, response):
        # Search results highlight the query: <mark>Zebracorn</mark> public news.
        body = re.sub(r"</?mark>", "", response.content.decode())
        for marker in required:
            assert marker in body, f"{role}: {marker!r} missing"
        for marker in HIDDEN_MARKERS:
            assert marker not in body, f"{role}: {marker!r} listed"

    return check


def shows_published_version(world, role, response):
    body = response.content.decode()
    assert f"{TERM} public news" in body, role
    assert f"{TERM} secret draft change" not in body, role


def organisation_kept(world, role, response):
    from cms.models import Organisation

    organisation = world.objects["cms_organisation"]
    if role != STAFF:
        assert Organisation.objects.filter(pk=organisation.pk).exists(), role
        assert Organisation.objects.get(pk=organisation.pk).name == organisation.name, role


def news_tag_kept(world, role, response):
    from cms.models import NewsTag

    tag = world.objects["cms_news_tag"]
    if role != STAFF:
        assert NewsTag.objects.filter(pk=tag.pk, name=tag.name).exists(), role


# The Organisation snippet admin: staff only (coordinators have access_admin but no
# organisation permission, so Wagtail redirects them to the admin home).
STAFF_ONLY = logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200)

ROWS = [
    # The language chooser redirects everyone to a language home.
    Row("choose_language", "/", expect(Redirect("/en/"))),
    Row(
        "sitemap",
        "/sitemap.xml",
        expect(200),
        check=lists_only_public("/en/news/zebracorn-public-news/", "/en/zebracorn-standard/"),
    ),
    Row("robots_txt", "/robots.txt", expect(200)),
    # The page editor's news tag suggestions; for people who edit pages (staff here).
    Row("news_tag_autocomplete", "/admin/tag-autocomplete/cms/newstag/?term=Zeb", STAFF_ONLY),
    # The page editor's slug from the server; for people who edit pages (staff here).
    Row("kohorta_slug", "/admin/kohorta/slug/?title=Охрид&parent=1", STAFF_ONLY),
    Row(
        "cms:news_feed",
        "/en/news/feed/",
        expect(200),
        check=lists_only_public(f"{TERM} public news"),
    ),
    Row(
        "cms:search",
        f"/en/search/?q={TERM}",
        expect(200),
        check=lists_only_public(*PUBLIC_MARKERS),
    ),
    # The draft changes of a live page are not searchable.
    Row("cms:search", "/en/search/?q=secret", expect(200), check=lists_only_public()),
    # Wagtail pages through the catch-all (group "wagtail pages").
    Row("wagtail pages: news index", "/en/news/", expect(200), check=lists_only_public()),
    Row(
        "wagtail pages: news article",
        page("cms_news"),
        expect(200),
        check=shows_published_version,
    ),
    Row("wagtail pages: standard page", page("cms_standard"), expect(200)),
    Row("wagtail pages: programme page", page("cms_programme"), expect(200)),
    Row("wagtail pages: unpublished draft", page("cms_draft"), expect(404)),
    Row("wagtail pages: never published", page("cms_never"), expect(404)),
    Row("wagtail pages: unpublished", page("cms_unpublished"), expect(404)),
    Row(
        "wagtail pages: login-restricted",
        page("cms_members"),
        logged_in(200, anonymous=LOGIN),
    ),
    Row("wagtail pages: missing page", "/en/no-such-page/", expect(404)),
    # The Organisation snippet admin ----------------------------------------------------
    Row(
        "wagtailsnippets_cms_organisation:list",
        org_url("wagtailsnippets_cms_organisation:list", with_pk=False),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:list_results",
        org_url("wagtailsnippets_cms_organisation:list_results", with_pk=False),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:add",
        org_url("wagtailsnippets_cms_organisation:add", with_pk=False),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:edit",
        org_url("wagtailsnippets_cms_organisation:edit"),
        STAFF_ONLY,
    ),
    Row(
        "POST wagtailsnippets_cms_organisation:edit",
        org_url("wagtailsnippets_cms_organisation:edit"),
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=302),
        method="POST",
        data={"name": "Renamed by an intruder", "country": "MK", "website": ""},
        check=organisation_kept,
    ),
    Row(
        "wagtailsnippets_cms_organisation:delete",
        org_url("wagtailsnippets_cms_organisation:delete"),
        STAFF_ONLY,
    ),
    Row(
        "POST wagtailsnippets_cms_organisation:delete",
        org_url("wagtailsnippets_cms_organisation:delete"),
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=302),
        method="POST",
        check=organisation_kept,
    ),
    Row(
        "wagtailsnippets_cms_organisation:usage",
        org_url("wagtailsnippets_cms_organisation:usage"),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:history",
        org_url("wagtailsnippets_cms_organisation:history"),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:history_results",
        org_url("wagtailsnippets_cms_organisation:history_results"),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_cms_organisation:copy",
        org_url("wagtailsnippets_cms_organisation:copy"),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippetchoosers_cms_organisation:choose",
        org_url("wagtailsnippetchoosers_cms_organisation:choose", with_pk=False),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippetchoosers_cms_organisation:choose_results",
        org_url("wagtailsnippetchoosers_cms_organisation:choose_results", with_pk=False),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippetchoosers_cms_organisation:chosen",
        org_url("wagtailsnippetchoosers_cms_organisation:chosen"),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippetchoosers_cms_organisation:chosen_multiple",
        lambda world: (
            reverse("wagtailsnippetchoosers_cms_organisation:chosen_multiple")
            + f"?id={world.objects['cms_organisation'].pk}"
        ),
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippetchoosers_cms_organisation:create",
        org_url("wagtailsnippetchoosers_cms_organisation:create", with_pk=False),
        STAFF_ONLY,
    ),
    # The NewsTag snippet admin: like organisations, for staff and editors ---------------
    *[
        Row(
            f"wagtailsnippets_cms_newstag:{view}",
            tag_url(f"wagtailsnippets_cms_newstag:{view}", pk),
            STAFF_ONLY,
        )
        for view, pk in (
            ("list", False),
            ("list_results", False),
            ("add", False),
            ("edit", True),
            ("delete", True),
            ("usage", True),
            ("history", True),
            ("history_results", True),
            ("copy", True),
        )
    ],
    Row(
        "POST wagtailsnippets_cms_newstag:edit",
        tag_url("wagtailsnippets_cms_newstag:edit"),
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=302),
        method="POST",
        data={"name": "Renamed by an intruder", "slug": "renamed"},
        check=news_tag_kept,
    ),
    Row(
        "POST wagtailsnippets_cms_newstag:delete",
        tag_url("wagtailsnippets_cms_newstag:delete"),
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=302),
        method="POST",
        check=news_tag_kept,
    ),
    *[
        Row(
            f"wagtailsnippetchoosers_cms_newstag:{view}",
            tag_url(f"wagtailsnippetchoosers_cms_newstag:{view}", pk),
            STAFF_ONLY,
        )
        for view, pk in (
            ("choose", False),
            ("choose_results", False),
            ("chosen", True),
            ("create", False),
        )
    ],
    Row(
        "wagtailsnippetchoosers_cms_newstag:chosen_multiple",
        lambda world: (
            reverse("wagtailsnippetchoosers_cms_newstag:chosen_multiple")
            + f"?id={world.objects['cms_news_tag'].pk}"
        ),
        STAFF_ONLY,
    ),
]
