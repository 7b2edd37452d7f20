import pytest

from cms.slugs import ascii_slug
from tests.factories.cms import add_news, build_site, translate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Библиотеките", "bibliotekite"),
        ("Мрежата е основана во Солун", "mrezhata-e-osnovana-vo-solun"),
        ("Βιβλιοθήκες της Αθήνας", "bibliothekes-tes-athenas"),
        ("Polscy bibliotekarze w ILN", "polscy-bibliotekarze-w-iln"),
        ("Derviš Sušić, Tuzla", "dervis-susic-tuzla"),
        ("!!! ???", ""),
    ],
)
def test_ascii_slug_transliterates(title, slug):
    assert ascii_slug(title) == slug


def test_page_with_cyrillic_title_gets_transliterated_slug():
    homes, indexes = build_site()

    page = add_news(indexes["en"], "Библиотеките")

    assert page.slug == "bibliotekite"
    assert page.url == "/en/news/bibliotekite/"


def test_page_title_without_letters_gets_valid_slug():
    homes, indexes = build_site()

    first = add_news(indexes["en"], "!!!")
    second = add_news(indexes["en"], "…")

    assert (first.slug, second.slug) == ("page", "page-2")


def test_non_ascii_slug_from_editor_is_transliterated():
    homes, indexes = build_site()

    page = add_news(indexes["en"], "News", slug="вести")

    assert page.slug == "vesti"


def test_translation_gets_slug_from_translated_title():
    homes, indexes = build_site(("en", "bg"))
    article = add_news(indexes["en"], "Libraries")

    translated = translate(article, "bg", "Библиотеките")

    assert translated.slug == "bibliotekite"
    assert translated.translation_key == article.translation_key


def test_draft_with_cyrillic_title_gets_transliterated_slug():
    from cms import services
    from cms.models import NewsPage

    homes, indexes = build_site()

    page = services.add_page(
        parent=indexes["en"],
        page=NewsPage(
            title="Вести од Скопје",
            date="2026-01-01",
            intro="x",
            body="[]",
            locale=indexes["en"].locale,
        ),
        by=None,
        publish=False,
    )

    assert (page.live, page.slug) == (False, "vesti-od-skopje")
