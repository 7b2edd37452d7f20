"""The public face: favicon, titles without repetition, programme branding, funded projects."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.cms import add_programme_page, build_site
from tests.factories.cohorts import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _title(html):
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_home_page_titled_like_the_site_is_not_repeated(client):
    homes, _indexes = build_site(("en",))
    homes["en"].title = "Kohorta"
    homes["en"].save_revision().publish()
    assert _title(client.get("/en/").content.decode()) == "Kohorta"


def test_other_pages_keep_the_site_suffix(client):
    homes, _indexes = build_site(("en",))
    add_programme_page(homes["en"], ProgrammeFactory(), title="INELI Balkans")
    html = client.get("/en/ineli-balkans/").content.decode()
    assert _title(html) == "INELI Balkans · Kohorta"


def test_pages_link_a_favicon(client):
    build_site(("en",))
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/kohorta/favicon.svg" type="image/svg+xml">' in html


def test_home_links_each_programme_funded_projects_and_shows_its_logo(client):
    homes, _indexes = build_site(("en",))
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), (122, 31, 92)).save(buffer, format="PNG")
    programme = ProgrammeFactory(
        slug="ineli-balkans",
        accent_colour="#7A1F5C",
        logo=SimpleUploadedFile("logo.png", buffer.getvalue()),
    )
    add_programme_page(homes["en"], programme, title="INELI Balkans")
    html = client.get("/en/").content.decode()
    assert '<a href="/grants/funded/ineli-balkans/">Funded projects</a>' in html
    assert f'src="{programme.logo.url}"' in html
    assert 'fill="#7A1F5C"' in html  # an SVG fill: the CSP allows no inline style
    assert "style=" not in html
    page = client.get("/en/ineli-balkans/").content.decode()
    assert f'<img class="programme-head__logo" src="{programme.logo.url}" alt="' in page
