from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from grants import ranking
from grants.enums import ProposalState, ReviewState
from grants.models import JuryAssignment, Score
from grants.selectors import ranking_table
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import (
    CriterionFactory,
    GrantCallFactory,
    ProposalFactory,
    is_not_found,
    juror_of,
    review,
)
from tests.tables import read_table


def test_review_score_leaves_na_out():
    criteria = [ranking.CriterionSpec(1, 2.0, 1, 5), ranking.CriterionSpec(2, 1.0, 1, 5)]
    assert ranking.review_score(criteria, {1: 3, 2: None}) == 50.0
    assert ranking.review_score(criteria, {1: 3, 2: 1}) == pytest.approx(100 / 3)
    assert ranking.review_score(criteria, {1: None, 2: None}) is None


def test_review_score_mixes_scales_on_0_to_100():
    criteria = [ranking.CriterionSpec(1, 1.0, 1, 5), ranking.CriterionSpec(2, 1.0, 0, 10)]
    assert ranking.review_score(criteria, {1: 5, 2: 5}) == 75.0


@pytest.fixture
def worked_example(cohort):
    """Two criteria: A (weight 2, required), B (weight 1, n/a allowed), both 1–5.

    Review scores (0–100): J1 gives P1 83.33 (A5 B3), P2 50 (A3 B n/a), P3 0 (A1 B1);
    J2 gives P1 83.33 (A4 B5), P2 50 (A4 B1); J3 gives P1 25 (A2 B n/a).
    J1's mean is 44.44 with standard deviation 34.25, so J1's z-scores are 1.1355, 0.1622
    and -1.2978; J2's mean is 66.67, sd 16.67, z = +1 and -1; J3 has a single review, z = 0.
    """
    call = GrantCallFactory(
        cohort=cohort, total_budget=Decimal("5000"), max_per_proposal=Decimal("3000")
    )
    a = CriterionFactory(call=call, name="A", weight=Decimal("2"), position=0)
    b = CriterionFactory(call=call, name="B", weight=Decimal("1"), required=False, position=1)
    j1, j2, j3 = (juror_of(cohort, full_name=f"J{i}", organisation=f"O{i}") for i in (1, 2, 3))
    p1 = ProposalFactory(call=call, title="P1", state=ProposalState.IN_REVIEW, budget=["3000"])
    p2 = ProposalFactory(call=call, title="P2", state=ProposalState.IN_REVIEW, budget=["1500"])
    p3 = ProposalFactory(call=call, title="P3", state=ProposalState.SHORTLISTED, budget=["1000"])
    ProposalFactory(call=call, title="Draft", state=ProposalState.DRAFT)
    review(p1, j1, {a: 5, b: 3})
    review(p2, j1, {a: 3, b: None})
    review(p3, j1, {a: 1, b: 1})
    review(p1, j2, {a: 4, b: 5})
    review(p2, j2, {a: 4, b: 1})
    review(p1, j3, {a: 2, b: None})
    review(p3, j2, {a: 5, b: 5}, state=ReviewState.DRAFT)  # drafts never count
    return call, (p1, p2, p3)


def test_ranking_worked_example(worked_example):
    call, (p1, p2, p3) = worked_example
    rows = {row.proposal.title: row for row in ranking_table(call)}
    assert sorted(rows) == ["P1", "P2", "P3"]
    assert rows["P1"].mean == pytest.approx(63.8889, abs=1e-4)
    assert rows["P1"].median == pytest.approx(83.3333, abs=1e-4)
    assert rows["P1"].count == 3
    assert rows["P1"].spread == pytest.approx(27.4986, abs=1e-4)
    assert rows["P1"].disagreement is True
    assert rows["P1"].z == pytest.approx(0.71185, abs=1e-4)
    assert (rows["P2"].mean, rows["P2"].median, rows["P2"].count, rows["P2"].spread) == (
        50.0,
        50.0,
        2,
        0.0,
    )
    assert rows["P2"].z == pytest.approx(-0.41889, abs=1e-4)
    assert rows["P2"].disagreement is False
    assert (rows["P3"].mean, rows["P3"].count) == (0.0, 1)
    assert rows["P3"].z == pytest.approx(-1.29777, abs=1e-4)


def test_ranking_running_total_and_budget_fit(worked_example):
    call, _proposals = worked_example
    rows = ranking_table(call, sort="z")
    assert [(r.position, r.proposal.title, r.running_total, r.within_budget) for r in rows] == [
        (1, "P1", Decimal("3000.00"), True),
        (2, "P2", Decimal("4500.00"), True),
        (3, "P3", Decimal("5500.00"), False),
    ]


