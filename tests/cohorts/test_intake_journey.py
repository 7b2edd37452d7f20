"""The issue's "done when": apply, cap, select, match, publish, see the partner."""

import datetime

from django.core import mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, MatchingRun
from tests.factories.cohorts import PASSWORD, UserFactory, add_member
from tests.factories.intake import ApplicationFactory, open_call

APPLICATION = {
    "sector": "student",
    "career_stage": "student",
    "country": "NZ",
    "organisation": "Victoria University of Wellington",
    "languages": ["en"],
    "interests": ["digital", "research"],
    "hopes": "A partner who works in an academic library.",
    "preferred_partner_sector": "academic",
    "submit": "1",
}


def test_newcomer_applies_coordinator_caps_selects_matches_and_partners_see_each_other(
    client, run_on_commit
):
    call = open_call(name="ILN round 2027")
    cohort = call.cohort
    coordinator = add_member(cohort, Role.COORDINATOR)
    early = timezone.now() - datetime.timedelta(days=3)
    for n, country in enumerate(["PL"] * 4 + ["AU", "US", "GB", "IN", "KE"]):
        ApplicationFactory(
            cohort=cohort,
            user=UserFactory(country=country),
            sector="academic",
            submitted_at=early + datetime.timedelta(minutes=n),
        )

    newcomer = UserFactory(country="NZ", full_name="Aroha Smith")
    client.login(username=newcomer.email, password=PASSWORD)
    response = client.post(reverse("cohorts:apply", kwargs={"cohort_id": cohort.pk}), APPLICATION)
    assert response.status_code == 302
    assert Application.objects.get(user=newcomer).state == ApplicationState.SUBMITTED

    client.login(username=coordinator.email, password=PASSWORD)
    with run_on_commit():
        client.post(reverse("cohorts:apply_cap", kwargs={"cohort_id": cohort.pk}), {"percent": 20})
    # 10 applicants, 20% -> 2 per country: the two latest Polish move to a later round.
    assert Application.objects.filter(state="later_round").count() == 2
    assert len(mail.outbox) == 2

    for application in Application.objects.filter(state="submitted"):
        url = reverse(
            "cohorts:application_decide", kwargs={"cohort_id": cohort.pk, "pk": application.pk}
        )
        client.post(url, {"state": "accepted"})
    with run_on_commit():
        client.post(reverse("cohorts:send_decisions", kwargs={"cohort_id": cohort.pk}))
    assert len(mail.outbox) == 2 + 8

    with run_on_commit():
        response = client.post(
            reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk}),
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
    response = client.get(response["Location"])  # the job, done: on to its run
    run = MatchingRun.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Aroha Smith asked for a partner from: Academic library" in page
    with run_on_commit():
        client.post(response["Location"], {"publish": "1"})
    assert len(mail.outbox) == 10 + 8

    pair = run.pairs.get(Q(person_a=newcomer) | Q(person_b=newcomer) | Q(person_c=newcomer))
    partner = next(person for person in pair.people if person.pk != newcomer.pk)
    for me, other in ((newcomer, partner), (partner, newcomer)):
        client.login(username=me.email, password=PASSWORD)
        content = client.get(reverse("dashboard")).content.decode()
        assert other.full_name in content
        assert other.email in content
