"""Matching after publication: re-match only the affected people, publish a new version,
unpublish; the "no previous partners" rule across rounds."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake.enums import MatchingRunStatus
from cohorts.intake.matching import service as matching
from cohorts.models import MatchingRun, Membership
from tests.factories.cohorts import PASSWORD, CohortFactory, add_member
from tests.factories.intake import participant

COUNTRIES = ["PL", "AU", "US", "GB", "NZ", "IN"]


@pytest.fixture
def cohort():
    return CohortFactory()


def _round(cohort, size):
    return [participant(cohort, COUNTRIES[i % len(COUNTRIES)]) for i in range(size)]


def _groups(run):
    return {frozenset(p.people_ids) for p in run.pairs.all()}


def _published(cohort, size=6):
    people = _round(cohort, size)
    run = matching.create_run(cohort=cohort, by=None)
    matching.publish_run(run=run, by=None)
    return people, run


def _drop_out(cohort, run):
    """Remove person_a of the run's first pair of two; returns (dropped, left alone)."""
    pair = run.pairs.filter(person_c__isnull=True).order_by("pk").first()
    Membership.objects.filter(cohort=cohort, user_id=pair.person_a_id).delete()
    return pair.person_a, pair.person_b


def test_rematch_keeps_everyone_else_and_pairs_the_affected(cohort):
    _people, first = _published(cohort)
    dropped, alone = _drop_out(cohort, first)
    late = participant(cohort, "FR")
    run = matching.create_rematch(cohort=cohort, by=None)
    assert run.base_run_id == first.pk and run.status == MatchingRunStatus.DRAFT
    before, after = _groups(first), _groups(run)
    untouched = {g for g in before if dropped.pk not in g}
    assert untouched <= after
    assert frozenset({alone.pk, late.pk}) in after
    assert run.unplaced == [] and run.participant_count == 6
    first.refresh_from_db()
    assert first.status == MatchingRunStatus.PUBLISHED


def test_rematch_shows_who_changes(cohort):
    _people, first = _published(cohort)
    dropped, alone = _drop_out(cohort, first)
    late = participant(cohort, "FR")
    run = matching.create_rematch(cohort=cohort, by=None)
    changes = matching.rematch_changes(run)
    assert [(r["person"], r["old"], r["new"]) for r in changes["changed"]] == [
        (alone, [dropped.full_name], [late.full_name])
    ]
    assert [(r["person"], r["new"]) for r in changes["joined"]] == [(late, [alone.full_name])]
    assert [(r["person"], r["old"]) for r in changes["left"]] == [(dropped, [alone.full_name])]
    assert matching.rematch_changes(first) is None


def test_single_late_joiner_joins_a_pair_as_third(cohort):
    _people, first = _published(cohort, 4)
    late = participant(cohort, "FR")
    run = matching.create_rematch(cohort=cohort, by=None)
    trio = run.pairs.get(person_c__isnull=False)
    assert late.pk in trio.people_ids
    assert len(_groups(first) & _groups(run)) == 1
    assert run.unplaced == []


def test_rematch_refused_without_publication_or_anyone_affected(cohort):
    _round(cohort, 4)
    with pytest.raises(ValidationError) as error:
        matching.create_rematch(cohort=cohort, by=None)
    assert error.value.code == "not_published"
    matching.publish_run(run=matching.create_run(cohort=cohort, by=None), by=None)
    with pytest.raises(ValidationError) as error:
        matching.create_rematch(cohort=cohort, by=None)
    assert error.value.code == "nobody_affected"
    assert MatchingRun.objects.count() == 1


def test_publish_rematch_supersedes_and_emails_only_the_changed(cohort, run_on_commit):
    _people, first = _published(cohort)
    _dropped, alone = _drop_out(cohort, first)
    late = participant(cohort, "FR")
    run = matching.create_rematch(cohort=cohort, by=None)
    mail.outbox.clear()
    with run_on_commit():
        matching.publish_run(run=run, by=None)
    first.refresh_from_db()
    run.refresh_from_db()
    assert first.status == MatchingRunStatus.SUPERSEDED
    assert run.status == MatchingRunStatus.PUBLISHED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alone.email, late.email])
    message = next(m for m in mail.outbox if m.to == [alone.email])
    assert late.full_name in message.body
    # The dashboard and "partners_for" read the new version.
    assert matching.partners_for(alone, [cohort.pk]) == {cohort.pk: [late]}
    # A run that is not a re-match of the published one still cannot be published.
    other = matching.create_run(cohort=cohort, by=None)
    with pytest.raises(ValidationError) as error:
        matching.publish_run(run=other, by=None)
    assert error.value.code == "already_published"


def test_unpublish_rematch_restores_previous_and_tells_the_affected(cohort, run_on_commit):
    _people, first = _published(cohort)
    _dropped, alone = _drop_out(cohort, first)
    late = participant(cohort, "FR")
    run = matching.create_rematch(cohort=cohort, by=None)
    matching.publish_run(run=run, by=None)
    mail.outbox.clear()
    with run_on_commit():
        restored = matching.unpublish_run(run=run, by=None)
    assert restored == first
    first.refresh_from_db()
    run.refresh_from_db()
    assert (first.status, run.status) == (MatchingRunStatus.PUBLISHED, MatchingRunStatus.DRAFT)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alone.email, late.email])
    message = next(m for m in mail.outbox if m.to == [late.email])
    assert "no partner" in message.body
    # Published again: the changed people are told again (a new version).
    mail.outbox.clear()
    with run_on_commit():
        matching.publish_run(run=run, by=None)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alone.email, late.email])


