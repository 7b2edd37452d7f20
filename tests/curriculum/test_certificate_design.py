"""The certificate as a document: branded landscape A4 in its language; revoked is not valid."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from curriculum import services
from curriculum.certificates import render_certificate_pdf
from curriculum.models import Certificate
from tests.factories.curriculum import earn_certificate


@pytest.fixture
def certificate(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    programme = world["cohort"].programme
    programme.name = "INELI Balkans"
    programme.names = {"mk": "ИНЕЛИ Балкан"}
    programme.signatory_name = "Ana Petrova"
    programme.signatory_title = "Programme director"
    programme.funders_text = "Co-funded by the European Union"
    programme.accent_colour = "#7A1F5C"
    programme.save()
    return earn_certificate(world)


def _text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_certificate_pdf_is_one_landscape_a4_page_with_branding(certificate):
    reader = PdfReader(io.BytesIO(render_certificate_pdf(certificate)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = reader.pages[0].extract_text()
    for expected in (
        "INELI Balkans",
        "Ana Stojanovska",
        "Module 1",
        "Module 3",
        "Ana Petrova",
        "Programme director",
        "Co-funded by the European Union",
        "3 hours",
        "5 March 2026",
        certificate.code,
    ):
        assert expected in text, expected


def test_certificate_names_the_programme_in_its_language(world, certificate):
    Certificate.objects.all().delete()
    world["innovator"].preferred_language = "mk"
    world["innovator"].save()
    mk = services.issue_certificate(
        cohort_course=world["run"], user=world["innovator"], by=world["coordinator"], force=True
    )
    assert mk.details["programme"] == "ИНЕЛИ Балкан"
    assert "ИНЕЛИ Балкан" in _text(render_certificate_pdf(mk))


def test_revoked_certificate_pdf_is_a_page_saying_so(client, world, certificate):
    services.revoke_certificate(
        certificate=certificate, reason="Issued by mistake", by=world["coordinator"]
    )
    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 410
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "This certificate has been revoked" in html
    assert "Issued by mistake" in html


def test_course_page_says_why_the_certificate_link_is_gone(client, world, certificate):
    services.revoke_certificate(
        certificate=certificate, reason="Issued by mistake", by=world["coordinator"]
    )
    client.force_login(world["innovator"])
    html = client.get(world["course"].url).content.decode()
    assert (
        f"Your certificate {certificate.code} was revoked on 5 March 2026, so its download link "
        "has been removed. Reason: Issued by mistake"
    ) in html
    assert reverse("curriculum:certificate_pdf", args=[certificate.code]) not in html


def test_course_page_links_a_valid_certificate(client, world, certificate):
    client.force_login(world["innovator"])
    html = client.get(world["course"].url).content.decode()
    assert reverse("curriculum:certificate_pdf", args=[certificate.code]) in html
