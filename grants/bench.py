"""Ranking benchmark for the performance harness (``manage.py bench`` when it exists).

``bench_ranking()`` builds a call with ``proposals`` x ``jurors`` x ``criteria`` scores
inside a transaction that is rolled back, then times the ranking selector and the whole
ranking page (selector + template), and counts their queries.
"""

import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


class _Rollback(Exception):
    pass


def bench_ranking(*, proposals=500, jurors=5, criteria=6, repeat=3):
    from django.test import RequestFactory

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
                Criterion(call=call, name=f"C{i}", position=i) for i in range(criteria)
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