def test_unpublish_first_publication_tells_everyone(cohort, run_on_commit):
    people, first = _published(cohort, 4)
    mail.outbox.clear()
    with run_on_commit():
        assert matching.unpublish_run(run=first, by=None) is None
    first.refresh_from_db()
    assert first.status == MatchingRunStatus.DRAFT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert matching.partners_for(people[0], [cohort.pk]) == {}
    with pytest.raises(ValidationError):
        matching.unpublish_run(run=first, by=None)


def test_previous_round_partner_never_proposed_again_in_rematch(cohort):
    """Across rounds: a pair of an earlier round's published matching is not proposed."""
    earlier = CohortFactory()
    a, b = participant(earlier, "PL"), participant(earlier, "AU")
    matching.publish_run(run=matching.create_run(cohort=earlier, by=None), by=None)
    add_member(cohort, Role.INNOVATOR, user=a)
    participant(cohort, "US")
    _first = matching.create_run(cohort=cohort, by=None)
    matching.publish_run(run=_first, by=None)
    # b joins late, c as well: a's only other option would be b, the earlier partner.
    add_member(cohort, Role.INNOVATOR, user=b)
    c = participant(cohort, "GB")
    run = matching.create_rematch(cohort=cohort, by=None)
    for group in _groups(run):
        assert not {a.pk, b.pk} <= group
    assert c.pk in {pk for g in _groups(run) for pk in g}
    # And after the earlier matching was superseded, it still counts.
    earlier_run = MatchingRun.objects.get(cohort=earlier)
    earlier_run.status = MatchingRunStatus.SUPERSEDED
    earlier_run.save()
    fresh = matching.create_run(cohort=cohort, by=None)
    for group in _groups(fresh):
        assert not {a.pk, b.pk} <= group


def test_rematch_publish_unpublish_pages(client, cohort, run_on_commit):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _people, first = _published(cohort)
    dropped, alone = _drop_out(cohort, first)
    late = participant(cohort, "FR")
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    assert "Re-match the affected people" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "rematch": "1",
            "interests": 3,
            "partner_sector": 4,
            "language": 2,
            "student_stage": 3,
            "top_k": 8,
            "seed": 0,
        },
    )
    run = MatchingRun.objects.get(base_run=first)
    run_url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk})
    assert response["Location"] == run_url
    page = client.get(run_url).content.decode()
    assert "Who changes if you publish this re-match" in page
    for person in (dropped, alone, late):
        assert person.full_name in page
    mail.outbox.clear()
    with run_on_commit():
        client.post(run_url, {"publish": "1"})
    run.refresh_from_db()
    assert run.status == MatchingRunStatus.PUBLISHED
    assert len(mail.outbox) == 2
    with run_on_commit():
        client.post(run_url, {"unpublish": "1"})
    run.refresh_from_db()
    first.refresh_from_db()
    assert (run.status, first.status) == (MatchingRunStatus.DRAFT, MatchingRunStatus.PUBLISHED)
    assert len(mail.outbox) == 4


def test_rematch_bad_weights_shows_error_and_saves_nothing(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _published(cohort)
    participant(cohort, "FR")
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, {"rematch": "1", "interests": "x", "seed": 0})
    assert response.status_code == 200
    assert response.context["run_form"].errors
    assert MatchingRun.objects.count() == 1


def test_rematch_refused_to_innovator(client, cohort):
    people, first = _published(cohort, 4)
    participant(cohort, "FR")
    client.login(username=people[0].email, password=PASSWORD)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, {"rematch": "1", "interests": 3, "seed": 0})
    assert response.status_code in (403, 404)
    run_url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": first.pk})
    response = client.post(run_url, {"unpublish": "1"})
    assert response.status_code in (403, 404)
    first.refresh_from_db()
    assert first.status == MatchingRunStatus.PUBLISHED


@pytest.mark.parametrize("size", [6, 14])
def test_rematch_run_page_query_count(client, cohort, django_assert_num_queries, size):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _people, first = _published(cohort, size)
    _drop_out(cohort, first)
    participant(cohort, "FR")
    participant(cohort, "DE")
    run = matching.create_rematch(cohort=cohort, by=None)
    client.login(username=coordinator.email, password=PASSWORD)
    url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk})
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.context["changes"]["joined"]


def test_demo_past_round_is_published_and_its_pairs_never_proposed_again(cohort):
    """The demo's earlier ILN round (cohorts/intake/demo.py) and today's round."""
    from cohorts.enums import CohortStatus
    from cohorts.intake.demo import seed_iln_past_round

    _round(cohort, 12)
    past = seed_iln_past_round(context={"cohorts": {"iln": cohort}})
    past.refresh_from_db()
    assert past.status == CohortStatus.FINISHED
    old = MatchingRun.objects.get(cohort=past)
    assert old.status == MatchingRunStatus.PUBLISHED and old.pairs.count() == 6
    assert seed_iln_past_round(context={"cohorts": {"iln": cohort}}) == past  # idempotent
    earlier = _groups(old)
    run = matching.create_run(cohort=cohort, by=None)
    for group in _groups(run):
        for earlier_group in earlier:
            assert len(group & earlier_group) < 2
