import pytest
from django.core.management import call_command

from cohorts.enums import Role
from cohorts.models import Cohort, Membership, MentorGroupMember, Programme, User

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "people": User.objects.count(),
        "programmes": Programme.objects.count(),
        "cohorts": Cohort.objects.count(),
        "memberships": Membership.objects.count(),
        "mentees": MentorGroupMember.objects.count(),
    }


def test_seed_demo_builds_ineli_and_iln_and_is_idempotent(capsys):
    call_command("seed_demo", "--seed", "7")
    first = _counts()
    call_command("seed_demo", "--seed", "7")
    assert _counts() == first
    ineli = Cohort.objects.get(programme__slug="ineli-balkans", slug="2025-2027")
    roles = dict(
        Membership.objects.filter(cohort=ineli)
        .values_list("role")
        .annotate(n=__import__("django").db.models.Count("id"))
    )
    assert roles == {
        Role.INNOVATOR: 35,
        Role.MENTOR: 5,
        Role.AMBASSADOR: 11,
        Role.JURY: 5,
        Role.OBSERVER: 1,
        Role.COORDINATOR: 1,
    }
    assert (
        Membership.objects.filter(cohort=ineli, role=Role.INNOVATOR)
        .values("user__country")
        .distinct()
        .count()
        == 11
    )
    iln = Cohort.objects.exclude(slug="round-2026-a").get(programme__slug="iln")
    participants = Membership.objects.filter(cohort=iln, role=Role.INNOVATOR)
    assert participants.count() == 402  # 400, one dropped out after the matching, three joined late
    assert participants.values("user__country").distinct().count() >= 40
    assert MentorGroupMember.objects.filter(cohort=ineli).count() == 35
    output = capsys.readouterr().out
    assert "innovator@example.org" in output
    assert "password for all: kohorta-demo" in output


def _people_seeded_with(seed):
    """Seed the demo people in a savepoint, read them, and roll back."""
    import io
    import random

    from django.db import transaction

    from cohorts import demo

    with transaction.atomic():
        savepoint = transaction.savepoint()
        demo.seed(
            rng=random.Random(f"{seed}:cohorts.demo"), scale=1, stdout=io.StringIO(), context={}
        )
        people = list(User.objects.order_by("email").values_list("email", "full_name", "country"))
        transaction.savepoint_rollback(savepoint)
    return people


def test_seed_demo_is_deterministic():
    first = _people_seeded_with(3)
    assert User.objects.count() == 0
    assert _people_seeded_with(3) == first
    assert len(first) == 460


def test_seed_demo_if_empty_skips_when_seeded(capsys):
    call_command("seed_demo")
    before = _counts()
    call_command("seed_demo", "--if-empty")
    assert _counts() == before
    assert "not seeding again" in capsys.readouterr().out


def test_demo_logins_work(client):
    call_command("seed_demo")
    for email in (
        "innovator@example.org",
        "mentor@example.org",
        "jury@example.org",
        "coordinator@example.org",
    ):
        assert client.login(email=email, password="kohorta-demo"), email
        assert client.get("/dashboard/").status_code == 200
