"""Peer matching services and pages: runs, pins, swaps, publishing, dashboard."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake.enums import ConstraintKind, MatchingRunStatus
from cohorts.intake.matching import service as matching
from cohorts.intake.matching.algorithm import Weights
from cohorts.models import MatchingConstraint, MatchingRun, PeerPair
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


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


def test_create_run_saves_parameters_pairs_and_total(cohort):
    people = _round(cohort, 7)
    run = matching.create_run(cohort=cohort, by=None, weights=Weights(interests=5), top_k=4, seed=3)
    assert run.weights == {"interests": 5, "partner_sector": 4, "language": 2, "student_stage": 3}
    assert (run.top_k, run.seed, run.participant_count, run.unplaced) == (4, 3, 7, [])
    pairs = list(run.pairs.all())
    assert [len(p.people_ids) for p in pairs].count(3) == 1
    assert sorted(pk for p in pairs for pk in p.people_ids) == sorted(p.pk for p in people)
    assert run.total_score == sum(p.score for p in pairs)
    for pair in pairs:
        countries = [str(u.country) for u in pair.people]
        assert len(set(countries)) == len(countries)


def test_create_run_with_fewer_than_two_refused(cohort):
    _round(cohort, 1)
    with pytest.raises(ValidationError) as error:
        matching.create_run(cohort=cohort, by=None)
    assert error.value.messages == ["Matching needs at least two participants; this round has 1."]
    assert MatchingRun.objects.count() == 0


def test_create_run_all_one_country_refused(cohort):
    for _ in range(4):
        participant(cohort, "PL")
    with pytest.raises(ValidationError) as error:
        matching.create_run(cohort=cohort, by=None)
    assert error.value.code == "one_country"
    assert MatchingRun.objects.count() == 0


def test_create_run_by_innovator_refused(cohort):
    people = _round(cohort, 4)
    with pytest.raises(PermissionDenied):
        matching.create_run(cohort=cohort, by=people[0])


def test_pin_pair_from_same_country_refused(cohort):
    first, second = participant(cohort, "PL"), participant(cohort, "PL")
    with pytest.raises(ValidationError) as error:
        matching.add_constraint(
            cohort=cohort, kind=ConstraintKind.PIN, first=first, second=second, by=None
        )
    assert error.value.code == "same_country"
    assert "come from the same country" in error.value.messages[0]
    assert MatchingConstraint.objects.count() == 0


def test_pin_person_twice_refused(cohort):
    a, b, c = participant(cohort, "PL"), participant(cohort, "AU"), participant(cohort, "US")
    matching.add_constraint(cohort=cohort, kind="pin", first=a, second=b, by=None)
    with pytest.raises(ValidationError) as error:
        matching.add_constraint(cohort=cohort, kind="pin", first=a, second=c, by=None)
    assert error.value.code == "pinned_twice"


def test_pin_with_self_refused(cohort):
    a = participant(cohort, "PL")
    with pytest.raises(ValidationError) as error:
        matching.add_constraint(cohort=cohort, kind="pin", first=a, second=a, by=None)
    assert error.value.code == "self"


def test_pinned_pair_kept_in_every_run(cohort):
    people = _round(cohort, 8)
    matching.add_constraint(cohort=cohort, kind="pin", first=people[0], second=people[3], by=None)
    for seed in (0, 1, 2):
        run = matching.create_run(cohort=cohort, by=None, seed=seed)
        pinned = run.pairs.get(pinned=True)
        assert set(pinned.people_ids) == {people[0].pk, people[3].pk}


def test_exclusion_honoured(cohort):
    a, b = participant(cohort, "PL"), participant(cohort, "AU")
    matching.add_constraint(cohort=cohort, kind="exclude", first=a, second=b, by=None)
    participant(cohort, "US")
    participant(cohort, "GB")
    run = matching.create_run(cohort=cohort, by=None)
    assert frozenset({a.pk, b.pk}) not in _groups(run)


def test_previous_partner_from_earlier_round_never_paired_again(cohort):
    earlier = CohortFactory()
    a, b = participant(earlier, "PL"), participant(earlier, "AU")
    old = matching.create_run(cohort=earlier, by=None)
    matching.publish_run(run=old, by=None)
    assert _groups(old) == {frozenset({a.pk, b.pk})}
    for person in (a, b):
        add_member(cohort, Role.INNOVATOR, user=person)
    participant(cohort, "US")
    participant(cohort, "GB")
    run = matching.create_run(cohort=cohort, by=None)
    assert frozenset({a.pk, b.pk}) not in _groups(run)


def test_pair_explanations_name_the_rules_and_scores(cohort):
    a = participant(cohort, "PL", interests=["digital", "research"], languages=["es", "en"])
    b = participant(cohort, "MX", interests=["digital", "research"], languages=["es", "en"])
    run = matching.create_run(cohort=cohort, by=None)
    (pair,) = matching.run_pairs(run)
    assert pair.explanation == [
        ("Different countries: Poland and Mexico", 1),
        ("Shared interests: Digital services and technology, Research support", 6),
        ("Shared language besides English: Spanish", 2),
    ]
    assert pair.score == 9
    assert {a.pk, b.pk} == set(pair.people_ids)


def test_swap_partners_recomputes_scores_and_total(cohort):
    people = {p.pk: p for p in (participant(cohort, c) for c in ("PL", "AU", "US", "GB"))}
    run = matching.create_run(cohort=cohort, by=None)
    (a, b), (c, d) = (sorted(g) for g in _groups(run))
    matching.swap_partners(run=run, first=people[a], second=people[c], by=None)
    run.refresh_from_db()
    assert _groups(run) == {frozenset({c, b}), frozenset({a, d})}
    assert run.total_score == sum(run.pairs.values_list("score", flat=True))


def test_swap_breaking_a_hard_rule_refused(cohort):
    pl1, pl2, au, us = (participant(cohort, c) for c in ("PL", "PL", "AU", "US"))
    run = matching.create_run(cohort=cohort, by=None)
    before = _groups(run)
    partner_of_pl1 = next(iter(next(g for g in before if pl1.pk in g) - {pl1.pk}))
    other = au if partner_of_pl1 == us.pk else us
    # Swapping pl1 with the partner of pl2 would put pl1 next to pl2.
    with pytest.raises(ValidationError) as error:
        matching.swap_partners(run=run, first=pl1, second=other, by=None)
    assert error.value.code == "same_country"
    assert _groups(run) == before


def test_publish_emails_each_participant_their_partner_once(cohort, run_on_commit):
    people = _round(cohort, 5)
    run = matching.create_run(cohort=cohort, by=None)
    with run_on_commit():
        matching.publish_run(run=run, by=None)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    pair = run.pairs.filter(person_c__isnull=True).select_related("person_a", "person_b").first()
    message = next(m for m in mail.outbox if m.to == [pair.person_a.email])
    assert pair.person_b.full_name in message.body
    assert pair.person_b.email in message.body
    assert "Public library" in message.body
    from cohorts.intake.tasks import send_partner_emails

    assert send_partner_emails(run.pk) == 0
    assert len(mail.outbox) == 5


def test_publish_second_run_refused(cohort):
    _round(cohort, 4)
    first = matching.create_run(cohort=cohort, by=None)
    matching.publish_run(run=first, by=None)
    second = matching.create_run(cohort=cohort, by=None)
    with pytest.raises(ValidationError) as error:
        matching.publish_run(run=second, by=None)
    assert error.value.code == "already_published"
    first.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        matching.swap_partners(
            run=first,
            first=cohort.memberships.first().user,
            second=cohort.memberships.last().user,
            by=None,
        )
    assert error.value.code == "published"


def test_compare_runs_counts_changes(cohort):
    _round(cohort, 6)
    first = matching.create_run(cohort=cohort, by=None, seed=1)
    second = matching.create_run(cohort=cohort, by=None, seed=1)
    result = matching.compare_runs(first, second)
    assert (result["same_groups"], result["changed_count"], result["score_difference"]) == (3, 0, 0)


def test_dashboard_shows_partner_after_publish(client, cohort):
    people = _round(cohort, 4)
    run = matching.create_run(cohort=cohort, by=None)
    matching.publish_run(run=run, by=None)
    me = people[0]
    partner_pk = next(iter(next(g for g in _groups(run) if me.pk in g) - {me.pk}))
    partner = next(p for p in people if p.pk == partner_pk)
    _login(client, me)
    response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert "Your partner" in content
    assert partner.full_name in content
    assert partner.email in content


def test_dashboard_shows_no_partner_from_draft_run(client, cohort):
    people = _round(cohort, 4)
    matching.create_run(cohort=cohort, by=None)
    _login(client, people[0])
    assert "Your partner" not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("size", [2, 6])
def test_dashboard_query_count(client, cohort, django_assert_num_queries, size):
    people = _round(cohort, size)
    matching.publish_run(run=matching.create_run(cohort=cohort, by=None), by=None)
    _login(client, people[0])
    with django_assert_num_queries(17):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_matching_pages_for_coordinator(client, cohort, run_on_commit):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _round(cohort, 6)
    _login(client, coordinator)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    with run_on_commit():
        response = client.post(
            url,
            {
                "run": "1",
                "interests": 3,
                "partner_sector": 4,
                "language": 2,
                "student_stage": 3,
                "top_k": 12,
                "seed": 0,
            },
        )
    run = MatchingRun.objects.get()
    response = client.get(response["Location"])
    assert response["Location"] == reverse(
        "cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk}
    )
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert len(response.context["pairs"]) == 3
    response = client.post(response.request["PATH_INFO"], {"publish": "1"})
    assert MatchingRun.objects.get().status == MatchingRunStatus.PUBLISHED


def test_matching_run_form_bad_weights_shows_error(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _round(cohort, 4)
    _login(client, coordinator)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    response = client.post(
        url,
        {
            "run": "1",
            "interests": -1,
            "partner_sector": 4,
            "language": 2,
            "student_stage": 3,
            "top_k": 12,
            "seed": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["run_form"].errors["interests"] == [
        "Ensure this value is greater than or equal to 0."
    ]
    assert MatchingRun.objects.count() == 0


def test_matching_one_country_shows_refusal_on_page(client, cohort, run_on_commit):
    coordinator = add_member(cohort, Role.COORDINATOR)
    participant(cohort, "PL")
    participant(cohort, "PL")
    _login(client, coordinator)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    with run_on_commit():
        response = client.post(
            url,
            {
                "run": "1",
                "interests": 3,
                "partner_sector": 4,
                "language": 2,
                "student_stage": 3,
                "top_k": 12,
                "seed": 0,
            },
        )
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "The run failed: All participants come from the same country" in (
        response.content.decode()
    )
    assert MatchingRun.objects.count() == 0


def test_pin_form_same_country_shows_error_next_to_form(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    a, b = participant(cohort, "PL"), participant(cohort, "PL")
    _login(client, coordinator)
    url = reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk})
    response = client.post(
        url,
        {
            "constraint": "1",
            "constraint-first": a.email,
            "constraint-second": b.email,
            "constraint-kind": "pin",
        },
    )
    assert response.status_code == 200
    assert "come from the same country" in str(
        response.context["constraint_form"].non_field_errors()
    )
    assert MatchingConstraint.objects.count() == 0


@pytest.mark.parametrize("role", [Role.INNOVATOR, Role.AMBASSADOR, None])
def test_matching_pages_refused_to_others(client, cohort, role):
    _round(cohort, 4)
    run = matching.create_run(cohort=cohort, by=None)
    if role is None:
        user = add_member(CohortFactory(), Role.COORDINATOR)  # another cohort's coordinator
    else:
        user = add_member(cohort, role)
    _login(client, user)
    for url in (
        reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk}),
        reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk}),
    ):
        assert client.get(url, follow=True).status_code == 404
    assert PeerPair.objects.filter(run=run).count() == 2


@pytest.mark.parametrize("size", [4, 12])
def test_matching_run_page_query_count(client, cohort, django_assert_num_queries, size):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _round(cohort, size)
    run = matching.create_run(cohort=cohort, by=None)
    _login(client, coordinator)
    url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk})
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["pairs"]) == size // 2


def test_swap_form_unknown_email_shows_error_next_to_field(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    people = _round(cohort, 4)
    run = matching.create_run(cohort=cohort, by=None)
    before = _groups(run)
    _login(client, coordinator)
    url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk})
    response = client.post(
        url, {"swap": "1", "swap-first": people[0].email, "swap-second": "nobody@example.org"}
    )
    assert response.status_code == 200
    assert response.context["swap_form"].errors["second"] == ["Nobody has this e-mail address."]
    assert _groups(run) == before


def test_pin_button_pins_pair(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    _round(cohort, 4)
    run = matching.create_run(cohort=cohort, by=None)
    pair = run.pairs.first()
    _login(client, coordinator)
    url = reverse("cohorts:matching_run", kwargs={"cohort_id": cohort.pk, "run_id": run.pk})
    assert client.post(url, {"pin": pair.pk}).status_code == 302
    constraint = MatchingConstraint.objects.get()
    assert (constraint.kind, {constraint.person_a_id, constraint.person_b_id}) == (
        "pin",
        set(pair.people_ids),
    )


def test_run_refused_when_pinned_partner_moved_to_same_country(cohort):
    a, b = participant(cohort, "PL"), participant(cohort, "AU")
    participant(cohort, "US")
    matching.add_constraint(cohort=cohort, kind="pin", first=a, second=b, by=None)
    b.applications.update(country="PL")
    with pytest.raises(ValidationError) as error:
        matching.create_run(cohort=cohort, by=None)
    assert error.value.messages == [
        f"{a.full_name} and {b.full_name} come from the same country: partners must come "
        "from different countries."
    ]
