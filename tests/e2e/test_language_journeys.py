"""Serbian, Albanian and Greek readers in a real browser: home, news, a lesson, the
dashboard and a meeting page, each in one language, accessible (axe) and screenshotted
(artifacts/e2e/test_pages_in_one_language-<language>-...)."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cohorts.models import User
from tests.factories.cms import root_page
from tests.factories.images import root_collection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Words of each language's interface that the pages must show, and the English they replace.
EXPECTED = {
    "sr": {"home": "Почетна", "dashboard": "Контролна табла"},
    "sq": {"home": "Kreu", "dashboard": "Paneli"},
    "el": {"home": "Αρχική", "dashboard": "Πίνακας ελέγχου"},
}


def test_pages_in_one_language(visitor):
    root_page()
    root_collection()
    call_command("seed_demo", stdout=io.StringIO())
    lesson = Page.objects.live().filter(content_type__model="lessonpage").first()
    meeting = Page.objects.live().filter(slug="ineli-belgrade-2027").first()
    innovator = User.objects.get(email="innovator@example.org")
    for language, words in EXPECTED.items():
        innovator.preferred_language = language
        innovator.save(update_fields=["preferred_language"])
        me = visitor(language, user=innovator)
        lesson_path = re.sub(r"^/[^/]+/", f"/{language}/", lesson.url)
        for path in (
            f"/{language}/",
            f"/{language}/news/",
            lesson_path,
            "/dashboard/",
            f"/{language}/{meeting.slug}/",
        ):
            page = me.visit(path)
            assert page.locator("html").get_attribute("lang") == language, path
            assert page.locator(".site-nav").count() == 1, path
        page = me.visit(f"/{language}/")
        assert words["home"] in page.locator(".site-nav").inner_text()
        page = me.visit("/dashboard/")
        assert words["dashboard"] in page.locator(".site-nav").inner_text()
