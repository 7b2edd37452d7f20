"""The grants app's part of ``manage.py bench`` (see docs/performance.md).

``build(dataset)`` adds, for the foundation's ILN round, a call with ``scale.proposals``
proposals reviewed by ``scale.jurors_per_proposal`` jurors on ``scale.criteria`` criteria
(every review submitted), and a second call of ``DOSSIER_PROPOSALS`` proposals (fewer
when the scale has fewer) for the PDF dossier. The call, its rubric, the jurors and the jury assignment go through the services
(``create_call``, ``create_criterion``, ``cohorts.services``, ``auto_assign``); the
proposals, their budget lines, first revisions, reviews and scores are bulk-created in the
state the services would leave them in (submitted, screened eligible, in review; scores
within each criterion's scale; the rubric frozen by the first submitted review), because
2,500 ``save_review`` calls and 2,000 proposal transitions would take minutes.

``bench_ranking()`` is the stand-alone ranking benchmark from before the harness: it builds
a call inside a transaction that is rolled back, then times the ranking selector and page.
"""

import datetime
import logging
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.foundation import get_page, logged_in_client, session_cookie
from bench.registry import HTTP, Request, Scenario, max_p99_ms, max_queries, min_ratio, under_ms

DOSSIER_PROPOSALS = 30
# The ranking page's queries whatever the number of proposals (measured at every scale).
RANKING_QUERIES = 11


class _Rollback(Exception):
    pass