def test_ranking_sort_ascending_by_median(worked_example):
    call, _proposals = worked_example
    rows = ranking_table(call, sort="median", descending=False)
    assert [r.proposal.title for r in rows] == ["P3", "P2", "P1"]


def test_ranking_without_reviews_puts_missing_last(cohort):
    call = GrantCallFactory(cohort=cohort)
    CriterionFactory(call=call)
    ProposalFactory(call=call, title="Unreviewed", state=ProposalState.IN_REVIEW)
    rows = ranking_table(call)
    assert [(r.proposal.title, r.mean, r.count, r.z) for r in rows] == [
        ("Unreviewed", None, 0, None)
    ]


@pytest.mark.parametrize("name", ["grants:ranking_csv", "grants:ranking_xlsx"])
def test_ranking_export(client, worked_example, coordinator, name):
    call, _proposals = worked_example
    client.force_login(coordinator)
    response = client.get(reverse(name, args=[call.pk]) + "?sort=z")
    table = read_table(response)
    assert table[0][:7] == [
        "Position",
        "Proposal",
        "Title",
        "Applicant",
        "Country",
        "State",
        "Weighted mean",
    ]
    numbers = [float(value) for value in table[1][6:11]]
    assert numbers == [63.89, 83.33, 0.712, 3, 27.5]
    assert table[1][11] == "yes"
    assert [float(value) for value in table[1][12:14]] == [3000, 3000]
    assert table[1][14] == "yes"
    assert len(table) == 4


def test_ranking_page_other_cohort_404(client, worked_example):
    call, _proposals = worked_example
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    assert is_not_found(client.get(reverse("grants:ranking", args=[call.pk])))
    assert is_not_found(client.get(reverse("grants:ranking_csv", args=[call.pk])))
    assert is_not_found(client.get(reverse("grants:ranking_xlsx", args=[call.pk])))


def test_ranking_page_juror_404(client, worked_example, juror):
    call, _proposals = worked_example
    client.force_login(juror)
    assert is_not_found(client.get(reverse("grants:ranking", args=[call.pk])))


def _row_count(response):
    tbody = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return tbody.count("<tr")


def test_ranking_page_fixed_queries(client, cohort, coordinator, django_assert_num_queries):
    call = GrantCallFactory(cohort=cohort)
    criteria = [CriterionFactory(call=call, position=i) for i in range(3)]
    jurors = [juror_of(cohort, organisation=f"Jury org {i}") for i in range(3)]

    def add(n):
        for _ in range(n):
            proposal = ProposalFactory(call=call, state=ProposalState.IN_REVIEW)
            for juror in jurors:
                review(proposal, juror, dict.fromkeys(criteria, 3))

    client.force_login(coordinator)
    url = reverse("grants:ranking", args=[call.pk])
    add(1)
    client.get(url + "?sort=mean")
    # Computed: session, user, roles, the call, the ranking's four, the export, ...
    with django_assert_num_queries(11):
        response = client.get(url)
    assert _row_count(response) == 1
    # The same table again: kept (grants/ranking_cache.py), the ranking's four are gone.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert _row_count(response) == 1
    add(4)
    with django_assert_num_queries(11):
        response = client.get(url + "?sort=spread&dir=asc")
    assert _row_count(response) == 5


def _ranked(client, call):
    """{title: (reviews, decision cell, weighted mean)} as the ranking page shows them."""
    import re

    html = client.get(reverse("grants:ranking", args=[call.pk])).content.decode()
    rows = re.findall(r"<tr(?: class=\"over-budget\")?>(.*?)</tr>", html.split("<tbody>")[1])
    table = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        title = re.sub(r"<[^>]+>", "|", cells[1]).strip("|").split("|")[0]
        table[title] = (cells[5], cells[-1], cells[2])
    return table


def test_a_submitted_review_changes_the_kept_ranking_at_once(client, cohort, coordinator):
    from grants import services

    call = GrantCallFactory(cohort=cohort, closes_at=timezone.now() - timedelta(days=1))
    criterion = CriterionFactory(call=call)
    first, second = juror_of(cohort, organisation="A"), juror_of(cohort, organisation="B")
    proposal = ProposalFactory(call=call, title="P1", state=ProposalState.IN_REVIEW)
    review(proposal, first, {criterion: 4})
    JuryAssignment.objects.create(proposal=proposal, juror=second)
    client.force_login(coordinator)
    assert _ranked(client, call)["P1"][0] == "1"
    assert _ranked(client, call)["P1"][0] == "1"  # kept
    services.save_review(
        proposal=proposal,
        by=second,
        scores={criterion.pk: 2},
        recommendation="no",
        submit=True,
    )
    assert _ranked(client, call)["P1"][0] == "2"


