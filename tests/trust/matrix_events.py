"""Matrix rows for the events app: meeting pages, registration, sessions, sign-ups, stars,
personal agendas, calendars (public and token feeds), PDFs, the coordinators' pages and the
Wagtail admin for sessions, rooms, tracks and speakers.

The world: meeting A (cohort A, 3 places) with INNOVATOR (listed), innovator_rs (NOT listed:
never in the participant list) and MENTOR (listed) registered, mentee_2 waiting, JUROR
cancelled (their calendar token is dead); meeting B (cohort B) with OTHER_INNOVATOR.
"""

import datetime

from django.urls import reverse

from events import services
from events.enums import RegistrationState, SignupState
from events.models import AgendaRelease, Registration, SessionSignup, Star
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
    make_meeting,
)

from .matrix import LOGIN, AdminModel, Row, expect, logged_in
from .world import (
    COORDINATOR,
    INNOVATOR,
    JUROR,
    MENTOR,
    OBSERVER,
    OTHER_COORDINATOR,
    OTHER_INNOVATOR,
    STAFF,
)


def _agenda(meeting, tag):
    room = RoomFactory(meeting=meeting, name=f"Hall {tag}")
    track = TrackFactory(meeting=meeting, name=f"Track {tag}")
    speaker = SpeakerFactory(meeting=meeting, name=f"Speaker {tag}")
    plenary = SessionFactory(
        meeting=meeting,
        room=room,
        track=track,
        title=f"Plenary {tag}",
        kind="plenary",
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    plenary.speakers.add(speaker)
    visit = SessionFactory(
        meeting=meeting,
        title=f"Visit {tag}",
        kind="study_visit",
        day=meeting.starts_on + datetime.timedelta(days=1),
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        capacity=5,
        location="Plovdiv",
    )
    return {"room": room, "track": track, "speaker": speaker, "session": plenary, "visit": visit}


def extend_world(world):
    p = world.people
    meeting = make_meeting(world.cohort, capacity=3)
    a = _agenda(meeting, "A")
    a["agendarelease"] = services.publish_agenda(meeting=meeting, name="First", by=None)
    # A speaker and a session added after the release: not published, so no one may see
    # them yet.
    a["draft_speaker"] = SpeakerFactory(meeting=meeting, name="Unpublished speaker")
    a["draft_session"] = SessionFactory(
        meeting=meeting,
        title="Unpublished",
        start_time=datetime.time(14),
        end_time=datetime.time(15),
    )

    def register(user, listed):
        return services.register(meeting=meeting, user=user, by=None, listed=listed)

    registrations = {
        INNOVATOR: register(p[INNOVATOR], True),
        "innovator_rs": register(p["innovator_rs"], False),
        JUROR: register(p[JUROR], True),
    }
    services.cancel_registration(registration=registrations[JUROR], by=None)
    registrations[MENTOR] = register(p[MENTOR], True)
    registrations["mentee_2"] = register(p["mentee_2"], True)
    assert registrations["mentee_2"].state == RegistrationState.WAITLISTED
    signup = services.sign_up(session=a["visit"], user=p[INNOVATOR], by=None)

    other = make_meeting(world.other_cohort)
    b = _agenda(other, "B")
    services.publish_agenda(meeting=other, name="First", by=None)
    b_registration = services.register(meeting=other, user=p[OTHER_INNOVATOR], by=None, listed=True)
    world.objects["events"] = {
        "meeting": meeting,
        "other_meeting": other,
        "a": a,
        "b": b,
        "registrations": registrations,
        "b_registration": b_registration,
        "signup": signup,
    }


def ev(world):
    return world.objects["events"]


# Cohort A's instance of every events model in the admin (generated rows, admin_rows.py).
ADMIN_MODELS = {
    **{
        f"events.{key}": AdminModel(lambda world, key=key: ev(world)["a"][key])
        for key in ("session", "room", "track", "speaker", "agendarelease")
    },
    "events.meetingpage": AdminModel(lambda world: ev(world)["meeting"], staff_only=True),
}


def meeting_url(name, *, meeting="meeting"):
    return lambda w: reverse(f"events:{name}", args=[ev(w)[meeting].pk])


def session_url(name, *, which="session", side="a"):
    return lambda w: reverse(f"events:{name}", args=[ev(w)[side][which].pk])


def check_in_url(kind, *, meeting="meeting", day=None):
    def build(w):
        date = day or ev(w)[meeting].starts_on.isoformat()
        return reverse(f"events:check_in_list_{kind}", args=[ev(w)[meeting].pk, date])

    return build


def _token(world, key=INNOVATOR):
    return ev(world)["registrations"][key].calendar_token


def ics_url(token):
    return lambda w: reverse("events:personal_ics", args=[token(w)])


# Who sees whom ---------------------------------------------------------------------------
LISTED = {INNOVATOR, MENTOR}  # registered and consenting; innovator_rs did not consent
PARTICIPANT_LIST_VISIBLE = {
    INNOVATOR: LISTED, MENTOR: LISTED, OBSERVER: LISTED, COORDINATOR: LISTED, STAFF: LISTED
}  # fmt: skip
REGISTERED_PEOPLE = {INNOVATOR, "innovator_rs", MENTOR, "mentee_2", JUROR}
MANAGER_VISIBLE = {
    COORDINATOR: REGISTERED_PEOPLE, OBSERVER: REGISTERED_PEOPLE, STAFF: REGISTERED_PEOPLE
}  # fmt: skip

# The coordinators' pages: A's coordinator and staff; everyone else 404 (nothing leaks).
MANAGER_ONLY = logged_in(404, coordinator=200, staff=200)
# Public agenda pages and downloads.
PUBLIC = expect(200)
# Actions for members of A's cohort (staff may too); other cohorts get 404, and so does A's
# observer, who takes no part in meetings.
A_MEMBERS = logged_in(302, other_innovator=404, other_coordinator=404, observer=404)


def _pdf(world, role, response):
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf", role


def _no_outsider_registration(world, role, response):
    meeting = ev(world)["meeting"]
    outsiders = [world.people[k] for k in (OTHER_INNOVATOR, OTHER_COORDINATOR)]
    assert not Registration.objects.filter(meeting=meeting, user__in=outsiders).exists(), role


def _no_a_registration_in_b(world, role, response):
    a_people = [world.people[k] for k in world.a_people]
    other = ev(world)["other_meeting"]
    assert not Registration.objects.filter(meeting=other, user__in=a_people).exists(), role


def _registration_state(key, state):
    def check(world, role, response):
        registration = ev(world)["registrations"][key]
        registration.refresh_from_db()
        assert registration.state == state, role

    return check


def _innovator_registration_kept_until_coordinator(world, role, response):
    registration = ev(world)["registrations"][INNOVATOR]
    registration.refresh_from_db()
    if role not in (COORDINATOR, STAFF):
        assert registration.state == RegistrationState.REGISTERED, role


def _assert_not_checked_in(registration, role):
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None, role


def _checked_in_by_managers_only(world, role, response):
    """Managers come last in ROLES: nobody before them checks the innovator in."""
    checked_in = Registration.objects.get(pk=ev(world)["registrations"][INNOVATOR].pk)
    assert (checked_in.checked_in_at is not None) == (role in (COORDINATOR, STAFF)), role


def _no_outsider_signup(world, role, response):
    outsiders = [world.people[k] for k in (OTHER_INNOVATOR, OTHER_COORDINATOR)]
    visit = ev(world)["a"]["visit"]
    assert not SessionSignup.objects.filter(session=visit, user__in=outsiders).exists(), role
    # Only registered people hold places.
    holders = set(
        SessionSignup.objects.filter(session=visit, state=SignupState.CONFIRMED).values_list(
            "user_id", flat=True
        )
    )
    assert holders <= {world.people[k].pk for k in (INNOVATOR, MENTOR)}, role


def _no_outsider_star(world, role, response):
    outsiders = [world.people[k] for k in (OTHER_INNOVATOR, OTHER_COORDINATOR)]
    session = ev(world)["a"]["session"]
    assert not Star.objects.filter(session=session, user__in=outsiders).exists(), role


def _no_new_release(world, role, response):
    count = AgendaRelease.objects.filter(meeting=ev(world)["meeting"]).count()
    assert count == (2 if role in (COORDINATOR, STAFF) else 1), role


def _csv(world, role, response):
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;"), role
        body = response.content.decode()
        assert world.people[OTHER_INNOVATOR].email not in body, role


def _download(world, role, response):
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;"), role


def _ics_has_no_people(world, role, response):
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/calendar"), role


def _participants(world, role, response):
    if response.status_code == 200:
        body = response.content.decode()
        assert world.people["innovator_rs"].full_name not in body, role
        assert world.people[INNOVATOR].full_name in body, role


def meeting_page(which="meeting"):
    return lambda w: ev(w)[which].url


ROWS = [
    # The meeting page (Wagtail's page catch-all under the language prefix) ---------------
    Row("wagtail pages: meeting", meeting_page(), PUBLIC),
    Row("wagtail pages: other cohort's meeting", meeting_page("other_meeting"), PUBLIC),
    # Registration ---------------------------------------------------------------------------
    Row(
        "events:register",
        meeting_url("register"),
        logged_in(200, other_innovator=404, other_coordinator=404, observer=404),
    ),
    Row(
        "POST events:register",
        meeting_url("register"),
        A_MEMBERS,
        method="POST",
        data={"dietary_needs": "none", "listed": "on"},
        check=_no_outsider_registration,
    ),
    Row(
        "POST events:register",  # IDOR: B's meeting for A's people
        meeting_url("register", meeting="other_meeting"),
        logged_in(404, other_innovator=302, other_coordinator=302, staff=302),
        method="POST",
        data={"dietary_needs": "none"},
        check=_no_a_registration_in_b,
    ),
    # GET: the confirmation page (what is given up); only for one's own active registration.
    Row(
        "events:cancel_registration",
        meeting_url("cancel_registration"),
        logged_in(404, innovator=200, mentor=200),
        check=_registration_state(INNOVATOR, RegistrationState.REGISTERED),
    ),
    Row(
        "POST events:cancel_registration",
        meeting_url("cancel_registration"),
        # only people with a registration of their own in A: others have nothing to cancel
        logged_in(404, innovator=302, mentor=302, juror=302),
        method="POST",
        check=_registration_state("innovator_rs", RegistrationState.REGISTERED),
    ),
    # A place offered from the waiting list: only one's own registration is ever answered;
    # with no open offer the page sends people back (302), without a registration it is 404.
    Row(
        "events:registration_offer",
        meeting_url("registration_offer"),
        logged_in(404, innovator=302, mentor=302, juror=302),
    ),
    Row(
        "POST events:registration_offer",
        meeting_url("registration_offer"),
        logged_in(404, innovator=302, mentor=302, juror=302),
        method="POST",
        data={"answer": "decline"},
        check=_registration_state(INNOVATOR, RegistrationState.REGISTERED),
    ),
    Row(
        "events:signup_offer",
        session_url("signup_offer", which="visit"),
        logged_in(404, innovator=302),
    ),
    Row(
        "POST events:signup_offer",
        session_url("signup_offer", which="visit"),
        logged_in(404, innovator=302),
        method="POST",
        data={"answer": "decline"},
        check=lambda w, role, r: (
            SessionSignup.objects.get(pk=ev(w)["signup"].pk).state == SignupState.CONFIRMED
        ),
    ),
    # Public agenda pages: the change log and speaker pages (published speakers only).
    Row("events:changelog", meeting_url("changelog"), PUBLIC),
    Row("events:changelog", meeting_url("changelog", meeting="other_meeting"), PUBLIC),
    Row("events:speaker", session_url("speaker", which="speaker"), PUBLIC),
    Row("events:speaker", session_url("speaker", which="speaker", side="b"), PUBLIC),
    Row(
        "events:speaker",
        lambda w: reverse("events:speaker", args=[ev(w)["a"]["draft_speaker"].pk]),
        expect(404),
    ),
    # Sessions ---------------------------------------------------------------------------
    Row("events:session", session_url("session", which="session"), PUBLIC),
    Row("events:session", session_url("session", which="visit"), PUBLIC),
    Row("events:session", session_url("session", which="draft_session"), expect(404)),
    Row(
        "events:session_ics",
        session_url("session_ics", which="session"),
        PUBLIC,
        check=_ics_has_no_people,
    ),
    Row("events:session_ics", session_url("session_ics", which="draft_session"), expect(404)),
    Row("events:signup", session_url("signup", which="visit"), logged_in(405)),
    Row(
        "POST events:signup",
        session_url("signup", which="visit"),
        A_MEMBERS,
        method="POST",
        check=_no_outsider_signup,
    ),
    Row(
        "POST events:signup",
        session_url("signup", which="draft_session"),
        logged_in(404),
        method="POST",
    ),
    Row("events:cancel_signup", session_url("cancel_signup", which="visit"), logged_in(405)),
    Row(
        "POST events:cancel_signup",
        session_url("cancel_signup", which="visit"),
        logged_in(404, innovator=302),
        method="POST",
        check=lambda w, role, r: (
            role == INNOVATOR
            or SessionSignup.objects.get(pk=ev(w)["signup"].pk).state
            in (SignupState.CONFIRMED, SignupState.CANCELLED)
        ),
    ),
    Row("events:star", session_url("star", which="session"), logged_in(405)),
    Row(
        "POST events:star",
        session_url("star", which="session"),
        A_MEMBERS,
        method="POST",
        data={"next": "//evil.example/"},
        check=_no_outsider_star,
    ),
    # Personal agenda and calendars ----------------------------------------------------------
    Row(
        "events:my_agenda",
        meeting_url("my_agenda"),
        logged_in(404, innovator=200, mentor=200),
        check=lambda w, role, r: (
            r.status_code != 200
            or (_token(w, INNOVATOR) in r.content.decode()) == (role == INNOVATOR)
        ),
    ),
    Row(
        "events:tracks_css",
        lambda w: reverse("events:tracks_css", args=[ev(w)["meeting"].pk, 1]),
        PUBLIC,
    ),
    Row(
        "events:tracks_css",
        lambda w: reverse("events:tracks_css", args=[ev(w)["meeting"].pk, 9]),
        expect(404),
    ),
    Row("events:agenda_ics", meeting_url("agenda_ics"), PUBLIC, check=_ics_has_no_people),
    Row("events:programme_pdf", meeting_url("programme_pdf"), PUBLIC, check=_pdf),
    # The token is the only key: the exact token works for anyone (calendar apps have no
    # session) and shows no names; a made-up, truncated, re-cased or cancelled token is 404.
    Row("events:personal_ics", ics_url(_token), PUBLIC, check=_ics_has_no_people),
    Row("events:personal_ics", ics_url(lambda w: "made-up-token"), expect(404)),
    Row("events:personal_ics", ics_url(lambda w: _token(w)[:-1]), expect(404)),
    Row("events:personal_ics", ics_url(lambda w: _token(w).swapcase()), expect(404)),
    Row("events:personal_ics", ics_url(lambda w: _token(w, JUROR)), expect(404)),
    # Coordinators ---------------------------------------------------------------------------
    Row(
        "events:manage_list",
        "/meetings/manage/",
        logged_in(403, coordinator=200, other_coordinator=200, staff=200),
    ),
    Row("events:manage", meeting_url("manage"), MANAGER_ONLY, visible=MANAGER_VISIBLE),
    Row(
        "events:manage",
        meeting_url("manage", meeting="other_meeting"),
        logged_in(404, other_coordinator=200, staff=200),
        visible={OTHER_COORDINATOR: {OTHER_INNOVATOR}, STAFF: {OTHER_INNOVATOR}},
    ),
    Row(
        "POST events:manage",
        meeting_url("manage"),
        # A's coordinator publishes the session added since version 1; staff then finds
        # nothing changed (200, the form says so); no one else publishes anything.
        logged_in(404, coordinator=302, staff=200),
        method="POST",
        data={"name": "Second"},
        check=_no_new_release,
        visible=MANAGER_VISIBLE,
    ),
    Row(
        "events:registrations",
        meeting_url("registrations"),
        MANAGER_ONLY,
        visible=MANAGER_VISIBLE,
    ),
    Row(
        "events:registrations_csv",
        meeting_url("registrations_csv"),
        logged_in(404, coordinator=200, observer=200, staff=200),
        visible=MANAGER_VISIBLE,
        check=_csv,
    ),
    Row(
        "events:registrations_xlsx",
        meeting_url("registrations_xlsx"),
        logged_in(404, coordinator=200, observer=200, staff=200),
        visible=MANAGER_VISIBLE,
        check=_download,
    ),
    Row("events:badges", meeting_url("badges"), MANAGER_ONLY, check=_pdf),
    # Check-in lists per day: A's managers for A's days; a day outside the meeting is 404.
    Row("events:check_in_list_pdf", check_in_url("pdf"), MANAGER_ONLY, check=_pdf),
    Row(
        "events:check_in_list_pdf",
        check_in_url("pdf", meeting="other_meeting"),
        logged_in(404, other_coordinator=200, staff=200),
        check=_pdf,
    ),
    Row("events:check_in_list_pdf", check_in_url("pdf", day="2001-01-01"), logged_in(404)),
    Row("events:check_in_list_pdf", check_in_url("pdf", day="not-a-day"), logged_in(404)),
    Row(
        "events:check_in_list_csv",
        check_in_url("csv"),
        MANAGER_ONLY,
        visible=MANAGER_VISIBLE,
        check=_csv,
    ),
    Row(
        "events:check_in_list_xlsx",
        check_in_url("xlsx"),
        MANAGER_ONLY,
        visible=MANAGER_VISIBLE,
        check=_download,
    ),
    Row(
        "events:check_in_list_csv",
        check_in_url("csv", meeting="other_meeting"),
        logged_in(404, other_coordinator=200, staff=200),
        visible={OTHER_COORDINATOR: {OTHER_INNOVATOR}, STAFF: {OTHER_INNOVATOR}},
    ),
    # GET: the confirmation page naming the person and what they lose.
    Row(
        "events:manage_cancel_registration",
        lambda w: reverse(
            "events:manage_cancel_registration",
            args=[ev(w)["meeting"].pk, ev(w)["registrations"][INNOVATOR].pk],
        ),
        MANAGER_ONLY,
        visible={COORDINATOR: {INNOVATOR}, STAFF: {INNOVATOR}},
        check=_registration_state(INNOVATOR, RegistrationState.REGISTERED),
    ),
    Row(
        "events:manage_cancel_registration",  # IDOR: B's registration under A's meeting
        lambda w: reverse(
            "events:manage_cancel_registration",
            args=[ev(w)["meeting"].pk, ev(w)["b_registration"].pk],
        ),
        logged_in(404),
    ),
    Row(
        "POST events:manage_cancel_registration",
        lambda w: reverse(
            "events:manage_cancel_registration",
            args=[ev(w)["meeting"].pk, ev(w)["registrations"][INNOVATOR].pk],
        ),
        logged_in(404, coordinator=302, staff=302),
        method="POST",
        check=_innovator_registration_kept_until_coordinator,
    ),
    Row(
        "POST events:manage_cancel_registration",  # IDOR: B's registration under A's meeting
        lambda w: reverse(
            "events:manage_cancel_registration",
            args=[ev(w)["meeting"].pk, ev(w)["b_registration"].pk],
        ),
        logged_in(404),
        method="POST",
        check=lambda w, role, r: (
            Registration.objects.get(pk=ev(w)["b_registration"].pk).state
            == RegistrationState.REGISTERED
        ),
    ),
    Row(
        "events:check_in",
        lambda w: reverse(
            "events:check_in", args=[ev(w)["meeting"].pk, ev(w)["registrations"][INNOVATOR].pk]
        ),
        MANAGER_ONLY,
        visible=MANAGER_VISIBLE,
    ),
    Row(
        "POST events:check_in",
        lambda w: reverse(
            "events:check_in", args=[ev(w)["meeting"].pk, ev(w)["registrations"][INNOVATOR].pk]
        ),
        logged_in(404, coordinator=302, staff=302),
        method="POST",
        check=_checked_in_by_managers_only,
    ),
    Row(
        "POST events:check_in",  # IDOR: B's registration under A's meeting
        lambda w: reverse(
            "events:check_in", args=[ev(w)["meeting"].pk, ev(w)["b_registration"].pk]
        ),
        logged_in(404),
        method="POST",
        check=lambda w, role, r: _assert_not_checked_in(ev(w)["b_registration"], role),
    ),
    Row(
        "events:participants",
        meeting_url("participants"),
        logged_in(404, innovator=200, mentor=200, observer=200, coordinator=200, staff=200),
        visible=PARTICIPANT_LIST_VISIBLE,
        check=_participants,
    ),
    Row(
        "events:participants",
        meeting_url("participants", meeting="other_meeting"),
        logged_in(404, other_innovator=200, other_coordinator=200, staff=200),
        visible={STAFF: {OTHER_INNOVATOR}, OTHER_COORDINATOR: {OTHER_INNOVATOR}},
    ),
]


# Wagtail admin: sessions, rooms, tracks, speakers ------------------------------------------
SCOPED_OBJECT = logged_in(LOGIN, coordinator=200, other_coordinator=404, staff=200)
SCOPED_LIST = logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200)
ADMIN_VISIBLE = {COORDINATOR: "a_people", OTHER_COORDINATOR: "b_people", STAFF: "all"}