def bench_ranking(*, proposals=500, jurors=5, criteria=6, repeat=3):
    from django.test import RequestFactory
    from wagtail.models import Locale

    from cohorts.enums import Role
    from cohorts.models import Cohort, Membership, Programme, User

    from .enums import ProposalState, ReviewState
    from .models import Criterion, GrantCall, Proposal, Review, Score
    from .selectors import ranking_table
    from .views.coordinator import ranking

    result = {}
    try:
        with transaction.atomic():
            programme = Programme.objects.create(name="Bench", slug="bench-ranking")
            cohort = Cohort.objects.create(
                programme=programme,
                name="Bench",
                slug="bench",
                starts_on="2026-01-01",
                ends_on="2026-12-31",
            )
            call = GrantCall.objects.create(
                cohort=cohort,
                title="Bench call",
                opens_at="2026-01-01T00:00Z",
                closes_at="2026-02-01T00:00Z",
                total_budget=Decimal("100000"),
                max_per_proposal=Decimal("5000"),
            )
            specs = Criterion.objects.bulk_create(
                # bulk_create skips the signal that puts new rows in the default locale.
                Criterion(call=call, name=f"C{i}", position=i, locale=Locale.get_default())
                for i in range(criteria)
            )
            people = User.objects.bulk_create(
                User(email=f"bench{i}@bench.invalid", full_name=f"Bench {i}")
                for i in range(proposals + jurors)
            )
            jury = people[proposals:]
            Membership.objects.bulk_create(
                Membership(user=user, cohort=cohort, role=Role.JURY) for user in jury
            )
            rows = Proposal.objects.bulk_create(
                Proposal(
                    call=call,
                    cohort=cohort,
                    applicant=user,
                    title=f"Proposal {i}",
                    state=ProposalState.IN_REVIEW,
                    budget_total=Decimal(1000 + i),
                )
                for i, user in enumerate(people[:proposals])
            )
            reviews = Review.objects.bulk_create(
                Review(proposal=p, juror=j, state=ReviewState.SUBMITTED, recommendation="yes")
                for p in rows
                for j in jury
            )
            Score.objects.bulk_create(
                Score(review=r, criterion=c, value=(index * 7 + c.position) % 5 + 1)
                for index, r in enumerate(reviews)
                for c in specs
            )
            admin = User(email="bench-admin@bench.invalid", is_superuser=True, is_active=True)
            request = RequestFactory().get(f"/grants/calls/{call.pk}/ranking/")
            request.user = admin
            selector, page = [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as selector_queries:
                    started = time.perf_counter()
                    ranking_table(call)
                    selector.append(time.perf_counter() - started)
                with CaptureQueriesContext(connection) as page_queries:
                    started = time.perf_counter()
                    response = ranking(request, call.pk)
                    page.append(time.perf_counter() - started)
            result = {
                "size": f"{proposals} proposals x {jurors} jurors x {criteria} criteria",
                "selector_ms": round(min(selector) * 1000),
                "selector_queries": len(selector_queries),
                "page_ms": round(min(page) * 1000),
                "page_queries": len(page_queries),
                "page_bytes": len(response.content),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


# The harness's data set and scenarios ----------------------------------------------------

CRITERIA = [
    ("Relevance to the community", "2"),
    ("Innovation", "1.5"),
    ("Feasibility", "1.5"),
    ("Budget and value for money", "1"),
    ("Sustainability", "1"),
    ("Partnerships", "1"),
    ("Evaluation plan", "1"),
    ("Visibility", "1"),
]
BUDGET_ITEMS = ["Equipment", "Books and materials", "Workshops", "Travel", "Promotion"]


def build(dataset):
    from cohorts import services as cohort_services
    from cohorts.enums import Role

    scale, rng = dataset.scale, dataset.rng_for("grants")
    jurors = []
    for number in range(scale.jurors_per_proposal):
        juror = cohort_services.create_user(
            email=f"juror{number:02d}@bench.example.org",
            full_name=f"Juror {number + 1:02d}",
            verified=True,
            country="AU",
            organisation=f"ILN jury panel {number + 1}",
        )
        cohort_services.add_member(cohort=dataset.cohort, user=juror, role=Role.JURY, by=None)
        jurors.append(juror)
    applicants = dataset.innovators[: scale.proposals]
    dataset.grants_call = call_in_review(
        dataset, rng, "ILN small grants (benchmark)", applicants, scale.criteria
    )
    dataset.grants_dossier_call = call_in_review(
        dataset,
        rng,
        "ILN travel grants (benchmark dossier)",
        dataset.innovators[: min(DOSSIER_PROPOSALS, scale.proposals)],
        scale.criteria,
    )
    dataset.grants_jurors = jurors
    dataset.grants_juror = jurors[0]
    dataset.grants_proposal = (
        dataset.grants_call.proposals.filter(assignments__juror=jurors[0]).order_by("pk").first()
    )
    dataset.log(
        f"  {len(applicants)} proposals x {len(jurors)} jurors x {scale.criteria} criteria, "
        f"all reviews submitted; {dataset.grants_dossier_call.proposals.count()} proposals "
        "in the dossier call"
    )


def call_in_review(dataset, rng, title, applicants, criteria_count, *, reviewed=True):
    """A call whose proposals are all in review and assigned to the jurors; with
    ``reviewed``, every juror's review submitted too (the load test wants them still to do)."""
    from .enums import ProposalState, Recommendation, ReviewState
    from .models import BudgetLine, GrantCall, Proposal, ProposalRevision, Review, Score
    from .services import auto_assign, create_call, create_criterion, snapshot

    now = timezone.now()
    call = create_call(
        cohort=dataset.cohort,
        by=None,
        title=title,
        description="Small grants for services the librarians designed with their partners.",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        timezone="Australia/Sydney",
        total_budget=Decimal(len(applicants) * 1000),
        max_per_proposal=Decimal("5000"),
        awards=max(1, len(applicants) // 10),
        jurors_per_proposal=dataset.scale.jurors_per_proposal,
    )
    criteria = [
        create_criterion(
            call=call,
            by=None,
            name=name,
            guidance=f"How strong is the proposal on {name.lower()}?",
            weight=Decimal(weight),
            position=index,
        )
        for index, (name, weight) in enumerate((CRITERIA * 2)[:criteria_count])
    ]
    submitted_at = now - datetime.timedelta(days=31)
    proposals, budgets = [], []
    for index, person in enumerate(applicants):
        lines = [
            (item, Decimal(rng.randrange(200, 1600, 50)))
            for item in rng.sample(BUDGET_ITEMS, rng.randint(2, 3))
        ]
        budgets.append(lines)
        proposals.append(
            Proposal(
                call=call,
                cohort=dataset.cohort,
                applicant=person,
                title=f"Library service {index + 1:03d}: {rng.choice(BUDGET_ITEMS).lower()}",
                summary="A new library service for the people of our town.",
                problem="Few people in our town use the library; our survey shows why.",
                target_community="Young people and families in our town.",
                activities="1. Prepare with partners.\n2. Launch the service.\n3. Evaluate.",
                timeline="Months 1–2: preparation. Months 3–10: the service. Months 11–12: report.",
                state=ProposalState.IN_REVIEW,
                budget_total=sum(amount for _item, amount in lines),
                submitted_at=submitted_at,
            )
        )
    proposals = Proposal.objects.bulk_create(proposals)
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, description=item, amount=amount, position=position)
        for proposal, lines in zip(proposals, budgets, strict=True)
        for position, (item, amount) in enumerate(lines)
    )
    revisions = [
        ProposalRevision(
            proposal=proposal,
            number=1,
            data=snapshot(proposal),
            submitted_by=proposal.applicant,
            submitted_at=submitted_at,
        )
        for proposal in proposals
    ]
    ProposalRevision.objects.bulk_create(revisions)
    created, short = auto_assign(call=call, by=None)
    if short:
        raise RuntimeError(f"{len(short)} proposals of {title!r} got too few jurors")
    if not reviewed:
        return call
    quality = {proposal.pk: rng.uniform(1.5, 4.5) for proposal in proposals}
    reviews, values = [], []
    for proposal_id, juror_id in call.proposals.values_list("pk", "assignments__juror_id").order_by(
        "pk", "assignments__pk"
    ):
        bias = (juror_id % 5 - 2) * 0.3
        marks = [
            min(
                c.scale_max,
                max(c.scale_min, round(quality[proposal_id] + bias + rng.gauss(0, 0.7))),
            )
            for c in criteria
        ]
        mean = sum(marks) / len(marks)
        reviews.append(
            Review(
                proposal_id=proposal_id,
                juror_id=juror_id,
                state=ReviewState.SUBMITTED,
                comment_to_applicant="Clear plan; say more about how you will measure success.",
                private_note="Solid proposal.",
                recommendation=Recommendation.YES
                if mean >= 3.5
                else Recommendation.MAYBE
                if mean >= 2.5
                else Recommendation.NO,
                submitted_at=submitted_at + datetime.timedelta(days=5),
            )
        )
        values.append(marks)
    reviews = Review.objects.bulk_create(reviews, batch_size=500)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=value)
            for review, marks in zip(reviews, values, strict=True)
            for criterion, value in zip(criteria, marks, strict=True)
        ),
        batch_size=1000,
    )
    # What ``save_review`` does on the first submitted review of a call.
    GrantCall.objects.filter(pk=call.pk).update(rubric_frozen_at=submitted_at)
    call.refresh_from_db()
    # Rows written with bulk_create send no signals: no kept ranking table may outlive them.
    from .ranking_cache import bump

    bump()
    return call


