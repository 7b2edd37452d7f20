"""The selection office in a real browser: search, sort, tick, one confirmation page, apply;
a merged duplicate read-only under its filter; the mentor groups keep a hand-made choice."""

import pytest
from playwright.sync_api import expect

from cohorts import mentoring
from cohorts.enums import Role
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, MentorGroupMember
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.intake import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _applicant(cohort, name, country, state=ApplicationState.SUBMITTED, **fields):
    user = UserFactory(full_name=name, country=country, organisation=f"{name} Library")
    return ApplicationFactory(cohort=cohort, user=user, state=state, **fields)


def test_coordinator_decides_several_applications_at_once(visitor):
    cohort = CohortFactory(name="INELI Balkans 2027")
    coordinator = add_member(cohort, Role.COORDINATOR)
    ana = _applicant(cohort, "Ana Petrova", "MK")
    bojan = _applicant(cohort, "Bojan Marković", "RS")
    cveta = _applicant(cohort, "Cveta Hoxha", "AL", state=ApplicationState.ACCEPTED)
    keep = _applicant(cohort, "Dario Horvat", "HR")
    twin = _applicant(cohort, "Dario Horvat Twin", "HR")
    intake.merge_applications(keep=keep, duplicate=twin, by=coordinator)
    office = visitor("coordinator", coordinator)

    page = office.visit(f"/cohorts/{cohort.pk}/applications/")
    page.get_by_role("link", name="Applicant").click()  # sort by name
    names = page.locator("tbody tr td:nth-child(2)")
    expect(names).to_have_text(["Ana Petrova", "Bojan Marković", "Cveta Hoxha", "Dario Horvat"])
    office.check("sorted")

    page.get_by_label("Ana Petrova").check()
    page.get_by_label("Bojan Marković").check()
    page.get_by_label("Cveta Hoxha").check()
    page.get_by_role("button", name="On the waiting list…").click()
    expect(page.locator("#bulk-changes li")).to_have_count(2)
    expect(page.locator("#bulk-skipped")).to_contain_text("Cveta Hoxha")
    office.check("confirm")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("2 applications are now “On the waiting list”.")).to_be_visible()
    office.check("applied")
    states = dict(Application.objects.filter(cohort=cohort).values_list("user__full_name", "state"))
    assert states["Ana Petrova"] == states["Bojan Marković"] == ApplicationState.WAITLISTED
    assert states["Cveta Hoxha"] == ApplicationState.ACCEPTED
    # Back on the list in the order it had.
    expect(names.first).to_have_text("Ana Petrova")

    page.get_by_label("Search").fill("horvat")
    page.get_by_label("State").select_option("merged")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Dario Horvat Twin").click()
    expect(page.locator("#merged-into")).to_contain_text("Dario Horvat")
    expect(page.get_by_role("button", name="Save review")).to_have_count(0)
    office.check("merged")
    assert cveta.pk and ana.pk and bojan.pk


def test_mentor_groups_keep_the_hand_made_choice(visitor):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    add_member(cohort, Role.MENTOR, full_name="Mira Mentor", organisation="Mira Library")
    second = add_member(cohort, Role.MENTOR, full_name="Nikola Mentor", organisation="Nik Lib")
    people = [
        add_member(cohort, Role.INNOVATOR, full_name=f"Innovator {n}", organisation=f"Town {n}")
        for n in range(2)
    ]
    office = visitor("coordinator", coordinator)
    page = office.visit(f"/cohorts/{cohort.pk}/mentor-groups/")
    page.get_by_role("link", name="Propose for everyone").click()
    for person in people:
        page.get_by_label(f"Mentor of {person.full_name}").select_option(str(second.pk))
    page.get_by_role("button", name="Apply this proposal").click()
    expect(page.get_by_text("Mentor groups applied")).to_be_visible()
    for person in people:
        expect(page.get_by_label(f"Mentor of {person.full_name}")).to_have_value(str(second.pk))
    expect(page.locator("#mentor-loads")).to_contain_text("Nik Lib")
    office.check("applied")
    assert MentorGroupMember.objects.filter(group__mentor=second).count() == 2
    assert mentoring.current_groups(cohort).real_loads[second.pk] == 2
