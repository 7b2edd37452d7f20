"""The foundation's journeys in a real browser: sign-up, dashboards, profile, language,
and a coordinator's CSV import in the Wagtail admin."""

import re

import pytest
from django.core import mail

from cohorts.models import Membership, User
from tests.factories.cohorts import PASSWORD, UserFactory
from tests.trust.world import (
    AMBASSADOR,
    COORDINATOR,
    INNOVATOR,
    JUROR,
    MENTOR,
    OTHER_INNOVATOR,
    build_world,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_and_log_in(visitor):
    me = visitor("newcomer")
    page = me.visit("/accounts/signup/")
    page.fill("input[name=email]", "marija@example.org")
    page.fill("input[name=full_name]", "Marija Nikolovska")
    page.select_option("select[name=country]", "MK")
    page.fill("input[name=organisation]", "Bitola Public Library")
    page.fill("input[name=password1]", "Biblioteka-2026!")
    page.fill("input[name=password2]", "Biblioteka-2026!")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    me.check("verification-sent")
    assert "/accounts/confirm-email/" in page.url
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page = me.visit(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    me.check("confirmed")
    page = me.visit("/accounts/login/")
    page.fill("input[name=login]", "marija@example.org")
    page.fill("input[name=password]", "Biblioteka-2026!")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    me.check("dashboard")
    assert page.url.endswith("/dashboard/")
    assert User.objects.get(email="marija@example.org").full_name == "Marija Nikolovska"


def test_login_form_logs_in(visitor):
    UserFactory(email="vesna@example.org")
    me = visitor("vesna")
    page = me.visit("/accounts/login/")
    page.fill("input[name=login]", "vesna@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    me.check("after-login")
    assert page.url.endswith("/dashboard/")


def test_dashboard_for_each_role(visitor):
    world = build_world()
    expected = {
        INNOVATOR: world.people[MENTOR].full_name,
        MENTOR: world.people[INNOVATOR].full_name,
        AMBASSADOR: world.people["innovator_rs"].full_name,
        JUROR: world.cohort.name,
        COORDINATOR: world.cohort.name,
        OTHER_INNOVATOR: world.other_cohort.name,
    }
    for role, text in expected.items():
        page = visitor(role, world.people[role]).visit("/dashboard/")
        assert text in page.content(), role
        assert world.people[role].full_name not in ("",)


def test_profile_edit_with_photo(visitor, tmp_path):
    from tests.trust.hostile import png_bytes

    user = UserFactory(full_name="Nina Kranjc")
    me = visitor("nina", user)
    page = me.visit("/profile/")
    page.fill("input[name=full_name]", "Nina Kranjc Novak")
    page.fill("input[name=organisation]", "Celje Central Library")
    photo = tmp_path / "me.png"
    photo.write_bytes(png_bytes((64, 64)))
    page.set_input_files("input[name=photo]", str(photo))
    page.get_by_role("button", name="Save profile").click()
    me.check("saved")
    assert "Your profile has been saved." in page.content()
    user.refresh_from_db()
    assert user.full_name == "Nina Kranjc Novak"
    avatar = page.locator("img.avatar")
    assert avatar.evaluate("img => img.complete && img.naturalWidth") == 64


def test_language_switch(visitor):
    me = visitor("anonymous")
    page = me.visit("/accounts/login/")
    page.select_option("#language-select", "mk")
    page.get_by_role("button", name="Change").click()
    me.check("macedonian")
    assert page.locator("html").get_attribute("lang") == "mk"


def test_coordinator_imports_members_in_the_admin(visitor, tmp_path):
    world = build_world()
    coordinator = visitor("coordinator", world.people[COORDINATOR])
    page = coordinator.visit("/admin/cohorts/import-members/")
    page.select_option("select[name=cohort]", str(world.cohort.pk))
    members = tmp_path / "members.csv"
    members.write_text(
        "name,email,country,organisation,role\n"
        "Jelena Petrović,jelena@example.org,RS,Novi Sad City Library,innovator\n"
        "Arben Hoxha,arben@example.org,AL,Tirana National Library,mentor\n"
    )
    page.set_input_files("input[name=file]", str(members))
    page.get_by_role("button", name="Import").click()
    coordinator.check("imported")
    assert "2 member(s) added" in page.content()
    assert Membership.objects.filter(cohort=world.cohort, user__email="jelena@example.org").exists()
    assert len([m for m in mail.outbox if "jelena@example.org" in m.to]) == 1


def test_wagtail_admin_works_under_its_policy(visitor):
    world = build_world()
    coordinator = visitor("coordinator", world.people[COORDINATOR])
    page = coordinator.visit(f"/admin/snippets/cohorts/cohort/edit/{world.cohort.pk}/")
    page.fill("input[name=name]", "Cohort Alpha (renamed)")
    page.get_by_role("button", name="Save").first.click()
    coordinator.check("saved")
    world.cohort.refresh_from_db()
    assert world.cohort.name == "Cohort Alpha (renamed)"
    page = coordinator.visit("/admin/snippets/cohorts/membership/")
    assert world.people[INNOVATOR].full_name in page.content()
    assert world.people[OTHER_INNOVATOR].full_name not in page.content()


def test_download_data_then_delete_account(visitor):
    user = UserFactory(full_name="Petra Horvat")
    me = visitor("petra", user)
    page = me.visit("/profile/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all your data (JSON)").click()
    assert download.value.suggested_filename == f"kohorta-personal-data-{user.pk}.json"
    page.get_by_role("link", name="Delete your personal data").click()
    me.check("delete")
    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Delete my personal data").click()
    me.check("deleted")
    assert "Your personal data has been deleted." in page.content()
    user.refresh_from_db()
    assert user.full_name == f"Deleted person #{user.pk}"
