"""Trust II, sign-in: no page tells whether an address has an
account; rate limits count each client behind the reverse proxy and believe only the
trusted hop; every role that reads other people's data sets up two-factor authentication,
right after signing in, without typing the password again."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from cohorts import services
from cohorts.enums import Role
from cohorts.models import User
from kohorta.middleware import RequireTwoFactorMiddleware
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member
from tests.kohorta.test_settings import PRODUCTION_ENV, _printed_settings

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "marija@example.org",
    "password1": "Biblioteka-2026!",
    "password2": "Biblioteka-2026!",
    "full_name": "Someone Else",
    "country": "MK",
    "organisation": "Bitola Public Library",
    "preferred_language": "en",
}
REFUSED = "Too many failed login attempts. Try again later."
PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the site from it


# -- The same answer whether or not an address has an account -------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="vesna@example.org")
    answers = []
    for email in ("vesna@example.org", "nobody@example.org"):
        response = client.post(reverse("account_reset_password"), {"email": email})
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code))
        assert "not assigned to any user account" not in page.content.decode()
    assert answers == [(302, reverse("account_reset_password_done"), 200)] * 2
    # The owner of the account gets a reset link; the other address learns it has none.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["vesna@example.org"], "[Kohorta] Password Reset Email"),
        (["nobody@example.org"], "[Kohorta] No account with this address"),
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "http://testserver/accounts/signup/" in mail.outbox[1].body


def test_signup_with_a_known_address_emails_its_owner_instead_of_saying_so(client):
    owner = UserFactory(email="marija@example.org", full_name="Marija Nikolovska", country="BG")
    known = client.post(reverse("account_signup"), {**SIGNUP, "email": "Marija@Example.org"})
    client.logout()
    new = client.post(reverse("account_signup"), {**SIGNUP, "email": "ana@example.org"})

    # Both answers are the same: "check your e-mail".
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known["Location"] == reverse("account_email_verification_sent")
    # No second account, and the owner's profile is untouched by the stranger's form.
    assert User.objects.filter(email__iexact="marija@example.org").count() == 1
    owner.refresh_from_db()
    assert (owner.full_name, owner.country.code) == ("Marija Nikolovska", "BG")

    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        ["marija@example.org"],
        "[Kohorta] You already have an account",
    )
    assert message.body.startswith("Hello from Kohorta!\n")
    assert "testserver!" not in message.body
    assert "You already have an account with this address, so no new account was made." in (
        message.body
    )
    assert "http://testserver/accounts/password/reset/" in message.body
    assert [m.to for m in mail.outbox[1:]] == [["ana@example.org"]]


@pytest.fixture
def compiled_kohorta_catalogues(settings, tmp_path):
    """Kohorta's own catalogues compiled into a temporary folder (.mo files are not in git)."""
    source = django_settings.BASE_DIR / "kohorta" / "locale"
    for po_path in source.glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / po_path.relative_to(source).with_suffix(".mo")
        target.parent.mkdir(parents=True)
        with po_path.open("rb") as po_file, target.open("wb") as mo_file:
            write_mo(mo_file, read_po(po_file))
    settings.LOCALE_PATHS = [tmp_path]  # resets Django's loaded catalogues


def test_account_exists_mail_is_in_the_owners_language(client, compiled_kohorta_catalogues):
    UserFactory(email="marija@example.org", preferred_language="mk")
    client.post(reverse("account_signup"), SIGNUP)  # the form is filled in in English
    message = mail.outbox[0]
    assert message.subject == "[Kohorta] Веќе имате сметка"
    assert message.body.startswith("Поздрав од Kohorta!\n")


# -- The client's address behind the reverse proxy --------------------------------------


# Unset, allauth's own defaults apply (no proxy trusted, no header).
SIGN_IN_SETTINGS = [
    "getattr(s, 'ALLAUTH_TRUSTED_PROXY_COUNT', 0)",
    "getattr(s, 'ALLAUTH_TRUSTED_CLIENT_IP_HEADER', None)",
    "s.KOHORTA_REQUIRE_2FA",
    "'/'.join(s.KOHORTA_2FA_ROLES)",
]


@pytest.fixture(scope="module")
def production_sign_in_settings():
    """The sign-in settings production gives without extra environment variables."""
    return _printed_settings(SIGN_IN_SETTINGS)


@pytest.fixture(scope="module")
def production_proxy_count(production_sign_in_settings):
    return int(production_sign_in_settings.split()[0])


def test_production_sign_in_defaults(production_sign_in_settings):
    # One trusted proxy; 2FA on for every role that reads other people's personal data.
    assert production_sign_in_settings == (
        "1 None True mentor/ambassador/jury/observer/coordinator"
    )


def test_sign_in_settings_come_from_the_environment():
    printed = _printed_settings(
        SIGN_IN_SETTINGS,
        env={
            **PRODUCTION_ENV,
            "KOHORTA_TRUSTED_PROXY_COUNT": "2",
            "KOHORTA_CLIENT_IP_HEADER": "X-Real-IP",
            "KOHORTA_2FA_ROLES": "jury, coordinator",
        },
    )
    assert printed == "2 X-Real-IP True jury/coordinator"