_KEYS = {"session": "session", "room": "room", "track": "track", "speaker": "speaker"}


def _admin_url(name, key=None):
    def build(world):
        if key is None:
            return reverse(name)
        return reverse(name, args=[ev(world)["a"][key].pk])

    return build


for _model in ("session", "room", "track", "speaker"):
    _snippets = f"wagtailsnippets_events_{_model}"
    _choosers = f"wagtailsnippetchoosers_events_{_model}"
    ROWS += [
        *[
            Row(
                f"{_snippets}:{v}",
                _admin_url(f"{_snippets}:{v}"),
                SCOPED_LIST,
                visible=ADMIN_VISIBLE,
            )
            for v in ("list", "list_results", "add")
        ],
        *[
            Row(
                f"{_snippets}:{v}",
                _admin_url(f"{_snippets}:{v}", _model),
                SCOPED_OBJECT,
                visible=ADMIN_VISIBLE,
            )
            for v in ("edit", "delete", "usage", "history", "history_results", "copy")
        ],
        *[
            Row(
                f"{_choosers}:{v}",
                _admin_url(f"{_choosers}:{v}"),
                SCOPED_LIST,
                visible=ADMIN_VISIBLE,
            )
            for v in ("choose", "choose_results", "chosen_multiple", "create")
        ],
        Row(
            f"{_choosers}:chosen",
            _admin_url(f"{_choosers}:chosen", _model),
            SCOPED_OBJECT,
            visible=ADMIN_VISIBLE,
        ),
    ]
