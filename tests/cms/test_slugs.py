import pytest

from cms.slugs import ascii_slug, slug_for
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


@pytest.mark.parametrize(
    ("language", "title", "slug"),
    [
        ("mk", "Ѓорѓи и Ќерка во Охрид", "gjorgji-i-kjerka-vo-ohrid"),
        ("mk", "Џамија, Ѕвезда, Хотел", "dzhamija-dzvezda-hotel"),
        ("bg", "Щастие в Ъгъла", "shtastie-v-agala"),
        ("bg", "Юбилей на Пловдив", "yubiley-na-plovdiv"),
        ("sr", "Ђорђе и Ћирилица", "djordje-i-cirilica"),
        ("sr-latn", "Đorđe i ćirilica", "djordje-i-cirilica"),
        ("el", "Βιβλιοθήκες της Θεσσαλονίκης", "vivliothikes-tis-thessalonikis"),
        ("el", "Πού είναι η Χαλκιδική", "pou-einai-i-chalkidiki"),
        ("hr", "Čakovec i Đakovo", "cakovec-i-dakovo"),
    ],
)
def test_slug_transliterates_as_the_language_does(language, title, slug):
    assert slug_for(title, language) == slug


def test_admin_slug_endpoint_uses_the_pages_language(client):
    from tests.factories.cohorts import UserFactory

    homes, indexes = build_site(("en", "mk"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    new = client.get(f"/admin/kohorta/slug/?title=Хотел Ќерка&parent={indexes['mk'].pk}")
    english = client.get(f"/admin/kohorta/slug/?title=Хотел&parent={indexes['en'].pk}")

    assert new.json() == {"slug": "hotel-kjerka"}
    assert english.json() == {"slug": "khotel"}


def test_admin_slug_endpoint_refuses_people_who_edit_no_page(client):
    from tests.factories.cohorts import UserFactory

    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/kohorta/slug/?title=x").status_code == 302


def localize_translate(page, code, texts, capture):
    from kohorta.translating import translate as wagtail_localize_translate
    from tests.factories.cms import locale

    with capture(execute=True):
        translated = wagtail_localize_translate(page, locale(code), texts)
    translated.refresh_from_db()
    return translated.specific


def test_wagtail_localize_translation_gets_slug_from_translated_title(
    django_capture_on_commit_callbacks,
):
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "Libraries of Ohrid")

    translated = localize_translate(
        article, "mk", {"title": "Ѓурѓа и Џеј во Охрид"}, django_capture_on_commit_callbacks
    )

    assert translated.title == "Ѓурѓа и Џеј во Охрид"
    assert translated.slug == "gjurgja-i-dzhej-vo-ohrid"
    assert translated.live
    assert translated.url == "/mk/news/gjurgja-i-dzhej-vo-ohrid/"
    article.refresh_from_db()
    assert article.slug == "libraries-of-ohrid"


def test_wagtail_localize_slug_stays_unique_among_siblings(django_capture_on_commit_callbacks):
    homes, indexes = build_site(("en", "mk"))
    add_news(indexes["mk"], "Охрид")
    article = add_news(indexes["en"], "Ohrid meeting")

    translated = localize_translate(
        article, "mk", {"title": "Охрид"}, django_capture_on_commit_callbacks
    )

    assert translated.slug == "ohrid-2"


def test_wagtail_localize_slug_given_by_the_translator_is_kept(
    django_capture_on_commit_callbacks,
):
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "Ohrid meeting")

    translated = localize_translate(
        article,
        "mk",
        {"title": "Средба во Охрид", "slug": "ohrid-meeting"},
        django_capture_on_commit_callbacks,
    )

    assert translated.slug == "ohrid-meeting"


def test_wagtail_localize_update_keeps_the_translated_slug(django_capture_on_commit_callbacks):
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "Ohrid meeting")
    localize_translate(article, "mk", {"title": "Средба"}, django_capture_on_commit_callbacks)

    again = localize_translate(
        article, "mk", {"title": "Средба во Охрид"}, django_capture_on_commit_callbacks
    )

    # The slug was already the translation's own: a retitled translation keeps its URL.
    assert again.title == "Средба во Охрид"
    assert again.slug == "sredba"


def test_translation_made_in_code_keeps_the_slug_it_was_given():
    homes, indexes = build_site(("en", "mk"))
    article = add_news(indexes["en"], "About", slug="about")

    translated = translate(article, "mk", "За нас", slug="about")

    assert translated.slug == "about"
