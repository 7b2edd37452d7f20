"""Security headers, the Content-Security-Policy, login rate limits and two-factor enforcement."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from cohorts.enums import Role
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db

SITE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self' https://www.youtube-nocookie.com "
    "https://www.youtube.com https://player.vimeo.com; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)


def _directives(response):
    """The policy's directives as a set: django-csp does not keep their order."""
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def _policy(response):
    return "; ".join(sorted(_directives(response)))


def test_site_pages_get_the_strict_policy_without_inline_script(client):
    user = UserFactory()
    client.force_login(user)
    for path in ("/dashboard/", "/profile/", "/accounts/email/", "/profile/delete/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _policy(response) == "; ".join(sorted(SITE_POLICY.split("; "))), path
        body = response.content.decode()
        assert "<script>" not in body and " style=" not in body and "onclick" not in body, path


def test_login_page_gets_the_strict_policy(client):
    response = client.get(reverse("account_login"))
    assert "script-src 'self'" in _directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_wagtail_admin_gets_its_own_looser_policy(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_is_served_inline_as_an_image_with_nosniff(client, settings):
    folder = settings.MEDIA_ROOT / "people" / "photos"
    folder.mkdir(parents=True)
    (folder / "abc.png").write_bytes(_png())
    response = client.get("/media/people/photos/abc.png")
    assert response.status_code == 200
    response.close()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "attachment" not in response.get("Content-Disposition", "")


def test_uploaded_html_is_never_served_as_a_page(client, settings):
    folder = settings.MEDIA_ROOT / "people" / "photos"
    folder.mkdir(parents=True)
    (folder / "evil.html").write_bytes(b"<script>alert(1)</script>")
    (folder / "evil.svg").write_bytes(b"<svg><script>alert(1)</script></svg>")
    for name in ("evil.html", "evil.svg"):
        response = client.get(f"/media/people/photos/{name}")
        response.close()
        assert response["Content-Type"] == "application/octet-stream", name
        assert response["Content-Disposition"].startswith("attachment"), name
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private.pdf",
        "/media/people/photos/../../secret.txt",
        "/media/people/photos/%2e%2e/%2e%2e/secret.txt",
        "/media/people/photos/a%00.png",
        "/media/people/photos/.hidden.png",
        "/media/people/photos/missing.png",
    ],
)
def test_media_outside_public_folders_or_with_tricks_is_404(client, settings, path):
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")
    (settings.MEDIA_ROOT / "secret.txt").write_text("secret")
    response = client.get(path)
    # A NUL is refused before any view (400); everything else is simply not there.
    assert response.status_code == (400 if "%00" in path else 404)


def test_repeated_failed_logins_are_refused(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    UserFactory(email="target@example.org")
    refused = "Too many failed login attempts. Try again later."
    answers = []
    for _attempt in range(7):
        response = client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        )
        answers.append((response.status_code, refused in response.content.decode()))
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": PASSWORD}
    )
    assert answers == [(200, False)] * 5 + [(200, True)] * 2
    # even the right password waits out the limit
    assert (response.status_code, refused in response.content.decode()) == (200, True)
    assert "_auth_user_id" not in client.session
    cache.clear()


@pytest.fixture
def require_2fa(settings):
    settings.KOHORTA_REQUIRE_2FA = True


@pytest.mark.parametrize("role", [Role.JURY, Role.COORDINATOR])
def test_juror_and_coordinator_without_2fa_are_sent_to_set_it_up(client, require_2fa, role):
    user = add_member(CohortFactory(), role)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("dashboard")
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # the set-up page itself is reachable, without the password again (just signed in)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_staff_without_2fa_cannot_use_the_admin(client, require_2fa):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")


def test_innovator_is_not_asked_for_2fa(client, require_2fa):
    client.force_login(add_member(CohortFactory(), Role.INNOVATOR))
    assert client.get("/dashboard/").status_code == 200


def test_juror_with_an_authenticator_passes(client, require_2fa):
    user = add_member(CohortFactory(), Role.JURY)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 200


def test_2fa_is_off_unless_required(client, settings):
    assert settings.KOHORTA_REQUIRE_2FA is False
    client.force_login(add_member(CohortFactory(), Role.JURY))
    assert client.get("/dashboard/").status_code == 200


def test_site_history_is_for_superusers_only(client):
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    response = client.get("/admin/reports/site-history/")
    assert response["Location"] == reverse("wagtailadmin_home")
