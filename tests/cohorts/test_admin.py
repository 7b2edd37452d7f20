"""Coordinators manage cohorts and memberships in the Wagtail admin, only their own."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts.enums import CohortStatus, Role
from cohorts.models import Cohort, Membership, Programme
from tests.factories.cohorts import CohortFactory, ProgrammeFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    cohort = CohortFactory(name="INELI Balkans 2025–2027", status=CohortStatus.DRAFT)
    other = CohortFactory(name="ILN round 9")
    coordinator = add_member(cohort, Role.COORDINATOR)
    innovator = add_member(cohort, Role.INNOVATOR, full_name="Jovana Nikolić")
    stranger = add_member(other, Role.INNOVATOR, full_name="Somebody Elsewhere")
    return cohort, other, coordinator, innovator, stranger


def _edit_data(cohort, **changes):
    data = {
        "programme": cohort.programme_id,
        "name": cohort.name,
        "slug": cohort.slug,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "status": cohort.status,
        "languages": "[]",
    }
    data.update(changes)
    return data


def test_cohort_listing_shows_only_own_cohorts(client, setup):
    cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    content = client.get(reverse("wagtailsnippets_cohorts_cohort:list")).content.decode()
    assert cohort.name in content
    assert other.name not in content


def test_other_cohort_cannot_be_edited_by_url(client, setup):
    _cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:edit", args=[other.pk]))
    assert response.status_code == 404
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:edit", args=[other.pk]),
        _edit_data(other, name="Hijacked"),
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "ILN round 9"


def test_membership_listing_hides_other_cohorts_people(client, setup):
    _cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    content = client.get(reverse("wagtailsnippets_cohorts_membership:list")).content.decode()
    assert "Jovana Nikolić" in content
    assert "Somebody Elsewhere" not in content


def test_edit_cohort_end_before_start_shows_error(client, setup):
    cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:edit", args=[cohort.pk]),
        _edit_data(cohort, name="Renamed", ends_on="2020-01-01"),
    )
    assert response.status_code == 200
    assert "The cohort cannot end before it starts." in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.name == "INELI Balkans 2025–2027"


def test_edit_cohort_status_goes_through_transition(client, setup):
    cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:edit", args=[cohort.pk]),
        _edit_data(cohort, status=CohortStatus.OPEN),
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN
    assert ModelLogEntry.objects.filter(action="kohorta.cohort.status").count() == 1


def test_edit_cohort_refuses_forbidden_status_jump(client, setup):
    cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:edit", args=[cohort.pk]),
        _edit_data(cohort, status=CohortStatus.FINISHED),
    )
    assert response.status_code == 200
    assert "From “Draft” a cohort can only go to:" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.DRAFT


def test_add_membership_in_admin_uses_service(client, setup):
    cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    person = UserFactory(country="BG")
    response = client.post(
        reverse("wagtailsnippets_cohorts_membership:add"),
        {"cohort": cohort.pk, "user": person.pk, "role": Role.AMBASSADOR, "country": "BG"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user=person, role=Role.AMBASSADOR).exists()
    assert ModelLogEntry.objects.filter(
        action="kohorta.membership.add", object_id=str(Membership.objects.get(user=person).pk)
    ).exists()
    response = client.post(
        reverse("wagtailsnippets_cohorts_membership:add"),
        {"cohort": other.pk, "user": person.pk, "role": Role.MENTOR},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(cohort=other, user=person).exists()


def test_superuser_creates_cohort_in_admin(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    programme = ProgrammeFactory()
    client.force_login(admin)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:add"),
        {
            "programme": programme.pk,
            "name": "Round 10",
            "slug": "round-10",
            "starts_on": "2027-09-01",
            "ends_on": "2027-12-20",
            "status": CohortStatus.DRAFT,
            "languages": "[]",
        },
    )
    assert response.status_code == 302
    assert Cohort.objects.get(slug="round-10").status == CohortStatus.DRAFT


def test_innovator_cannot_enter_admin(client, setup):
    _cohort, _other, _coordinator, innovator, _stranger = setup
    client.force_login(innovator)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:list"))
    assert response.status_code == 302


def test_site_history_report_is_for_superusers_only(client, setup):
    _cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 200


def test_cohort_history_page_records_status_change(client, setup):
    cohort, _other, coordinator, _innovator, _stranger = setup
    from cohorts import services

    services.transition_cohort(cohort, CohortStatus.OPEN, by=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:history", args=[cohort.pk]))
    assert response.status_code == 200
    assert "Cohort status changed" in response.content.decode()


def _new_cohort_data(programme, slug="round-11"):
    return {
        "programme": programme.pk,
        "name": "Round 11",
        "slug": slug,
        "starts_on": "2027-09-01",
        "ends_on": "2027-12-20",
        "status": CohortStatus.DRAFT,
        "languages": "[]",
    }


def test_cohort_form_offers_only_programmes_the_coordinator_runs(client, setup):
    cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:add"))
    assert list(response.context["form"].fields["programme"].queryset) == [cohort.programme]
    body = response.content.decode()
    assert other.programme.name not in body


def test_cohort_under_other_programme_refused_on_post(client, setup):
    _cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:add"), _new_cohort_data(other.programme)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["programme"]
    assert not Cohort.objects.filter(slug="round-11").exists()


def test_cohort_cannot_move_to_other_programme(client, setup):
    cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:edit", args=[cohort.pk]),
        _edit_data(cohort, programme=other.programme_id),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["programme"]
    cohort.refresh_from_db()
    assert cohort.programme_id != other.programme_id


def test_cohort_under_own_programme_created_by_coordinator(client, setup):
    cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_cohorts_cohort:add"), _new_cohort_data(cohort.programme)
    )
    assert response.status_code == 302
    created = Cohort.objects.get(slug="round-11")
    assert created.programme == cohort.programme
    assert Membership.objects.filter(
        cohort=created, user=coordinator, role=Role.COORDINATOR
    ).exists()


def test_superuser_cohort_form_offers_every_programme(client, setup):
    cohort, other, _coordinator, _innovator, _stranger = setup
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:add"))
    assert set(response.context["form"].fields["programme"].queryset) == {
        cohort.programme,
        other.programme,
    }


def test_cohort_filter_lists_only_own_programmes(client, setup):
    cohort, other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:list"))
    assert list(response.context["filters"].form.fields["programme"].queryset) == [cohort.programme]
    assert other.programme.name not in response.content.decode()


def test_coordinator_cannot_create_programme(client, setup):
    _cohort, _other, coordinator, _innovator, _stranger = setup
    client.force_login(coordinator)
    data = {"name": "Rogue programme", "slug": "rogue", "description": "", "website": ""}
    response = client.post(reverse("programmes:add"), data)
    assert response.status_code in (302, 403)
    assert not Programme.objects.filter(slug="rogue").exists()


def test_staff_creates_programme_through_service(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = {
        "name": "New programme",
        "slug": "new-programme",
        "description": "",
        "website": "",
        "accent_colour": "#0B5CAD",
    }
    response = client.post(reverse("programmes:add"), data)
    assert response.status_code == 302
    programme = Programme.objects.get(slug="new-programme")
    assert (
        ModelLogEntry.objects.filter(
            action="wagtail.create", object_id=str(programme.pk), user=admin
        ).count()
        == 1
    )
