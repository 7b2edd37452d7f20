import io
import random

import pytest
from wagtail.models import Page

from cms import demo as cms_demo
from cms.models import HomePage, NewsPage, Organisation, ProgrammePage
from cohorts import demo as cohorts_demo
from tests.factories.cms import root_page
from tests.factories.images import root_collection

pytestmark = pytest.mark.django_db


def seed():
    context = {}
    out = io.StringIO()
    cohorts_demo.seed(rng=random.Random("2015:cohorts.demo"), scale=1, stdout=out, context=context)
    cms_demo.seed(rng=random.Random("2015:cms.demo"), scale=1, stdout=out, context=context)
    return context


def counts():
    return (
        Page.objects.count(),
        NewsPage.objects.count(),
        Organisation.objects.count(),
        sorted(HomePage.objects.values_list("locale__language_code", flat=True)),
    )


def test_demo_builds_site_in_four_languages_and_is_idempotent(client):
    root_page()
    root_collection()
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first[3] == ["bg", "en", "mk", "pl"]
    assert NewsPage.objects.values("translation_key").distinct().count() == 14
    for code in ("mk", "pl", "bg"):
        assert NewsPage.objects.filter(locale__language_code=code).exists()
    assert Organisation.objects.filter(locale__language_code="en").count() == 11
    assert ProgrammePage.objects.filter(locale__language_code="en").count() == 2
    single_language = [
        page for page in NewsPage.objects.all() if not page.get_translations().exists()
    ]
    assert len(single_language) >= 3
    for code in ("en", "mk", "pl", "bg"):
        assert client.get(f"/{code}/").status_code == 200
        assert client.get(f"/{code}/news/").status_code == 200
        assert client.get(f"/{code}/news/feed/").status_code == 200
    ineli = client.get("/mk/ineli-balkans/")
    assert len(ineli.context["organisations"]) == 11