def test_without_a_proxy_the_connection_address_counts(settings):
    """Development and tests have no proxy; 2FA is off there (the demo's logins work)."""
    assert (
        settings.ALLAUTH_TRUSTED_PROXY_COUNT,
        settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
        settings.KOHORTA_REQUIRE_2FA,
        settings.KOHORTA_2FA_ROLES,
    ) == (0, None, False, ("mentor", "ambassador", "jury", "observer", "coordinator"))


@pytest.fixture
def login_limits(settings, production_proxy_count):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = production_proxy_count


def _login(client, email, password, forwarded_for):
    response = client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    refused = response.status_code == 200 and REFUSED in response.content.decode()
    return "refused" if refused else response.status_code


def test_clients_behind_the_proxy_do_not_lock_each_other_out(login_limits):
    UserFactory(email="vesna@example.org")
    attacker, colleague = Client(), Client()
    # Ten wrong passwords for ten addresses (the per-address limit is 5) from one client.
    answers = [
        _login(attacker, f"guess{n}@example.org", "wrong", "198.51.100.66") for n in range(11)
    ]
    assert answers == [200] * 10 + ["refused"]
    # Another person behind the same proxy still signs in.
    assert _login(colleague, "vesna@example.org", PASSWORD, "198.51.100.7") == 302


def test_a_forged_forwarded_for_is_not_believed(login_limits):
    """The client writes its own X-Forwarded-For; the proxy appends the address it saw.
    Only that last, trusted hop counts, so changing the forged part gains nothing."""
    UserFactory(email="vesna@example.org")
    attacker, colleague = Client(), Client()
    answers = [
        _login(attacker, f"guess{n}@example.org", "wrong", f"1.2.3.{n}, 198.51.100.66")
        for n in range(11)
    ]
    assert answers == [200] * 10 + ["refused"]
    # Forging the colleague's address does not lock the colleague out either.
    assert _login(attacker, "x@example.org", "wrong", "198.51.100.7, 198.51.100.66") == "refused"
    assert _login(colleague, "vesna@example.org", PASSWORD, "198.51.100.7") == 302


def test_a_request_that_bypassed_the_proxies_counts_by_its_own_address(client, settings):
    """Fewer X-Forwarded-For hops than trusted proxies: allauth would answer 500."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    UserFactory(email="vesna@example.org")
    assert _login(client, "vesna@example.org", "wrong", "198.51.100.66") == 200
    assert _login(client, "vesna@example.org", PASSWORD, "198.51.100.66") == 302


# -- Two-factor authentication for every role that reads others' data ------------------


@pytest.fixture
def require_2fa(settings):
    settings.KOHORTA_REQUIRE_2FA = True


def _sent_to_set_up(user):
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, user
    return client.get("/dashboard/").get("Location") == reverse("mfa_activate_totp")


def test_every_role_that_reads_others_data_is_sent_to_set_up_2fa(require_2fa, settings):
    cohort = CohortFactory()
    people = {
        role: add_member(cohort, role, country="RS")
        for role in (
            Role.INNOVATOR,
            Role.MENTOR,
            Role.AMBASSADOR,
            Role.JURY,
            Role.OBSERVER,
            Role.COORDINATOR,
        )
    }
    assert {role: _sent_to_set_up(user) for role, user in people.items()} == {
        Role.INNOVATOR: False,
        Role.MENTOR: True,
        Role.AMBASSADOR: True,
        Role.JURY: True,
        Role.OBSERVER: True,
        Role.COORDINATOR: True,
    }
    # Per role: an installation may ask it of coordinators only.
    settings.KOHORTA_2FA_ROLES = ("coordinator",)
    assert [_sent_to_set_up(people[role]) for role in (Role.MENTOR, Role.COORDINATOR)] == [
        False,
        True,
    ]


def test_an_unknown_role_in_2fa_roles_stops_the_site(settings):
    settings.KOHORTA_2FA_ROLES = ("mentors", "coordinator")
    with pytest.raises(ImproperlyConfigured, match=r"unknown roles \['mentors'\]"):
        RequireTwoFactorMiddleware(lambda request: None)


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_right_after_sign_in_the_set_up_asks_for_the_code_not_the_password(
    client, require_2fa, settings
):
    mentor = add_member(CohortFactory(), Role.MENTOR)
    client.post(reverse("account_login"), {"login": mentor.email, "password": PASSWORD})
    assert client.get("/dashboard/")["Location"] == reverse("mfa_activate_totp")

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "mfa/totp/activate_form.html"
    assert 'name="code"' in response.content.decode()
    assert 'name="password"' not in response.content.decode()

    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=mentor).count() == 2  # TOTP and recovery codes
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert len(re.findall(r"\b[0-9a-f]{8}\b", codes.content.decode())) == 10
    assert client.get("/dashboard/").status_code == 200

    # The sign-in counts as recent only for ACCOUNT_REAUTHENTICATION_TIMEOUT seconds.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_an_invited_mentor_sets_up_2fa_without_typing_the_new_password_again(
    client, require_2fa, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_members_csv(
            cohort=cohort,
            data=b"name,email,country,organisation,role\nJovana Petrovic,jovana@example.org,RS,,mentor\n",
            by=coordinator,
        )
    path = re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.post(path, {"new_password1": "Library-2026!", "new_password2": "Library-2026!"})
    assert client.get("/dashboard/")["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
