"""Sign-up, e-mail verification, login, logout, password reset and the profile page."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cohorts.models import User
from tests.factories.cohorts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "marija@example.org",
    "password1": "Biblioteka-2026!",
    "password2": "Biblioteka-2026!",
    "full_name": "Marija Nikolovska",
    "country": "MK",
    "organisation": "Bitola Public Library",
    "preferred_language": "mk",
}


def _png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_signup_creates_person_and_sends_verification(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="marija@example.org")
    assert (user.full_name, user.country.code, user.organisation, user.preferred_language) == (
        "Marija Nikolovska",
        "MK",
        "Bitola Public Library",
        "mk",
    )
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()


def test_login_before_verification_is_held_then_verification_lets_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body).group(
        1
    )
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "marija@example.org", "password": "Biblioteka-2026!"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    client.post(link)
    response = client.post(
        reverse("account_login"), {"login": "marija@example.org", "password": "Biblioteka-2026!"}
    )
    assert response["Location"] == reverse("dashboard")


def test_signup_with_used_email_answers_as_for_a_new_one_and_mails_the_owner(client):
    """Enumeration prevention: the page never says the address is taken."""
    UserFactory(email="marija@example.org")
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "Marija@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="marija@example.org").count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["marija@example.org"], "[Kohorta] You already have an account")
    ]


def test_signup_with_missing_name_keeps_what_was_typed(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "This field is required." in content
    assert 'value="Bitola Public Library"' in content
    assert not User.objects.filter(email="marija@example.org").exists()


def test_login_with_wrong_password_says_so(client):
    UserFactory(email="vesna@example.org")
    response = client.post(
        reverse("account_login"), {"login": "vesna@example.org", "password": "no"}
    )
    assert response.status_code == 200
    assert (
        "The email address and/or password you specified are not correct."
        in response.content.decode()
    )


def test_login_and_logout(client):
    UserFactory(email="vesna@example.org")
    response = client.post(
        reverse("account_login"), {"login": "vesna@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_flow(client):
    UserFactory(email="vesna@example.org")
    client.post(reverse("account_reset_password"), {"email": "vesna@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/]+(/accounts/password/reset/key/[^\s]+)", mail.outbox[0].body
    ).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "New-Password-77", "password2": "New-Password-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="vesna@example.org").check_password("New-Password-77")


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_saves_fields_and_photo(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("cohorts:profile"),
        {
            "full_name": "Nina Kranjc",
            "country": "SI",
            "organisation": "Celje Library",
            "languages": ["sl", "en"],
            "preferred_language": "sl",
            "bio": "Makerspaces.",
            "photo": SimpleUploadedFile("me.png", _png(), "image/png"),
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.languages, user.preferred_language) == (
        "Nina Kranjc",
        ["sl", "en"],
        "sl",
    )
    assert re.fullmatch(r"people/photos/[0-9a-f]{32}\.png", user.photo.name)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("me.png", b"<html>not an image</html>", "image/png"),
            "Upload a valid image.",
        ),
        (
            SimpleUploadedFile(
                "me.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "image/svg+xml",
            ),
            "Upload a valid image.",
        ),
    ],
)
def test_profile_refuses_non_images_and_keeps_input(client, upload, message):
    user = UserFactory(full_name="Before")
    client.force_login(user)
    response = client.post(
        reverse("cohorts:profile"),
        {"full_name": "After", "preferred_language": "en", "bio": "Kept text", "photo": upload},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Kept text" in content
    user.refresh_from_db()
    assert (user.full_name, user.photo.name) == ("Before", "")


def test_profile_refuses_50_mb_photo(client, settings):
    user = UserFactory()
    client.force_login(user)
    big = SimpleUploadedFile("big.png", _png() + b"\0" * (50 * 1024 * 1024), "image/png")
    response = client.post(
        reverse("cohorts:profile"),
        {"full_name": "Big", "preferred_language": "en", "photo": big},
    )
    assert response.status_code == 200
    assert "the largest allowed is 5.0\xa0MB" in response.content.decode()
    user.refresh_from_db()
    assert user.photo.name == ""


def test_profile_refuses_decompression_bomb(client):
    user = UserFactory()
    client.force_login(user)
    bomb = SimpleUploadedFile("bomb.png", _png((6000, 6000)), "image/png")
    response = client.post(
        reverse("cohorts:profile"), {"full_name": "B", "preferred_language": "en", "photo": bomb}
    )
    assert response.status_code == 200
    assert "The photo has too many pixels (6000×6000)." in response.content.decode()


def test_staff_can_reach_two_factor_setup(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_language_form_changes_a_signed_in_persons_language(client):
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    response = client.post(
        reverse("set_language"), {"language": "mk", "next": reverse("dashboard")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    person.refresh_from_db()
    assert person.preferred_language == "mk"
    # The dashboard has no language prefix: it follows the profile, now in Macedonian.
    assert 'lang="mk"' in client.get(reverse("dashboard")).content.decode()


def test_language_form_ignores_unknown_languages_and_anonymous_visitors(client):
    person = UserFactory(preferred_language="pl")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    client.get(reverse("set_language"), {"language": "mk"})
    person.refresh_from_db()
    assert person.preferred_language == "pl"
    client.logout()
    response = client.post(reverse("set_language"), {"language": "bg", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "bg"
