"""Reads for meeting pages, agendas and dashboards; each costs a fixed number of queries."""

import datetime
import functools
import zoneinfo
from collections import defaultdict

from django.db import models
from django.db.models import CharField, Count, Min, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cohorts import rules as cohort_rules
from kohorta.translatable import localize

from .enums import RegistrationState, SessionKind, SignupState
from .models import (
    AgendaRelease,
    MeetingPage,
    Registration,
    Room,
    Session,
    SessionSignup,
    Speaker,
    Star,
    Track,
)

# Time zones offered to visitors; any other valid IANA name works through ?tz= too.
COMMON_TIMEZONES = [
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Belgrade",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Sarajevo",
    "Europe/Podgorica",
    "Europe/Skopje",
    "Europe/Tirane",
    "Europe/Sofia",
    "Europe/Bucharest",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
]


def meetings_managed_by(user):
    qs = MeetingPage.objects.select_related("cohort").order_by("-starts_on")
    if user.is_superuser:
        return qs
    return qs.filter(cohort_id__in=cohort_rules.cohort_ids_with_perm(user, "events.manage_meeting"))


def original_meetings(qs=None):
    """Only the pages that own an agenda (not their translations)."""
    qs = qs if qs is not None else MeetingPage.objects.all()
    firsts = (
        MeetingPage.objects.order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return qs.filter(pk__in=firsts)


def upcoming_meetings(*, locale=None, today=None):
    """Live meetings that have not ended yet, soonest first (for the home and programme pages)."""
    today = today or timezone.localdate()
    qs = MeetingPage.objects.live().filter(ends_on__gte=today).order_by("starts_on")
    if locale is not None:
        qs = qs.filter(locale=locale)
    return qs


# Agenda snapshots -----------------------------------------------------------------------


def agenda_snapshot(meeting):
    """The meeting's live agenda as plain data (what a published version freezes).

    Source rows only, in the meeting's language; each session, room and track carries its
    ``translation_key`` (``"key"``), so a published agenda is shown with the translations
    as they are when it is read (``localize_snapshot``).
    """
    sessions = list(
        Session.objects.of_meeting(meeting)
        .select_related("room", "track")
        .prefetch_related("speakers")
        .order_by("day", "start_time", "room__position", "pk")
    )
    rooms = list(Room.objects.of_meeting(meeting).order_by("position", "name"))
    tracks = list(Track.objects.of_meeting(meeting).order_by("name"))
    return {
        "timezone": meeting.timezone,
        "rooms": [
            {"id": r.pk, "key": str(r.translation_key), "name": r.name, "capacity": r.capacity}
            for r in rooms
        ],
        "tracks": [
            {"id": t.pk, "key": str(t.translation_key), "name": t.name, "colour": t.colour}
            for t in tracks
        ],
        "sessions": [
            {
                "id": s.pk,
                "key": str(s.translation_key),
                "title": s.title,
                "kind": s.kind,
                "day": s.day.isoformat(),
                "start": s.start_time.strftime("%H:%M"),
                "end": s.end_time.strftime("%H:%M"),
                "room": s.room_id,
                "room_name": s.room.name if s.room_id else "",
                "location": s.location,
                "track": s.track_id,
                "track_name": s.track.name if s.track_id else "",
                "speakers": [
                    {"id": sp.pk, "name": sp.name, "organisation": sp.organisation}
                    for sp in sorted(s.speakers.all(), key=lambda sp: sp.name)
                ],
                "description": s.description,
                "capacity": s.capacity,
                "sequence": s.sequence,
            }
            for s in sessions
        ],
    }


# Translations of published agendas --------------------------------------------------------
#
# A published snapshot keeps the source texts (what the change list and the e-mails compare)
# and each row's translation_key. Translations are looked up when the agenda is read, in one
# query for the whole agenda: a translation made after publishing shows at once, without
# publishing a version that changes nothing (publishing needs a change, and would e-mail
# people about nothing). The source texts stay frozen; a translation shows the text its
# editor translated, which follows the live source (wagtail-localize's sync).


def reader_language():
    """The content language the reader reads (``sr-latn`` reads ``sr``), from the active
    interface language: no query."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None


def translated_texts(language, *, sessions=(), rooms=(), tracks=(), releases=()):
    """``{translation_key (str): (text, description, place)}`` of the rows in ``language``
    (a locale's language code) with these keys: sessions give title, description and
    place, rooms, tracks and agenda versions their name. One query (a UNION) however many
    keys; none without keys."""
    if not language:
        return {}
    blank = Value("", output_field=CharField())
    parts = []
    for model, keys, fields in (
        (Session, sessions, ("title", "description", "location")),
        (Room, rooms, ("name",)),
        (Track, tracks, ("name",)),
        (AgendaRelease, releases, ("name",)),
    ):
        keys = {key for key in keys if key}
        if not keys:
            continue
        qs = model.objects.filter(
            locale__language_code=language, translation_key__in=keys
        ).order_by()
        if len(fields) == 1:
            qs = qs.annotate(_blank1=blank, _blank2=blank)
            fields = (*fields, "_blank1", "_blank2")
        parts.append(qs.values_list("translation_key", *fields))
    if not parts:
        return {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {str(key): (text, description, place) for key, text, description, place in query}


def source_language(snapshot):
    from django.conf import settings

    return (snapshot or {}).get("language") or settings.LANGUAGE_CODE


def localize_snapshot(snapshot, reader=None, *, release=None, texts=None):
    """A published snapshot with its texts in ``reader`` (a language code; default: the
    active language's content language).

    Sessions (title, description, place), rooms and tracks (names) take their translation
    where there is one; an entry shown in the source language gets ``"lang"`` (that
    language's code, for the ``lang`` attribute), and the snapshot ``"fallback_language"``
    when *no* session is translated (the page says so once). ``release`` (the snapshot's
    version) gets ``tr_name`` and ``tr_lang`` the same way. One query, none when the reader
    reads the source language. The stored snapshot is not changed.
    """
    reader = reader or reader_language()
    language = source_language(snapshot)
    if release is not None:
        release.tr_name, release.tr_lang = release.name, None
    if reader is None or reader == language:
        return snapshot
    if texts is None:
        texts = translated_texts(
            reader,
            sessions=[s.get("key") for s in snapshot.get("sessions", [])],
            rooms=[r.get("key") for r in snapshot.get("rooms", [])],
            tracks=[t.get("key") for t in snapshot.get("tracks", [])],
            releases=[str(release.translation_key)] if release is not None else (),
        )
    if release is not None:
        found = texts.get(str(release.translation_key))
        release.tr_name, release.tr_lang = (found[0], None) if found else (release.name, language)
    result = dict(snapshot)
    names = {}
    for group in ("rooms", "tracks"):
        rows = []
        for row in snapshot.get(group, []):
            found = texts.get(row.get("key"))
            row = {**row, "name": found[0] if found else row["name"]}
            row["lang"] = None if found else language
            names[(group, row["id"])] = row
            rows.append(row)
        result[group] = rows
    sessions, translated = [], 0
    for entry in snapshot.get("sessions", []):
        found = texts.get(entry.get("key"))
        entry = dict(entry)
        if found:
            translated += 1
            entry["title"], entry["description"], entry["location"] = found
            entry["lang"] = None
        else:
            entry["lang"] = language
        room = names.get(("rooms", entry.get("room")))
        if room is not None:
            entry["room_name"], entry["room_lang"] = room["name"], room["lang"]
        track = names.get(("tracks", entry.get("track")))
        if track is not None:
            entry["track_name"] = track["name"]
        sessions.append(entry)
    result["sessions"] = sessions
    result["fallback_language"] = language if sessions and not translated else None
    return result


def localize_entries(entries, language, reader=None, texts=None):
    """Change-list entries (``{"key", "title", ...}``) with their titles in ``reader`` (a
    language code, default the active one's): ``"lang"`` marks a title left in
    ``language`` (the source). One query, or none."""
    reader = reader or reader_language()
    if reader is None or reader == language:
        return entries
    if texts is None:
        texts = translated_texts(reader, sessions=[entry.get("key") for entry in entries])
    for entry in entries:
        found = texts.get(entry.get("key"))
        entry["title"], entry["lang"] = (found[0], None) if found else (entry["title"], language)
    return entries


DIFF_FIELDS = (
    "title",
    "kind",
    "day",
    "start",
    "end",
    "room_name",
    "location",
    "track_name",
    "speakers",
    "description",
    "capacity",
)

FIELD_LABELS = {
    "title": _lazy("title"),
    "kind": _lazy("kind"),
    "day": _lazy("day"),
    "start": _lazy("starts at"),
    "end": _lazy("ends at"),
    "room_name": _lazy("room"),
    "location": _lazy("place"),
    "track_name": _lazy("track"),
    "speakers": _lazy("speakers"),
    "description": _lazy("description"),
    "capacity": _lazy("places"),
}


def _speaker_names(entry):
    return [sp["name"] for sp in entry.get("speakers", [])]


def diff_snapshots(old, new):
    """What changed between two snapshots: added, removed and changed sessions.

    Each changed entry lists its changed fields with the values before and after.
    """
    old_sessions = {s["id"]: s for s in (old or {}).get("sessions", [])}
    new_sessions = {s["id"]: s for s in new.get("sessions", [])}
    added = [_brief(new_sessions[i]) for i in new_sessions if i not in old_sessions]
    removed = [_brief(old_sessions[i]) for i in old_sessions if i not in new_sessions]
    changed = []
    for session_id, after in new_sessions.items():
        before = old_sessions.get(session_id)
        if before is None:
            continue
        fields = {}
        for name in DIFF_FIELDS:
            a = _speaker_names(before) if name == "speakers" else before.get(name)
            b = _speaker_names(after) if name == "speakers" else after.get(name)
            if a != b:
                fields[name] = {"before": a, "after": b}
        if fields:
            entry = _brief(after)
            entry["fields"] = fields
            entry["old_speakers"] = [sp["id"] for sp in before.get("speakers", [])]
            changed.append(entry)
    return {"added": added if old else [], "removed": removed, "changed": changed}


def _brief(entry):
    return {
        "id": entry["id"],
        "title": entry["title"],
        "day": entry["day"],
        "start": entry["start"],
        "end": entry["end"],
        "room_name": entry.get("room_name", ""),
        "speakers": [sp["id"] for sp in entry.get("speakers", [])],
        "key": entry.get("key"),
    }


def has_changes(changes):
    return bool(changes["added"] or changes["removed"] or changes["changed"])


def latest_release(meeting):
    return AgendaRelease.objects.of_meeting(meeting).order_by("-number").first()


# A change to one of these is worth an e-mail to the people in the session.
NOTICE_FIELDS = frozenset({"title", "day", "start", "end", "room_name", "location", "speakers"})


def release_recipients(release):
    """``{email: (language, [change entries])}`` for the people a release's changes touch.

    Speakers of added, removed or changed sessions, and registered participants with a
    removed or changed session in their personal agenda (starred or signed up). A change
    only to places, description, kind or track concerns nobody.
    """
    from .models import Speaker

    changes = release.changes
    touched = {}
    for group in ("added", "removed", "changed"):
        for entry in changes.get(group, []):
            if group == "changed" and not NOTICE_FIELDS & set(entry.get("fields", {})):
                continue  # places, description, track: nobody's time or room moved
            touched[entry["id"]] = (group, entry)
    speaker_ids = set()
    speaker_sessions = defaultdict(set)
    for session_id, (_group, entry) in touched.items():
        for speaker_id in {*entry.get("speakers", []), *entry.get("old_speakers", [])}:
            speaker_ids.add(speaker_id)
            speaker_sessions[speaker_id].add(session_id)
    recipients = defaultdict(lambda: ["en", set()])
    for speaker in Speaker.objects.filter(pk__in=speaker_ids).select_related("user"):
        if speaker.contact_email:
            key = speaker.contact_email.lower()
            if speaker.user_id:
                recipients[key][0] = speaker.user.preferred_language
            recipients[key][1] |= speaker_sessions[speaker.pk]
    participant_sessions = [i for i, (group, _e) in touched.items() if group != "added"]
    registered = Registration.objects.filter(
        meeting_id=release.meeting_id, state=RegistrationState.REGISTERED
    ).values("user_id")
    personal = defaultdict(set)
    for email, language, session_id in Star.objects.filter(
        session_id__in=participant_sessions, user_id__in=registered
    ).values_list("user__email", "user__preferred_language", "session_id"):
        personal[(email.lower(), language)].add(session_id)
    for (email, language), ids in personal.items():
        recipients[email][0] = language
        recipients[email][1] |= ids
    result = {}
    for email, (language, ids) in recipients.items():
        entries = [
            {"group": touched[i][0], **touched[i][1]}
            for i in sorted(ids, key=lambda i: (touched[i][1]["day"], touched[i][1]["start"]))
        ]
        result[email] = (language, entries)
    return result


# Agenda pages -----------------------------------------------------------------------------


@functools.cache
def known_timezones():
    """The IANA zone names this server knows (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def resolve_timezone(value, default):
    """``(zone name, error message or None)`` for a visitor's ?tz= choice.

    Only names in the zone list count: ``ZoneInfo`` itself is never given a visitor's
    string (``America`` is a folder, a long name is too long for the file system).
    """
    if not value or value == default:
        return default, None
    if value not in known_timezones():
        return default, _("“%(value)s” is not a time zone we know; times are in %(zone)s.") % {
            "value": value[:60],
            "zone": default,
        }
    return value, None


def session_times(entry, event_zone, display_zone):
    """Aware start and end of a snapshot entry, in the display time zone."""
    day = datetime.date.fromisoformat(entry["day"])
    start = datetime.datetime.combine(
        day, datetime.time.fromisoformat(entry["start"]), tzinfo=event_zone
    )
    end = datetime.datetime.combine(
        day, datetime.time.fromisoformat(entry["end"]), tzinfo=event_zone
    )
    return start.astimezone(display_zone), end.astimezone(display_zone)


def build_agenda(
    snapshot,
    *,
    display_tz,
    track=None,
    kind=None,
    personal_ids=(),
    counts=None,
    only_ids=None,
    changes=None,
):
    """Arrange a snapshot for the agenda page: per day, a grid (rooms as columns) and a list.

    Days are the local dates in the display time zone, so a 20:00 CEST dinner shown in
    Tokyo (03:00) is listed under the next day. ``changes`` (a release's) marks sessions
    added or changed in that version. Pure Python: no queries. ``counts`` maps session id
    to (holding a place, waiting).
    """
    event_zone = zoneinfo.ZoneInfo(snapshot["timezone"])
    display_zone = zoneinfo.ZoneInfo(display_tz)
    tracks = {t["id"]: {**t, "label": t["name"]} for t in snapshot.get("tracks", [])}
    rooms = snapshot.get("rooms", [])
    kinds = dict(SessionKind.choices)
    counts = counts or {}
    personal_ids = set(personal_ids)
    added = {entry["id"] for entry in (changes or {}).get("added", [])}
    changed = {entry["id"] for entry in (changes or {}).get("changed", [])}
    by_day = defaultdict(list)
    for raw in snapshot.get("sessions", []):
        if track and raw.get("track") != track:
            continue
        if kind and raw.get("kind") != kind:
            continue
        if only_ids is not None and raw["id"] not in only_ids:
            continue
        entry = dict(raw)
        entry["starts_at"], entry["ends_at"] = session_times(raw, event_zone, display_zone)
        entry["kind_label"] = kinds.get(raw["kind"], raw["kind"])
        entry["track_obj"] = tracks.get(raw.get("track"))
        entry["starred"] = raw["id"] in personal_ids
        entry["is_new"] = raw["id"] in added
        entry["is_changed"] = raw["id"] in changed
        confirmed, waiting = counts.get(raw["id"], (0, 0))
        entry["confirmed"], entry["waiting"] = confirmed, waiting
        entry["places_left"] = (
            max(0, raw["capacity"] - confirmed) if raw.get("capacity") is not None else None
        )
        by_day[entry["starts_at"].date()].append(entry)
    days = []
    for day in sorted(by_day):
        sessions = sorted(by_day[day], key=lambda s: (s["starts_at"], s["ends_at"], s["id"]))
        days.append({"date": day, "sessions": sessions, "grid": _grid(sessions, rooms)})
    return {"days": days, "tracks": list(tracks.values()), "rooms": rooms}


def _grid(sessions, rooms):
    """A table for one day: rows are the time slices between any start or end, columns rooms.

    Sessions without a room go into extra "elsewhere" columns, as many as overlap. Times
    are the aware display-zone ones, so a day may mix two of the meeting's days.
    """
    used_rooms = [r for r in rooms if any(s["room"] == r["id"] for s in sessions)]
    columns = [
        {"key": ("room", r["id"]), "label": r["name"], "lang": r.get("lang")} for r in used_rooms
    ]
    lanes = []
    lane_of = {}
    for s in sorted(
        (s for s in sessions if not s["room"]), key=lambda s: (s["starts_at"], s["ends_at"])
    ):
        for index, lane_end in enumerate(lanes):
            if lane_end <= s["starts_at"]:
                lanes[index] = s["ends_at"]
                lane_of[s["id"]] = index
                break
        else:
            lanes.append(s["ends_at"])
            lane_of[s["id"]] = len(lanes) - 1
    for index in range(len(lanes)):
        columns.append({"key": ("lane", index), "label": _("Elsewhere")})
    bounds = sorted({s["starts_at"] for s in sessions} | {s["ends_at"] for s in sessions})
    slots = list(zip(bounds, bounds[1:], strict=False))
    column_of = {
        s["id"]: ("room", s["room"]) if s["room"] else ("lane", lane_of[s["id"]]) for s in sessions
    }
    starts = {(column_of[s["id"]], s["starts_at"]): s for s in sessions}
    covered = set()
    rows = []
    start_times = {s["starts_at"] for s in sessions}
    for index, (start, end) in enumerate(slots):
        cells = []
        for column in columns:
            if (column["key"], index) in covered:
                continue
            session = starts.get((column["key"], start))
            if session is None:
                cells.append({"session": None, "rowspan": 1})
                continue
            span = sum(1 for a, b in slots[index:] if b <= session["ends_at"])
            for offset in range(1, span):
                covered.add((column["key"], index + offset))
            cells.append({"session": session, "rowspan": span})
        label = start if start in start_times else None
        rows.append({"start": start, "end": end, "cells": cells, "label_time": label})
    return {"columns": columns, "rows": rows}


def overlapping_sessions(agenda):
    """Pairs of sessions in an agenda that overlap in time (for "My agenda"): pure Python."""
    entries = sorted(
        (entry for day in agenda["days"] for entry in day["sessions"]),
        key=lambda entry: (entry["starts_at"], entry["ends_at"]),
    )
    pairs = []
    for index, first in enumerate(entries):
        for second in entries[index + 1 :]:
            if second["starts_at"] >= first["ends_at"]:
                break
            pairs.append((first, second))
    return pairs


def signup_counts(meeting):
    """``{session_id: (holding a place, waitlisted)}`` for a meeting's limited sessions: one
    query (an offered place counts as taken until it is declined or lapses)."""
    rows = (
        SessionSignup.objects.filter(session__meeting=meeting, session__capacity__isnull=False)
        .values("session_id")
        .annotate(
            confirmed=Count("pk", filter=Q(state__in=SignupState.holding)),
            waiting=Count("pk", filter=Q(state=SignupState.WAITLISTED)),
        )
        .order_by()
    )
    return {row["session_id"]: (row["confirmed"], row["waiting"]) for row in rows}


def personal_state(user, meeting):
    """The person's registration, starred ids and sign-ups for a meeting: three queries."""
    if not user.is_authenticated:
        return None, set(), {}
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    stars = set(
        Star.objects.filter(user=user, session__meeting=meeting).values_list(
            "session_id", flat=True
        )
    )
    signups = dict(
        SessionSignup.objects.filter(
            user=user,
            session__meeting=meeting,
            state__in=SignupState.active,
        ).values_list("session_id", "state")
    )
    return registration, stars | set(signups), signups


def registrations_for(meeting):
    return (
        Registration.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("state", "user__full_name")
    )


def waitlist_position(row):
    """Place in the queue (1 = next) of a waiting registration or session sign-up, else None."""
    if row is None or row.state != RegistrationState.WAITLISTED:  # same value for sign-ups
        return None
    if isinstance(row, Registration):
        queue = Registration.objects.filter(meeting_id=row.meeting_id)
    else:
        queue = SessionSignup.objects.filter(session_id=row.session_id)
    return (
        queue.filter(state=RegistrationState.WAITLISTED)
        .filter(Q(queued_at__lt=row.queued_at) | Q(queued_at=row.queued_at, pk__lt=row.pk))
        .count()
        + 1
    )


def cancellation_losses(registration):
    """What cancelling a registration gives up, for its confirmation page: two queries.

    ``{"position": waiting-list place or None, "places": [sessions held or offered],
    "waiting": [(session, position)]}``.
    """
    position = waitlist_position(registration)
    signups = list(
        SessionSignup.objects.filter(
            user_id=registration.user_id,
            session__meeting_id=registration.meeting_id,
            state__in=SignupState.active,
        )
        .select_related("session")
        .annotate(
            ahead=Count(
                "session__signups",
                filter=Q(session__signups__state=SignupState.WAITLISTED)
                & (
                    Q(session__signups__queued_at__lt=models.F("queued_at"))
                    | Q(
                        session__signups__queued_at=models.F("queued_at"),
                        session__signups__pk__lt=models.F("pk"),
                    )
                ),
            )
        )
        .order_by("session__day", "session__start_time", "pk")
    )
    localize([s.session for s in signups])  # their titles in the reader's language
    return {
        "position": position,
        "places": [s.session for s in signups if s.state in SignupState.holding],
        "waiting": [(s.session, s.ahead + 1) for s in signups if s.state == SignupState.WAITLISTED],
    }


def speaker_clashes(meeting):
    """Speakers booked in two places at once: ``[(speaker name, session a, session b)]``."""
    through = Session.speakers.through
    rows = list(
        through.objects.filter(session__meeting=meeting, session__locale_id=meeting.locale_id)
        .select_related("session", "speaker")
        .order_by("speaker__name", "session__day", "session__start_time")
    )
    by_speaker = defaultdict(list)
    for row in rows:
        by_speaker[row.speaker_id].append(row)
    clashes = []
    for items in by_speaker.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                sa, sb = a.session, b.session
                if sa.day == sb.day and sa.start_time < sb.end_time and sb.start_time < sa.end_time:
                    clashes.append((a.speaker.name, sa, sb))
    return clashes


def dashboard_meetings(user, cohort_ids, *, today=None):
    """Upcoming meetings of the person's cohorts with their registration: three queries."""
    today = today or timezone.localdate()
    meetings = list(
        original_meetings(
            MeetingPage.objects.live().filter(cohort_id__in=cohort_ids, ends_on__gte=today)
        ).order_by("starts_on")
    )
    registrations = {
        r.meeting_id: r
        for r in Registration.objects.filter(
            user=user, meeting__in=[m.pk for m in meetings], state__in=RegistrationState.active
        )
    }
    stars = dict(
        Star.objects.filter(user=user, session__meeting__in=[m.pk for m in meetings])
        .values("session__meeting_id")
        .annotate(n=Count("pk"))
        .values_list("session__meeting_id", "n")
        .order_by()
    )
    return [
        {"meeting": m, "registration": registrations.get(m.pk), "starred": stars.get(m.pk, 0)}
        for m in meetings
    ]


def limited_session_signups(meeting):
    """Limited sessions with their confirmed and waiting people, in queue order: two queries."""
    sessions = list(
        Session.objects.of_meeting(meeting)
        .filter(capacity__isnull=False)
        .order_by("day", "start_time", "pk")
    )
    by_session = {s.pk: {"session": s, "confirmed": [], "waiting": []} for s in sessions}
    for signup in (
        SessionSignup.objects.filter(session__in=sessions, state__in=SignupState.active)
        .select_related("user")
        .order_by("queued_at", "created_at", "pk")
    ):
        key = "confirmed" if signup.state in SignupState.holding else "waiting"
        by_session[signup.session_id][key].append(signup.user)
    return list(by_session.values())


def personal_calendar(registration):
    """The person's agenda of a meeting (their starred and signed-up sessions) as iCal."""
    from django.utils.translation import gettext as _

    from .ical import build_calendar

    meeting = registration.meeting
    release = latest_release(meeting)
    _registration, personal_ids, signups = personal_state(registration.user, meeting)
    snapshot = release.snapshot if release else {"timezone": meeting.timezone, "sessions": []}
    snapshot = localize_snapshot(snapshot)  # the active language: the person's, or the feed's
    if registration.state in RegistrationState.tentative:
        tentative = personal_ids  # no place at the meeting yet: nothing is certain
    else:
        tentative = {i for i, state in signups.items() if state in SignupState.tentative}
    return build_calendar(
        meeting,
        snapshot,
        session_ids=personal_ids,
        tentative_ids=tentative,
        name=_("My agenda: %(meeting)s") % {"meeting": meeting.title},
        published_at=release.published_at if release else None,
    )


def agenda_speakers(snapshot):
    """Everyone speaking in a published agenda, once each, by name, with their organisation."""
    speakers = {}
    for session in snapshot.get("sessions", []):
        for speaker in session.get("speakers", []):
            speakers.setdefault(speaker["id"], speaker)
    return sorted(speakers.values(), key=lambda speaker: speaker["name"].lower())


def badge_roles(meeting, user_ids):
    """{user id: BadgeRole} for a meeting's badges: speaker first, then the cohort role
    (coordinators, jurors and staff print as staff)."""
    from cohorts.enums import Role
    from cohorts.models import Membership

    from .enums import BadgeRole

    order = [Role.COORDINATOR, Role.JURY, Role.MENTOR, Role.AMBASSADOR, Role.INNOVATOR]
    by_role = {
        Role.COORDINATOR: BadgeRole.STAFF,
        Role.JURY: BadgeRole.STAFF,
        Role.MENTOR: BadgeRole.MENTOR,
        Role.AMBASSADOR: BadgeRole.AMBASSADOR,
        Role.INNOVATOR: BadgeRole.INNOVATOR,
    }
    held = defaultdict(set)
    for user_id, role in Membership.objects.filter(
        cohort_id=meeting.cohort_id, user_id__in=user_ids
    ).values_list("user_id", "role"):
        held[user_id].add(role)
    speakers = set(
        Speaker.objects.filter(meeting=meeting, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    roles = {}
    for user_id in user_ids:
        if user_id in speakers:
            roles[user_id] = BadgeRole.SPEAKER
            continue
        first = next((role for role in order if role in held[user_id]), None)
        roles[user_id] = by_role[first] if first else BadgeRole.STAFF
    return roles


def agenda_changelog(meeting, reader=None):
    """The meeting's published agenda versions, newest first, with what changed: one query,
    and one more for the versions' names and sessions' titles in the reader's language.

    Titles and names are shown translated where a translation exists (``lang`` marks the
    others); the before and after values of a change stay as they were published, in
    the meeting's language (``release.source_lang`` says which, when it is not the
    reader's)."""
    releases = list(
        AgendaRelease.objects.of_meeting(meeting)
        .only("pk", "meeting_id", "number", "name", "changes", "published_at", "translation_key")
        .annotate(source_language=models.F("locale__language_code"))
        .order_by("-number")
    )
    labels = {name: str(label) for name, label in FIELD_LABELS.items()}
    reader = reader or reader_language()
    language = releases[0].source_language if releases else None
    reading_source = not releases or reader is None or reader == language
    texts = {}
    if not reading_source:
        texts = translated_texts(
            reader,
            sessions=[
                entry.get("key")
                for release in releases
                for group in ("added", "removed", "changed")
                for entry in (release.changes or {}).get(group, [])
            ],
            releases=[str(release.translation_key) for release in releases],
        )
    for release in releases:
        changes = release.changes or {}
        release.source_lang = None if reading_source else language
        release.added = changes.get("added", [])
        release.removed = changes.get("removed", [])
        release.changed = [
            {**entry, "field_labels": [labels.get(f, f) for f in entry.get("fields", {})]}
            for entry in changes.get("changed", [])
        ]
        found = texts.get(str(release.translation_key))
        release.tr_name = found[0] if found else release.name
        release.tr_lang = None if found or reading_source else language
        if not reading_source:
            for group in ("added", "removed", "changed"):
                localize_entries(changes.get(group, []), language, reader, texts=texts)
            localize_entries(release.changed, language, reader, texts=texts)
    return releases


def published_speaker(speaker_id):
    """A speaker of a live meeting's latest published agenda, with the sessions they speak
    at in it, or None (an unpublished speaker stays hidden): three queries."""
    speaker = (
        Speaker.objects.select_related("meeting", "photo", "user").filter(pk=speaker_id).first()
    )
    if speaker is None or not speaker.meeting.live:
        return None
    release = latest_release(speaker.meeting)
    if release is None:
        return None
    sessions = [
        entry
        for entry in release.snapshot.get("sessions", [])
        if any(sp["id"] == speaker.pk for sp in entry.get("speakers", []))
    ]
    if not sessions:
        return None
    agenda = build_agenda(
        localize_snapshot(release.snapshot, release=release),
        display_tz=speaker.meeting.timezone,
        only_ids={entry["id"] for entry in sessions},
    )
    return {"speaker": speaker, "release": release, "agenda": agenda}


def check_in_list(meeting, day):
    """Registered people expected on ``day`` (their stay covers it, or they gave no dates),
    by name, with the sessions they hold a place in that day (titles in the active
    language): two queries, three when the sessions are read in another language."""
    registrations = list(
        Registration.objects.filter(meeting=meeting, state=RegistrationState.REGISTERED)
        .filter(Q(arrival_on__isnull=True) | Q(arrival_on__lte=day))
        .filter(Q(departure_on__isnull=True) | Q(departure_on__gte=day))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    places = defaultdict(list)
    rows = list(
        SessionSignup.objects.filter(
            session__meeting=meeting,
            session__day=day,
            state__in=SignupState.holding,
            user_id__in=[r.user_id for r in registrations],
        )
        .order_by("session__start_time", "session__pk")
        .values_list(
            "user_id",
            "session__title",
            "session__translation_key",
            "session__locale__language_code",
        )
    )
    reader = reader_language()
    texts = {}
    if rows and reader is not None and reader != rows[0][3]:
        texts = translated_texts(reader, sessions=[str(row[2]) for row in rows])
    for user_id, title, key, _language in rows:
        places[user_id].append(texts[str(key)][0] if str(key) in texts else title)
    return [{"registration": r, "sessions": places[r.user_id]} for r in registrations]
