"""Public-site trees for tests: a home page per language, a news index and articles."""

import datetime
import json

from wagtail.models import Locale, Page, Site

from cms import services
from cms.models import HomePage, NewsIndexPage, NewsPage, ProgrammePage


def locale(code):
    return Locale.objects.get(language_code=code)


def root_page():
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale("en")))
    return root


def build_site(languages=("en",)):
    """Home and news index in each of ``languages`` (the first is the site root)."""
    root = root_page()
    Site.objects.all().delete()
    # Wagtail's migrations leave a welcome page (slug "home") under the root: ours replaces it.
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = services.add_page(
        parent=root, page=HomePage(title="Kohorta", slug="home", locale=locale("en")), by=None
    )
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Kohorta"
    )
    index = services.add_page(
        parent=home,
        page=NewsIndexPage(title="News", slug="news", locale=locale("en")),
        by=None,
    )
    homes, indexes = {"en": home}, {"en": index}
    for code in languages:
        if code == "en":
            continue
        homes[code] = services.translate_page(
            page=home, locale=locale(code), by=None, title=f"Kohorta {code}", slug=f"home-{code}"
        )
        indexes[code] = services.translate_page(
            page=index, locale=locale(code), by=None, title=f"News {code}", slug="news"
        )
    return homes, indexes


def body(text="Body text."):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


def add_news(index, title, *, date=datetime.date(2026, 5, 1), intro="Intro.", tags=(), **fields):
    page = NewsPage(
        title=title,
        date=date,
        intro=intro,
        author=fields.pop("author", "Future Library"),
        body=fields.pop("body", body()),
        locale=index.locale,
        **fields,
    )
    page.tags.set(list(tags))
    return services.add_page(parent=index, page=page, by=None)


def translate(page, code, title, **fields):
    return services.translate_page(page=page, locale=locale(code), by=None, title=title, **fields)


def add_organisation(name, code="en", **fields):
    return services.save_organisation(by=None, locale=locale(code), name=name, **fields)


def add_programme_page(home, programme, title="INELI Balkans", **fields):
    return services.add_page(
        parent=home,
        page=ProgrammePage(title=title, programme=programme, locale=home.locale, **fields),
        by=None,
    )
