"""``kohorta.translatable.localize``: source objects shown in the reader's language."""

import pytest
from django.utils import translation
from wagtail.models import Page

from kohorta.translatable import localize, localize_one
from tests.factories.cms import build_site

pytestmark = pytest.mark.django_db


def _pages():
    homes, indexes = build_site(languages=("en", "mk"))
    # A page with no Macedonian translation: the English one is shown, marked as English.
    return homes, indexes, Page.objects.get(pk=indexes["en"].pk)


def test_each_object_gets_its_translation_in_the_active_locale_in_one_query(
    django_assert_num_queries,
):
    homes, indexes, _ = _pages()
    sources = [Page.objects.get(pk=homes["en"].pk), Page.objects.get(pk=indexes["en"].pk)]
    with translation.override("mk"), django_assert_num_queries(2):  # the locale, the rows
        localize(sources)

    assert [obj.tr.title for obj in sources] == ["Kohorta mk", "News mk"]
    assert [obj.tr_fallback for obj in sources] == [None, None]


def test_a_missing_translation_falls_back_to_the_source_and_says_which_language():
    homes, indexes, _ = _pages()
    indexes["mk"].delete()
    source = Page.objects.get(pk=indexes["en"].pk)
    with translation.override("mk"):
        localize_one(source)

    assert source.tr.title == "News"
    assert source.tr_fallback == "en"


def test_objects_already_in_the_reader_language_cost_no_query(django_assert_num_queries):
    homes, _, _ = _pages()
    page = Page.objects.get(pk=homes["mk"].pk)
    with translation.override("mk"):
        from wagtail.models import Locale

        mk = Locale.objects.get(language_code="mk")
        with django_assert_num_queries(0):
            localize([page], mk)

    assert page.tr is page and page.tr_fallback is None


def test_nothing_to_localize():
    assert localize([]) == []
    assert localize_one(None) is None
