"""News tags are translatable snippets (``cms.NewsTag``): articles in every language point
at the source tag, the news pages name it in the reader's language (or mark the fallback
with ``lang``), and ``?tag=<source slug>`` filters in every language."""

import re

import pytest
from django.contrib.auth.models import Group

from cms.models import NewsPageTag, NewsTag
from kohorta.translating import translate as localize_translate
from tests.factories.cms import add_news, build_site, locale, translate
from tests.factories.cohorts import UserFactory

pytestmark = pytest.mark.django_db


def tagged_site():
    homes, indexes = build_site(("en", "mk"))
    sofia = add_news(indexes["en"], "Sofia meeting", tags=["meetings", "awards"])
    translate(sofia, "mk", "Средба во Софија")
    add_news(indexes["en"], "Athens training", tags=["training"])
    meetings = NewsTag.objects.get(name="meetings")
    localize_translate(meetings, locale("mk"), {"name": "средби"})
    return homes, indexes, sofia


def badges(html):
    return re.findall(
        r'<a class="badge" href="[^"]*\?tag=([^"]+)"( lang="[^"]+")?>([^<]+)</a>', html
    )


def test_tags_are_sources_in_the_default_locale_with_ascii_slugs():
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["mk"], "Средба", tags=["Охрид средба"])

    tag = article.tags.get()
    assert tag.locale == locale("en")
    assert tag.slug == "ohrid-sredba"


def test_translated_article_keeps_pointing_at_the_source_tags():
    tagged_site()

    mk_tag = NewsTag.objects.get(name="средби")
    assert mk_tag.locale == locale("mk")
    assert mk_tag.slug == "meetings"  # synchronised with the source
    # Both the English and the Macedonian article point at the English rows only.
    assert set(NewsPageTag.objects.values_list("tag__locale__language_code", flat=True)) == {"en"}
    assert NewsPageTag.objects.filter(tag=mk_tag).count() == 0


def test_a_translated_name_typed_by_an_editor_links_the_source_tag():
    homes, indexes, sofia = tagged_site()
    article = add_news(indexes["mk"], "Нова средба", tags=["средби"])

    assert list(article.tags.all()) == [NewsTag.objects.get(name="meetings")]
    assert NewsTag.objects.filter(name="средби").count() == 1


def test_macedonian_news_index_names_tags_in_macedonian_and_marks_the_fallback(client):
    tagged_site()

    html = client.get("/mk/news/").content.decode()

    shown = badges(html)
    assert ("meetings", "", "средби") in shown
    assert ("awards", ' lang="en"', "awards") in shown
    # The filter lists each tag once, in the reader's language where translated.
    assert '<option value="meetings">средби</option>' in html
    assert '<option value="awards" lang="en">awards</option>' in html
    assert html.count('<option value="meetings"') == 1


def test_english_news_index_is_unchanged(client):
    tagged_site()

    html = client.get("/en/news/").content.decode()

    assert ("meetings", "", "meetings") in badges(html)
    assert "средби" not in html


def test_article_page_names_its_tags_in_the_reader_language(client):
    tagged_site()

    html = client.get("/mk/news/sredba-vo-sofija/").content.decode()

    assert ("meetings", "", "средби") in badges(html)
    assert ("awards", ' lang="en"', "awards") in badges(html)


def test_source_slug_filters_in_every_language(client):
    tagged_site()

    mk = client.get("/mk/news/", {"tag": "meetings"})
    en = client.get("/en/news/", {"tag": "meetings"})

    assert [card.page.title for card in mk.context["news"]] == ["Средба во Софија"]
    assert [card.page.title for card in en.context["news"]] == ["Sofia meeting"]
    assert '<option value="meetings" selected>средби</option>' in mk.content.decode()


def test_editors_can_translate_news_tags_with_wagtail_localize(client):
    tagged_site()
    tag = NewsTag.objects.get(name="training")
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    listing = client.get("/admin/snippets/cms/newstag/")
    translate_url = f"/admin/localize/submit/snippet/cms/newstag/{tag.pk}/"
    form = client.get(translate_url)
    submitted = client.post(translate_url, {"locales": [locale("mk").pk]})

    assert listing.status_code == 200
    assert translate_url in listing.content.decode()
    assert form.status_code == 200
    assert submitted.status_code == 302
    assert tag.get_translation(locale("mk")).slug == "training"


def test_people_without_tag_permissions_cannot_translate_tags(client):
    tagged_site()
    tag = NewsTag.objects.get(name="training")
    client.force_login(UserFactory(is_staff=False))

    response = client.get(f"/admin/localize/submit/snippet/cms/newstag/{tag.pk}/")

    # kohorta.translation_scope answers 404 to whoever may not change the tag.
    assert response.status_code in (302, 403, 404)
    assert not NewsTag.objects.filter(translation_key=tag.translation_key).exclude(pk=tag.pk)


def test_tag_suggestions_are_for_people_who_edit_pages(client):
    tagged_site()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    url = "/admin/tag-autocomplete/cms/newstag/"

    client.force_login(UserFactory(is_staff=False))
    refused = client.get(url, {"term": "с"})
    client.force_login(editor)
    suggested = client.get(url, {"term": "с"})
    english = client.get(url, {"term": "me"})

    assert refused.status_code in (302, 403)
    assert suggested.json() == ["средби"]
    assert english.json() == ["meetings"]
