"""Network meetings' part of ``manage.py bench`` (see docs/performance.md).

``build(dataset)`` makes, through the events services, one meeting of the foundation's
round: ``scale.sessions`` sessions (120 at ILN scale) over four days in five rooms, three
tracks, speakers from the mentors, one limited study visit, a published agenda version,
and ``scale.registrations`` registrations (1,000 at ILN scale) of the round's members.
The meeting has ``CONTENDED_PLACES`` places more than that: the contention scenario
races ``CONTENDERS`` more members for those last places.

These scenarios measure without a speed target (the table shows “–”); the contention
scenario checks the one rule that must hold: places are never overfilled.
"""

import datetime
import logging
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from bench.foundation import ensure_home_page, get_page, logged_in_client
from bench.registry import Scenario, Target, under_ms

DAYS = 4
ROOMS = 5
CONTENDERS = 20
CONTENDED_PLACES = 10
SLOTS = [
    (datetime.time(9), datetime.time(10, 30)),
    (datetime.time(11), datetime.time(12, 30)),
    (datetime.time(13, 30), datetime.time(14, 30)),
    (datetime.time(14, 45), datetime.time(15, 45)),
    (datetime.time(16), datetime.time(17)),
    (datetime.time(17, 15), datetime.time(18, 15)),
    (datetime.time(18, 30), datetime.time(19, 15)),
]
TRACKS = [
    ("Leadership", {"pl": "Przywództwo", "es": "Liderazgo"}, "#0b5cad"),
    ("New library services", {"pl": "Nowe usługi", "es": "Nuevos servicios"}, "#1f6f3a"),
    ("Networking", {"pl": "Sieć kontaktów", "es": "Redes"}, "#8a4b00"),
]
KINDS = ["workshop", "lecture", "mentoring", "workshop", "team_building", "lecture"]


def build(dataset):
    from wagtail.models import Locale

    from cms.models import HomePage

    from . import services
    from .enums import RegistrationState
    from .models import MeetingPage, Room, Session, Speaker, Track

    scale, rng = dataset.scale, dataset.rng_for("events")
    ensure_home_page(dataset)
    home = HomePage.objects.filter(locale__language_code="en").order_by("pk").first()
    members = list(dataset.innovators) + list(dataset.mentors)
    registrants = members[: scale.registrations]
    contenders = members[scale.registrations :][:CONTENDERS]
    places = min(CONTENDED_PLACES, len(contenders) // 2)
    starts_on = timezone.localdate() + datetime.timedelta(days=90)
    meeting = MeetingPage(
        title="ILN global meet-up (benchmark)",
        slug="iln-meetup-bench",
        city="Melbourne",
        venue="State Library Victoria",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=DAYS - 1),
        timezone="Australia/Melbourne",
        cohort=dataset.cohort,
        capacity=len(registrants) + places,
        registration_open=True,
        description="<p>Four days of workshops, talks and mentoring for the whole round.</p>",
    )
    home.add_child(instance=meeting)
    meeting.save_revision().publish()
    meeting = MeetingPage.objects.get(pk=meeting.pk)

    rooms = [
        services.save_agenda_item(
            obj=Room(meeting=meeting, name=f"Room {number + 1}", capacity=200, position=number),
            by=None,
        )
        for number in range(ROOMS)
    ]
    tracks = [
        services.save_agenda_item(obj=Track(meeting=meeting, name=name, colour=colour), by=None)
        for name, _names, colour in TRACKS
    ]
    for track, (_name, names, _colour) in zip(tracks, TRACKS, strict=True):
        for language, translated in names.items():
            if Locale.objects.filter(language_code=language).exists():
                services.save_translation(
                    source=track, language_code=language, by=None, name=translated
                )
    speakers = [
        services.save_agenda_item(
            obj=Speaker(
                meeting=meeting,
                user=mentor,
                name=mentor.full_name,
                organisation=mentor.organisation,
                bio="Mentor in the ILN round.",
            ),
            by=None,
        )
        for mentor in dataset.mentors[:20]
    ]
    slots = [
        (day, start, end, room)
        for day in range(DAYS)
        for start, end in SLOTS
        for room in range(ROOMS)
    ]
    for number, (day, start, end, room) in enumerate(slots[: scale.sessions]):
        kind = KINDS[number % len(KINDS)]
        services.save_session(
            session=Session(
                meeting=meeting,
                title=f"{kind.replace('_', ' ').capitalize()} {number + 1}: libraries and "
                f"{rng.choice(['reading', 'makerspaces', 'data', 'archives', 'outreach'])}",
                kind=kind,
                day=starts_on + datetime.timedelta(days=day),
                start_time=start,
                end_time=end,
                room=rooms[room],
                track=tracks[number % len(tracks)],
                description="Short talks, then work in small groups and a report to everyone.",
                capacity=40 if number == 0 else None,
            ),
            by=None,
            speakers=rng.sample(speakers, min(len(speakers), rng.randint(1, 2))),
        )
    services.publish_agenda(meeting=meeting, name="Programme", by=None)
    for person in registrants:
        services.register(
            meeting=meeting,
            user=person,
            by=person,
            dietary_needs=rng.choice(["", "", "", "vegetarian", "vegan"]),
            listed=rng.random() < 0.8,
        )
    registered = meeting.registrations.filter(state=RegistrationState.REGISTERED).count()
    dataset.meeting = meeting
    dataset.meeting_registrant = registrants[0]
    dataset.meeting_contenders = contenders
    dataset.meeting_places = places
    dataset.log(
        f"  1 meeting: {Session.objects.of_meeting(meeting).count()} sessions, "
        f"{registered} registered, {len(contenders)} members left to race for {places} places"
    )


