import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from cohorts import services
from cohorts.enums import CohortStatus, Role
from cohorts.models import Cohort, Membership, MentorGroupMember
from tests.factories.cohorts import CohortFactory, ProgrammeFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def test_create_cohort_by_coordinator_makes_them_coordinator():
    programme = ProgrammeFactory()
    # A coordinator (of the programme's earlier round) holds add_cohort through the group.
    creator = add_member(CohortFactory(programme=programme), Role.COORDINATOR)
    creator = type(creator).objects.get(pk=creator.pk)
    cohort = services.create_cohort(
        programme=programme,
        name="Round 5",
        slug="round-5",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 4, 30),
        by=creator,
    )
    assert cohort.status == CohortStatus.DRAFT
    assert list(Membership.objects.filter(cohort=cohort).values_list("user", "role")) == [
        (creator.pk, Role.COORDINATOR)
    ]
    assert creator.groups.filter(name="Coordinators").exists()


def test_create_cohort_refuses_end_before_start_and_saves_nothing():
    with pytest.raises(ValidationError):
        services.create_cohort(
            programme=ProgrammeFactory(),
            name="Backwards",
            slug="backwards",
            starts_on=datetime.date(2027, 5, 1),
            ends_on=datetime.date(2027, 1, 1),
            by=None,
        )
    assert Cohort.objects.count() == 0


def test_create_cohort_refused_without_permission():
    with pytest.raises(PermissionDenied):
        services.create_cohort(
            programme=ProgrammeFactory(),
            name="X",
            slug="x",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 2, 1),
            by=UserFactory(),
        )


def test_transition_cohort_follows_table_and_logs():
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    coordinator = add_member(cohort, Role.COORDINATOR)
    services.transition_cohort(cohort, CohortStatus.OPEN, by=coordinator, note="Call opens")
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN
    entry = ModelLogEntry.objects.get(action="kohorta.cohort.status")
    assert entry.data == {"from": "draft", "to": "open", "note": "Call opens"}
    assert entry.user_id == coordinator.pk


def test_transition_cohort_refuses_jump_from_draft_to_finished():
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.transition_cohort(cohort, CohortStatus.FINISHED, by=None)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.DRAFT


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.MENTOR, Role.AMBASSADOR, Role.JURY])
def test_transition_cohort_refused_for_non_coordinators(role):
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    person = add_member(cohort, role)
    with pytest.raises(PermissionDenied):
        services.transition_cohort(cohort, CohortStatus.OPEN, by=person)


def test_transition_cohort_refused_for_coordinator_of_other_cohort():
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    other_coordinator = add_member(CohortFactory(), Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.transition_cohort(cohort, CohortStatus.OPEN, by=other_coordinator)


def test_add_member_is_idempotent_and_logged_once():
    cohort = CohortFactory()
    person = UserFactory()
    first = services.add_member(cohort=cohort, user=person, role=Role.INNOVATOR, by=None)
    second = services.add_member(cohort=cohort, user=person, role=Role.INNOVATOR, by=None)
    assert first.pk == second.pk
    assert ModelLogEntry.objects.filter(action="kohorta.membership.add").count() == 1


def test_add_ambassador_takes_country_from_person():
    cohort = CohortFactory()
    person = UserFactory(country="BG")
    membership = services.add_member(cohort=cohort, user=person, role=Role.AMBASSADOR, by=None)
    assert membership.country == "BG"


def test_remove_member_removes_mentor_group_and_coordinator_group():
    cohort = CohortFactory()
    mentor = add_member(cohort, Role.MENTOR)
    innovator = add_member(cohort, Role.INNOVATOR)
    services.assign_mentor(cohort=cohort, mentor=mentor, innovator=innovator, by=None)
    services.remove_member(
        membership=Membership.objects.get(user=mentor, role=Role.MENTOR), by=None
    )
    assert MentorGroupMember.objects.count() == 0
    assert ModelLogEntry.objects.filter(action="kohorta.membership.remove").count() == 1


def test_assign_mentor_moves_innovator_between_groups():
    cohort = CohortFactory()
    first, second = add_member(cohort, Role.MENTOR), add_member(cohort, Role.MENTOR)
    innovator = add_member(cohort, Role.INNOVATOR)
    services.assign_mentor(cohort=cohort, mentor=first, innovator=innovator, by=None)
    services.assign_mentor(cohort=cohort, mentor=second, innovator=innovator, by=None)
    assert list(MentorGroupMember.objects.values_list("group__mentor", flat=True)) == [second.pk]


def test_assign_mentor_refuses_non_mentor():
    cohort = CohortFactory()
    innovator = add_member(cohort, Role.INNOVATOR)
    not_mentor = add_member(cohort, Role.JURY)
    with pytest.raises(ValidationError):
        services.assign_mentor(cohort=cohort, mentor=not_mentor, innovator=innovator, by=None)


def test_create_user_refuses_existing_email_any_case():
    UserFactory(email="taken@example.org")
    with pytest.raises(ValidationError):
        services.create_user(email="Taken@Example.org", full_name="Someone")


def test_update_profile_refused_for_someone_else():
    with pytest.raises(PermissionDenied):
        services.update_profile(user=UserFactory(), by=UserFactory(), bio="Hi")


def test_invitation_task_is_idempotent(django_capture_on_commit_callbacks):
    from cohorts.tasks import send_invitation

    cohort = CohortFactory()
    person = services.create_user(email="new@example.org", full_name="New Person")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_user(user=person, cohort=cohort, role=Role.MENTOR, by=None)
    assert len(mail.outbox) == 1
    assert send_invitation(invitation.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_create_cohort_refused_under_programme_not_coordinated():
    creator = add_member(CohortFactory(), Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.create_cohort(
            programme=ProgrammeFactory(),
            name="Elsewhere",
            slug="elsewhere",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 2, 1),
            by=creator,
        )
    assert not Cohort.objects.filter(slug="elsewhere").exists()


def test_update_cohort_refuses_move_to_programme_not_coordinated():
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    foreign = ProgrammeFactory()
    with pytest.raises(PermissionDenied):
        services.update_cohort(cohort=cohort, by=coordinator, programme=foreign)
    cohort.refresh_from_db()
    assert cohort.programme_id != foreign.pk


def test_create_programme_refused_for_non_staff_even_with_permission():
    from django.contrib.auth.models import Permission

    person = UserFactory()
    person.user_permissions.add(Permission.objects.get(codename="add_programme"))
    person = type(person).objects.get(pk=person.pk)
    with pytest.raises(PermissionDenied):
        services.create_programme(name="X", slug="x", by=person)
