"""A programme's branding, set in the Wagtail admin: logo, accent colour, names, signatory."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cohorts.branding import branding_for, email_branding
from cohorts.models import Programme
from cohorts.validators import contrast_ratio, validate_accent_colour
from tests.factories.cohorts import ProgrammeFactory, UserFactory
from tests.trust.matrix import close_response

pytestmark = pytest.mark.django_db


def image_upload(name="logo.png", image_format="PNG", size=(120, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 92, 173)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), f"image/{image_format.lower()}")


def _data(programme, **changes):
    data = {
        "name": programme.name,
        "slug": programme.slug,
        "description": "",
        "website": "",
        "accent_colour": "#0B5CAD",
        "signatory_name": "",
        "signatory_title": "",
        "funders_text": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def staff(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    return admin


def test_contrast_ratio_of_black_and_white_is_21():
    assert contrast_ratio("#000000") == 21
    assert round(contrast_ratio("#0b5cad"), 2) == 6.67


@pytest.mark.parametrize("colour", ["#FFD700", "#999999", "#7FBFFF"])
def test_accent_colour_refused_below_aa_contrast(colour):
    with pytest.raises(ValidationError) as caught:
        validate_accent_colour(colour)
    assert caught.value.code == "low_contrast"


def test_accent_colour_in_wrong_format_refused():
    with pytest.raises(ValidationError) as caught:
        validate_accent_colour("navy")
    assert caught.value.code == "format"


def test_admin_refuses_low_contrast_accent_next_to_the_field(client, staff):
    programme = ProgrammeFactory(name="INELI Balkans")
    response = client.post(
        reverse("programmes:edit", args=[programme.pk]), _data(programme, accent_colour="#FFD700")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "accent_colour": [
            "#FFD700 has a contrast of 1.40:1 on white; text needs at least 4.5:1 (WCAG AA). "
            "Choose a darker colour."
        ]
    }
    programme.refresh_from_db()
    assert programme.accent_colour == "#0B5CAD"


def test_admin_saves_branding_with_names_per_language(client, staff):
    programme = ProgrammeFactory(name="INELI Balkans")
    response = client.post(
        reverse("programmes:edit", args=[programme.pk]),
        _data(
            programme,
            accent_colour="#7a1f5c",
            name_mk="ИНЕЛИ Балкан",
            name_bg="ИНЕЛИ Балкани",
            signatory_name="Dr Ana Petrova",
            signatory_title="Programme director",
            funders_text="Co-funded by the European Union",
            logo=image_upload(),
            signature=image_upload("signature.jpg", "JPEG"),
        ),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.names == {"mk": "ИНЕЛИ Балкан", "bg": "ИНЕЛИ Балкани"}
    assert programme.accent_colour == "#7A1F5C"
    assert programme.logo.name.startswith("branding/")
    assert programme.signature.name.startswith("signatures/")
    assert programme.name_in("mk") == "ИНЕЛИ Балкан"
    assert programme.name_in("pl") == "INELI Balkans"
    branding = branding_for(programme, "bg", for_pdf=True)
    assert branding.name == "ИНЕЛИ Балкани"
    assert branding.logo.startswith("data:image/png;base64,")
    assert branding.signature.startswith("data:image/jpeg;base64,")


def test_admin_refuses_a_gif_logo(client, staff):
    programme = ProgrammeFactory(name="INELI Balkans")
    response = client.post(
        reverse("programmes:edit", args=[programme.pk]),
        _data(programme, logo=image_upload("logo.gif", "GIF")),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": ["Upload a PNG or JPEG image."]}
    assert not Programme.objects.get(pk=programme.pk).logo


def test_admin_refuses_a_logo_that_is_not_an_image(client, staff):
    programme = ProgrammeFactory(name="INELI Balkans")
    response = client.post(
        reverse("programmes:edit", args=[programme.pk]),
        _data(programme, logo=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["logo"]


def test_signatures_are_not_served_as_public_media(client, staff, settings):
    programme = ProgrammeFactory(name="INELI Balkans")
    client.post(
        reverse("programmes:edit", args=[programme.pk]),
        _data(programme, signature=image_upload("s.png"), logo=image_upload()),
    )
    programme.refresh_from_db()
    client.logout()
    response = client.get(programme.logo.url)
    assert response.status_code == 200
    close_response(response)
    assert client.get(programme.signature.url).status_code == 404


def test_email_branding_signature_block():
    from django.template.loader import render_to_string

    programme = ProgrammeFactory(
        name="INELI Balkans",
        names={"mk": "ИНЕЛИ Балкан"},
        signatory_name="Ana Petrova",
        signatory_title="Director",
        website="https://ineli.example.org",
    )
    text = render_to_string("cohorts/email/branding_signature.txt", email_branding(programme, "mk"))
    assert text == "-- \nAna Petrova, Director\nИНЕЛИ Балкан\nhttps://ineli.example.org"


def test_set_programme_branding_service_validates_and_refuses_non_superusers():
    from cohorts import services

    programme = ProgrammeFactory(name="INELI Balkans")
    with pytest.raises(ValidationError) as caught:
        services.set_programme_branding(programme=programme, by=None, accent_colour="#FFFF00")
    assert list(caught.value.message_dict) == ["accent_colour"]
    with pytest.raises(PermissionDenied):
        services.set_programme_branding(
            programme=programme, by=UserFactory(), signatory_name="Somebody"
        )
    services.set_programme_branding(
        programme=programme, by=None, names={"mk": "ИНЕЛИ Балкан"}, signatory_name="Ana Petrova"
    )
    programme.refresh_from_db()
    assert (programme.names, programme.signatory_name) == ({"mk": "ИНЕЛИ Балкан"}, "Ana Petrova")