def _agenda_state(dataset):
    return {"client": logged_in_client(dataset.meeting_registrant), "path": dataset.meeting.url}


def _anonymous_state(path):
    def setup(dataset):
        from django.test import Client

        return {"client": Client(), "path": path.format(pk=dataset.meeting.pk)}

    return setup


def _pdf_state(dataset):
    # WeasyPrint logs each rendering step at INFO, which the site's root logger prints.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    return _anonymous_state("/meetings/{pk}/programme.pdf")(dataset)


def _get(state):
    response = get_page(state["client"], state["path"])
    return {"kb": round(len(response.content) / 1024, 1)}


def _contention_state(dataset):
    return {
        "meeting": dataset.meeting,
        "people": dataset.meeting_contenders,
        "places": dataset.meeting_places,
        "capacity": dataset.meeting.capacity,
    }


def _forget_contenders(state):
    """Untimed: the contenders' registrations from the previous run go, the places are free."""
    from .models import Registration

    Registration.objects.filter(meeting=state["meeting"], user__in=state["people"]).delete()


def _race(state):
    """Every contender registers at once (one thread each); then count who got a place.

    Inside an open transaction (the harness's own tests, in their test database) threads
    would not see the data set, so the registrations then run one after the other.
    """
    from . import services
    from .enums import RegistrationState
    from .models import Registration

    meeting, people = state["meeting"], state["people"]
    errors = []

    def register(person):
        try:
            services.register(meeting=meeting, user=person, by=person)
        except Exception as error:  # noqa: BLE001 - counted and reported below
            errors.append(error)

    threaded = not connection.in_atomic_block
    if threaded:
        barrier = threading.Barrier(len(people))

        def worker(person):
            try:
                barrier.wait()
                register(person)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=worker, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for person in people:
            register(person)
    if errors:
        raise errors[0]
    states = list(Registration.objects.filter(meeting=meeting).values_list("state", flat=True))
    registered = states.count(RegistrationState.REGISTERED)
    return {
        "contenders": len(people),
        "places": state["places"],
        "threads": len(people) if threaded else 1,
        "won": registered - (state["capacity"] - state["places"]),
        "waitlisted": states.count(RegistrationState.WAITLISTED),
        "overfill": max(0, registered - state["capacity"]),
    }


SCENARIOS = [
    Scenario(
        name="events.agenda",
        description=(
            "the meeting page with its published agenda (120 sessions at ILN scale) for a "
            "registered member"
        ),
        setup=_agenda_state,
        run=_get,
    ),
    Scenario(
        name="events.ical",
        description="the whole agenda as an iCalendar feed, anonymous",
        setup=_anonymous_state("/meetings/{pk}/agenda.ics"),
        run=_get,
    ),
    Scenario(
        name="events.registration.contention",
        description=(
            f"{CONTENDERS} members register at once (a thread each) for the last "
            f"{CONTENDED_PLACES} places of the meeting with 1,000 registrations (ILN scale)"
        ),
        setup=_contention_state,
        before_each=_forget_contenders,
        run=_race,
        targets=(Target("overfill", 0, True, "issue 6: never overfilled"),),
        repeat=5,
    ),
    Scenario(
        name="events.agenda_pdf",
        description="the printed programme (A4 PDF: cover, days flowing on, speakers), anonymous",
        setup=_pdf_state,
        run=_get,
        targets=(under_ms(3000, "issue 19: programme of 120 sessions"),),
        repeat=3,
        warmup=0,  # the median of three absorbs WeasyPrint's first-render cost
    ),
]
