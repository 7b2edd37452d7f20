"""The feature apps' bench scenarios: discovered, and each runs once on the small data set.

One run each (setup then run), not the harness's timed runs: no timing is asserted.
"""

import pytest

from bench import registry, runner
from bench.registry import SCALES, Dataset
from events.enums import RegistrationState
from events.models import Registration, Session
from grants.enums import ReviewState
from grants.models import Proposal, Review, Score

APP_SCENARIOS = [
    "matching.iln_1000",
    "matching.quality_400",
    "matching.people_5000",
    "matching.people_10000",
    "matching.quality_2000",
    "grants.ranking",
    "grants.proposal.juror",
    "grants.dossier",
    "events.agenda",
    "events.ical",
    "events.registration.contention",
    "events.agenda_pdf",
]


def _scenarios():
    return {s.name: s for s in registry.all_scenarios(registry.load_modules())}


def test_bench_app_scenarios_are_discovered_with_their_targets():
    scenarios = _scenarios()
    assert [name for name in scenarios if name in APP_SCENARIOS] == APP_SCENARIOS
    labels = {
        name: [(t.label, t.source) for t in scenarios[name].targets] for name in APP_SCENARIOS
    }
    assert labels == {
        "matching.iln_1000": [("median ≤ 5000 ms", "issue 7")],
        "matching.quality_400": [("gap_pct ≤ 1", "issue 7")],
        "matching.people_5000": [("median ≤ 5000 ms", "issue 21")],
        "matching.people_10000": [("median ≤ 15000 ms", "issue 21")],
        "matching.quality_2000": [("gap_pct ≤ 1", "issue 21")],
        "grants.ranking": [
            ("median ≤ 500 ms", "issue 5"),
            ("queries ≤ 11", "issue 5: a fixed number"),
        ],
        "grants.proposal.juror": [],
        "grants.dossier": [("median ≤ 10000 ms", "issue 5")],
        "events.agenda": [],
        "events.ical": [],
        "events.registration.contention": [("overfill ≤ 0", "issue 6: never overfilled")],
        "events.agenda_pdf": [("median ≤ 3000 ms", "issue 19: programme of 120 sessions")],
    }


@pytest.mark.django_db
def test_bench_app_scenarios_each_run_once_at_small_scale():
    scale = SCALES["small"]
    dataset = Dataset(scale=scale)
    runner.build_dataset(registry.load_modules(), dataset)

    call = dataset.grants_call
    assert Proposal.objects.filter(call=call).count() == 20
    assert Review.objects.filter(proposal__call=call, state=ReviewState.SUBMITTED).count() == 60
    assert Score.objects.filter(review__proposal__call=call).count() == 360
    assert Proposal.objects.filter(call=dataset.grants_dossier_call).count() == 20
    assert Session.objects.filter(meeting=dataset.meeting).count() == 12
    assert Registration.objects.filter(meeting=dataset.meeting).count() == 40

    scenarios = _scenarios()
    extras = {}
    for name in APP_SCENARIOS:
        scenario = scenarios[name]
        state = scenario.setup(dataset)
        if scenario.before_each:
            scenario.before_each(state)
        extras[name] = scenario.run(state)

    assert extras["matching.iln_1000"]["participants"] == 60
    assert extras["matching.iln_1000"]["unplaced"] == 0
    quality = extras["matching.quality_400"]
    assert quality["sparse_total"] <= quality["exact_total"]
    # Scale small: 10× its 60 applicants for the large rounds, 2× for the quality check.
    for name in ("matching.people_5000", "matching.people_10000"):
        assert (extras[name]["participants"], extras[name]["unplaced"]) == (600, 0)
    quality = extras["matching.quality_2000"]
    assert quality["participants"] == 120
    assert quality["sparse_total"] <= quality["exact_total"]
    assert quality["gap_pct"] <= 1.0
    assert extras["events.registration.contention"] == {
        "contenders": 4,
        "places": 2,
        "threads": 1,
        "won": 2,
        "waitlisted": 2,
        "overfill": 0,
    }
    assert (
        Registration.objects.filter(
            meeting=dataset.meeting, state=RegistrationState.REGISTERED
        ).count()
        == dataset.meeting.capacity
    )
    for name in ("grants.ranking", "grants.proposal.juror", "grants.dossier", "events.agenda"):
        assert extras[name]["kb"] > 0
