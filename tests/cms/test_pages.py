import copy
import datetime
import json
from pathlib import Path

import pytest
from wagtail import hooks

from cms.models import ProgrammeOrganisation
from cohorts.enums import CohortStatus
from tests.factories.cms import (
    add_news,
    add_organisation,
    add_programme_page,
    build_site,
    translate,
)
from tests.factories.cohorts import CohortFactory, ProgrammeFactory
from tests.factories.images import make_image

pytestmark = pytest.mark.django_db


def test_programme_page_lists_public_cohorts_and_localised_organisations(client):
    homes, indexes = build_site(("en", "mk"))
    programme = ProgrammeFactory(name="INELI Balkans")
    CohortFactory(programme=programme, name="2025–2027", starts_on=datetime.date(2025, 9, 1))
    CohortFactory(programme=programme, name="Next round", status=CohortStatus.DRAFT)
    CohortFactory(name="Other programme's cohort")
    belgrade = add_organisation("Belgrade City Library", country="RS")
    translated = belgrade.copy_for_translation(homes["mk"].locale)
    translated.name = "Градска библиотека Белград"
    translated.save()
    jara = add_organisation("Zavod JARA", country="SI")
    page = add_programme_page(
        homes["en"],
        programme,
        ambassador_organisations=[
            ProgrammeOrganisation(organisation=belgrade, sort_order=0),
            ProgrammeOrganisation(organisation=jara, sort_order=1),
        ],
    )
    translate(page, "mk", "INELI Балкан")

    english = client.get("/en/ineli-balkans/")
    macedonian = client.get("/mk/ineli-balkan/")

    assert [c.name for c in english.context["cohorts"]] == ["2025–2027"]
    assert [o.name for o in english.context["organisations"]] == [
        "Belgrade City Library",
        "Zavod JARA",
    ]
    assert [o.name for o in macedonian.context["organisations"]] == [
        "Градска библиотека Белград",
        "Zavod JARA",
    ]
    assert "Serbia" in english.content.decode()


def test_home_page_shows_latest_three_news_and_programmes(client):
    homes, indexes = build_site()
    for day in range(1, 6):
        add_news(indexes["en"], f"News {day}", date=datetime.date(2026, 1, day))
    add_programme_page(homes["en"], ProgrammeFactory(), title="INELI Balkans")

    response = client.get("/en/")

    assert [c.page.title for c in response.context["latest_news"]] == ["News 5", "News 4", "News 3"]
    assert [p.title for p in response.context["programmes"]] == ["INELI Balkans"]


def test_home_page_without_news_or_programmes_renders_no_empty_sections(client):
    build_site()

    html = client.get("/en/").content.decode()

    assert 'id="latest-news"' not in html
    assert 'id="programmes"' not in html


def test_home_page_renders_sections_from_other_apps_hooks(client, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    build_site()

    def next_meeting(request, page):
        return [{"template": "cms_tests/section.html", "order": 5, "text": "Athens, 2027"}]

    def nothing(request, page):
        return []

    with (
        hooks.register_temporarily("kohorta_home_sections", next_meeting),
        hooks.register_temporarily("kohorta_home_sections", nothing),
    ):
        html = client.get("/en/").content.decode()

    assert '<p class="test-section">Athens, 2027</p>' in html


def test_news_page_renders_every_block(client):
    homes, indexes = build_site()
    image = make_image("Sofia")
    body = [
        {"type": "heading", "value": "The programme"},
        {"type": "paragraph", "value": "<p>Rich <b>text</b></p>"},
        {"type": "quote", "value": {"quote": "One network.", "attribution": "An innovator"}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "Sofia", "caption": "2016"}},
    ]
    add_news(indexes["en"], "Blocks", body=json.dumps(body))

    html = client.get("/en/news/blocks/").content.decode()

    assert "<h2>The programme</h2>" in html
    assert "<p>Rich <b>text</b></p>" in html
    assert (
        "<blockquote><p>One network.</p></blockquote><figcaption>— An innovator</figcaption>"
        in html
    )
    assert 'type="image/webp"' in html
    assert 'alt="Sofia"' in html
    assert 'loading="lazy"' in html
    assert "srcset=" in html
    assert "<figcaption>2016</figcaption>" in html


def test_news_page_has_open_graph_and_twitter_meta(client):
    homes, indexes = build_site()
    add_news(indexes["en"], "Awards", intro="Five projects win.")

    html = client.get("/en/news/awards/").content.decode()

    assert '<meta property="og:title" content="Awards">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://testserver/en/news/awards/">' in html
    assert '<meta property="og:description" content="Five projects win.">' in html
    assert '<meta name="twitter:card" content="summary">' in html
