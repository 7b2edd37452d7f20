"""Places cannot be overfilled under concurrency (PostgreSQL row locks).

Run with e.g. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/kohorta pytest -m postgres``.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from cohorts.enums import Role
from events import services
from events.enums import RegistrationState, SignupState
from events.models import Registration, SessionSignup
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import SessionFactory, make_meeting

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _run_together(people, action):
    barrier = threading.Barrier(len(people))
    errors = []

    def worker(person):
        try:
            barrier.wait()
            action(person)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_registrations_fill_exactly_the_places():
    cohort = CohortFactory()
    meeting = make_meeting(cohort, capacity=10)
    people = [add_member(cohort, Role.INNOVATOR) for _ in range(20)]

    errors = _run_together(
        people, lambda person: services.register(meeting=meeting, user=person, by=person)
    )

    assert errors == []
    states = list(Registration.objects.values_list("state", flat=True))
    assert states.count(RegistrationState.REGISTERED) == 10
    assert states.count(RegistrationState.WAITLISTED) == 10


def test_concurrent_signups_fill_exactly_the_places():
    cohort = CohortFactory()
    meeting = make_meeting(cohort, capacity=30)
    people = [add_member(cohort, Role.INNOVATOR) for _ in range(12)]
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    visit = SessionFactory(meeting=meeting, kind="study_visit", capacity=5)

    errors = _run_together(
        people, lambda person: services.sign_up(session=visit, user=person, by=person)
    )

    assert errors == []
    states = list(SessionSignup.objects.values_list("state", flat=True))
    assert states.count(SignupState.CONFIRMED) == 5
    assert states.count(SignupState.WAITLISTED) == 7
