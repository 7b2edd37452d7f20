import io
import random

from cohorts.enums import Role
from events import demo
from events.models import AgendaRelease, MeetingPage, Registration, Session, SessionSignup
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import home_page


def _context():
    cohort = CohortFactory(name="INELI Balkans 2025–2027", slug="2025-2027")
    innovators = [add_member(cohort, Role.INNOVATOR) for _ in range(34)]
    innovators.append(add_member(cohort, Role.INNOVATOR, email="innovator@example.org"))
    mentors = [add_member(cohort, Role.MENTOR) for _ in range(5)]
    add_member(cohort, Role.COORDINATOR, email="coordinator@example.org")
    return {
        "programmes": {"ineli": cohort.programme},
        "cohorts": {"ineli": cohort},
        "ineli_innovators": innovators,
        "ineli_mentors": mentors,
        "admin": None,
    }


def _counts():
    return (
        MeetingPage.objects.count(),
        Session.objects.count(),
        AgendaRelease.objects.count(),
        Registration.objects.count(),
        SessionSignup.objects.count(),
    )


def test_demo_seed_idempotent_with_waitlisted_study_visit():
    home_page()
    context = _context()
    demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO(), context=context)
    first = _counts()
    demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO(), context=context)
    assert _counts() == first
    # Four meetings, the Bulgarian Sofia page, the Macedonian and Serbian Belgrade pages.
    assert first[0] == 7
    sofia_bg = MeetingPage.objects.get(locale__language_code="bg")
    assert (sofia_bg.city, sofia_bg.agenda_owner.slug) == ("София", "ineli-sofia-2016")
    belgrade = MeetingPage.objects.get(slug="ineli-belgrade-2027", locale__language_code="en")
    visit = Session.objects.of_meeting(belgrade).get(kind="study_visit")
    assert (
        sorted(visit.signups.values_list("state", flat=True))
        == ["confirmed"] * 12 + ["waitlisted"] * 2
    )
    assert not Registration.objects.filter(user__email="innovator@example.org").exists()
    assert list(
        MeetingPage.objects.get(
            slug="ineli-sofia-2016", locale__language_code="en"
        ).releases.values_list("name", flat=True)
    ) == ["Final programme", "Draft programme"]