def test_conflicts_decisions_and_names_change_the_kept_ranking_at_once(
    client, worked_example, coordinator
):
    from grants import services

    call, (p1, p2, _p3) = worked_example
    client.force_login(coordinator)
    before = _ranked(client, call)
    assert before["P1"][:2] == ("3", "")
    # A juror declares a conflict: their review leaves the ranking.
    juror = p1.reviews.get(juror__full_name="J3").juror
    services.declare_conflict(proposal=p1, by=juror)
    assert _ranked(client, call)["P1"][0] == "2"
    # A decision shows in its column.
    services.record_decision(proposal=p2, by=coordinator, outcome="not_funded", rationale="No.")
    assert _ranked(client, call)["P2"][1] != ""
    # A score changed in the database (an admin's edit): P2's mean moves from 50.0.
    assert _ranked(client, call)["P2"][2] == "50.0"
    score = Score.objects.filter(review__proposal=p2, value__isnull=False).order_by("pk").first()
    score.value = 1 if score.value != 1 else 5
    score.save()
    assert _ranked(client, call)["P2"][2] != "50.0"
    # The applicant's new name.
    p1.applicant.full_name = "Renamed Applicant"
    p1.applicant.save()
    html = client.get(reverse("grants:ranking", args=[call.pk])).content.decode()
    assert "Renamed Applicant" in html


def test_the_kept_table_is_per_language_and_per_reader(client, worked_example, coordinator):
    from grants import ranking_cache

    call, _proposals = worked_example
    url = reverse("grants:ranking", args=[call.pk])
    client.force_login(coordinator)
    managing = client.get(url).content.decode()
    assert "/grants/proposals/" in managing  # the coordinator's titles link to the proposals
    observer = add_member(call.cohort, Role.OBSERVER)
    client.force_login(observer)
    reading = client.get(url).content.decode()
    assert reading.count("/grants/proposals/") < managing.count("/grants/proposals/")
    assert ranking_cache.generation() >= 1


def test_erasing_an_applicant_reaches_the_kept_ranking(client, worked_example, coordinator):
    """The erasure rewrites titles with update() (no signals): it bumps the number itself."""
    from grants import privacy

    call, (p1, _p2, _p3) = worked_example
    client.force_login(coordinator)
    assert "P1" in _ranked(client, call)
    privacy.anonymise(p1.applicant, {})
    assert "P1" not in _ranked(client, call)


def test_bench_ranking_rolls_back_and_counts_queries():
    from grants.bench import bench_ranking
    from grants.models import GrantCall

    small = bench_ranking(proposals=3, jurors=2, criteria=2, repeat=1)
    large = bench_ranking(proposals=12, jurors=3, criteria=4, repeat=1)
    assert (small["selector_queries"], small["page_queries"]) == (4, 6)
    assert (large["selector_queries"], large["page_queries"]) == (4, 6)
    assert GrantCall.objects.count() == 0


def test_ranking_rows_escape_names_and_mark_the_budget_line(client, worked_example, coordinator):
    """The rows are written in Python (2,000 through the template engine were too slow):
    a person's text is escaped, the disagreement and over-budget marks are translated."""
    call, (p1, _p2, p3) = worked_example
    p1.title = 'P1 <script>alert("x")</script>'
    p1.save()
    p3.applicant.full_name = "Ana & <b>Boris</b>"
    p3.applicant.save()
    client.force_login(coordinator)
    html = client.get(reverse("grants:ranking", args=[call.pk])).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "<script>" not in body
    assert "P1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "Ana &amp; &lt;b&gt;Boris&lt;/b&gt;" in body
    assert body.count('<tr class="over-budget">') == 1  # P3 crosses the budget line
    assert '<span class="badge badge--conflict">disagreement</span>' in body  # P1
    assert f'<a href="/grants/proposals/{p1.pk}/">' in body
    greek = client.get(reverse("grants:ranking", args=[call.pk]) + "?lang=el").content.decode()
    assert "over budget" not in greek.split("<tbody>")[1]


def test_ranking_without_proposals_says_so(client, cohort, coordinator):
    call = GrantCallFactory(cohort=cohort)
    client.force_login(coordinator)
    html = client.get(reverse("grants:ranking", args=[call.pk])).content.decode()
    assert "No proposals are in review yet." in html