def _ranking_state(dataset):
    return {
        "client": logged_in_client(dataset.coordinator),
        "path": f"/grants/calls/{dataset.grants_call.pk}/ranking/",
    }


def _forget_rankings(_state):
    """Every timed run computes and renders the ranking (``http.grants.ranking`` measures
    the kept table and page: the coordinator coming back to it)."""
    from kohorta.personal_cache import bump_generation

    from .ranking_cache import bump

    bump()
    bump_generation()


def _juror_state(dataset):
    return {
        "client": logged_in_client(dataset.grants_juror),
        "path": f"/grants/proposals/{dataset.grants_proposal.pk}/",
    }


def _get(state):
    response = get_page(state["client"], state["path"])
    return {"kb": round(len(response.content) / 1024, 1)}


def quiet_weasyprint():
    """WeasyPrint logs each rendering step at INFO, which the site's root logger prints."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def _dossier_state(dataset):
    quiet_weasyprint()
    return dataset.grants_dossier_call


def _dossier(call):
    from kohorta.pdf import render_pdf

    from .selectors import dossier_context

    pdf = render_pdf("grants/pdf/dossier.html", dossier_context(call))
    if not pdf.startswith(b"%PDF"):
        raise AssertionError("the dossier is not a PDF")
    return {"kb": round(len(pdf) / 1024, 1)}


def _http_ranking(dataset):
    return Request(
        f"/grants/calls/{dataset.grants_call.pk}/ranking/",
        headers=session_cookie(dataset.coordinator),
    )


SCENARIOS = [
    Scenario(
        name="http.grants.ranking",
        description="the call's ranking page for the coordinator through gunicorn",
        kind=HTTP,
        setup=_http_ranking,
        targets=(min_ratio(0.1, "issue 21"), max_p99_ms(100, "issue 21")),
    ),
    Scenario(
        name="grants.ranking",
        description=(
            "ranking page for the coordinator: weighted means, medians, z-scores and spread "
            "computed and rendered (500 proposals x 5 jurors x 6 criteria at ILN scale)"
        ),
        setup=_ranking_state,
        before_each=_forget_rankings,
        run=_get,
        targets=(under_ms(500, "issue 5"), max_queries(RANKING_QUERIES, "issue 5: a fixed number")),
    ),
    Scenario(
        name="grants.proposal.juror",
        description="a proposal's page for one of its jurors (their review submitted)",
        setup=_juror_state,
        run=_get,
    ),
    Scenario(
        name="grants.dossier",
        description=(
            f"PDF dossier of a call with {DOSSIER_PROPOSALS} proposals at ILN scale (their "
            "reviews and scores): what the background task renders"
        ),
        setup=_dossier_state,
        run=_dossier,
        targets=(under_ms(10_000, "issue 5"),),
        repeat=3,
        warmup=0,  # the median of three absorbs WeasyPrint's first-render cost
    ),
]
