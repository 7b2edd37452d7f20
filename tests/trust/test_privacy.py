"""A person downloads all their data and asks for deletion (anonymisation)."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail import hooks
from wagtail.models import ModelLogEntry

from cohorts import services
from cohorts.enums import Role
from cohorts.models import Membership, MentorGroupMember, User
from kohorta.privacy import anonymise_person, export_personal_data
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def ana():
    cohort = CohortFactory(name="INELI Balkans 2025")
    coordinator = add_member(cohort, Role.COORDINATOR)
    ana = UserFactory(
        email="ana@example.org", full_name="Ana Stojanovska", country="MK", bio="Makerspaces."
    )
    services.add_member(cohort=cohort, user=ana, role=Role.INNOVATOR, by=coordinator)
    mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
    services.assign_mentor(cohort=cohort, mentor=mentor, innovator=ana, by=coordinator)
    services.update_profile(
        user=ana, by=ana, photo=SimpleUploadedFile("me.png", _png(), "image/png")
    )
    return ana


def test_export_holds_profile_memberships_mentor_and_log(client, ana):
    client.force_login(ana)
    response = client.get(reverse("cohorts:profile_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="kohorta-personal-data-{ana.pk}.json"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    section = data["sections"]["cohorts"]
    assert data["format"] == "kohorta-personal-data/1"
    assert section["profile"]["full_name"] == "Ana Stojanovska"
    assert section["profile"]["bio"] == "Makerspaces."
    assert [(m["cohort"], m["role"]) for m in section["memberships"]] == [
        ("INELI Balkans 2025", "innovator")
    ]
    assert section["mentors"] == [{"cohort": "INELI Balkans 2025", "mentor": "Dimitris Alexiou"}]
    assert section["email_addresses"] == [
        {"email": "ana@example.org", "verified": True, "primary": True}
    ]
    assert [entry["action"] for entry in section["activity_log"]] == ["wagtail.edit"]


def test_export_requires_login(client):
    response = client.get(reverse("cohorts:profile_export"))
    assert response.status_code == 302


def test_apps_add_sections_through_the_hook(ana):
    def extra(user):
        return {"grants": {"proposals": [f"proposal of {user.pk}"]}}

    with hooks.register_temporarily("kohorta_personal_data", extra):
        data = export_personal_data(ana)
    assert data["sections"]["grants"] == {"proposals": [f"proposal of {ana.pk}"]}


def test_delete_with_password_anonymises_and_keeps_memberships(
    client, ana, settings, django_capture_on_commit_callbacks
):
    photo_path = settings.MEDIA_ROOT / ana.photo.name
    assert photo_path.exists()
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:profile_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    ana.refresh_from_db()
    assert (ana.full_name, ana.email, ana.bio, ana.photo.name, str(ana.country)) == (
        f"Deleted person #{ana.pk}",
        f"deleted-{ana.pk}@deleted.invalid",
        "",
        "",
        "",
    )
    assert not ana.is_active and not ana.has_usable_password()
    assert not photo_path.exists()
    assert not EmailAddress.objects.filter(user=ana).exists()
    assert Membership.objects.filter(user=ana, role=Role.INNOVATOR).count() == 1
    assert MentorGroupMember.objects.filter(innovator=ana).count() == 1
    assert "_auth_user_id" not in client.session
    # log entries keep the person (as the anonymised user) but no longer name them
    entries = ModelLogEntry.objects.all()
    assert entries.filter(user=ana, action="wagtail.edit").count() == 1
    for entry in entries:
        assert "Ana Stojanovska" not in entry.label
        assert "ana@example.org" not in json.dumps(entry.data)
    assert entries.filter(action="kohorta.person.anonymise", user=ana).count() == 1
    # and they can no longer log in
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_delete_with_wrong_password_changes_nothing(client, ana):
    client.force_login(ana)
    response = client.post(
        reverse("cohorts:profile_delete"), {"password": "not-it", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    ana.refresh_from_db()
    assert ana.full_name == "Ana Stojanovska" and ana.is_active


def test_delete_without_confirmation_changes_nothing(client, ana):
    client.force_login(ana)
    response = client.post(reverse("cohorts:profile_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    ana.refresh_from_db()
    assert ana.full_name == "Ana Stojanovska"


def test_a_failing_app_hook_leaves_the_person_untouched(
    ana, settings, django_capture_on_commit_callbacks
):
    def broken(user, replacements):
        raise RuntimeError("grants could not anonymise")

    with (
        hooks.register_temporarily("kohorta_anonymise_person", broken),
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        anonymise_person(user=ana, by=ana)
    ana.refresh_from_db()
    assert (ana.full_name, ana.is_active) == ("Ana Stojanovska", True)
    # The photo is only deleted once the whole anonymisation commits.
    assert (settings.MEDIA_ROOT / ana.photo.name).exists()


def test_someone_else_cannot_anonymise_a_person(ana):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        anonymise_person(user=ana, by=UserFactory())


def test_last_superuser_cannot_delete_themself(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("cohorts:profile_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 200
    assert "The last administrator cannot delete their account." in response.content.decode()
    assert User.objects.get(pk=admin.pk).is_active
