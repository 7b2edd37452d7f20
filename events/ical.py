"""iCalendar feeds built from a published agenda snapshot (stable UIDs, VTIMEZONE, SEQUENCE)."""

import datetime

from django.conf import settings
from django.utils import timezone

from .selectors import session_times

UID_DOMAIN = "kohorta"


def session_uid(session_id):
    return f"meeting-session-{session_id}@{UID_DOMAIN}"


def build_calendar(
    meeting, snapshot, *, session_ids=None, tentative_ids=(), name=None, published_at=None
):
    """An iCalendar file (bytes) for the snapshot's sessions, optionally only some of them.

    Sessions in ``tentative_ids`` (a waiting-list place) are STATUS:TENTATIVE, the others
    STATUS:CONFIRMED.
    """
    import zoneinfo

    from icalendar import Calendar, Event

    zone = zoneinfo.ZoneInfo(snapshot["timezone"])
    calendar = Calendar()
    calendar.add("prodid", "-//Kohorta//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name or meeting.title)
    calendar.add("x-wr-timezone", snapshot["timezone"])
    stamp = (published_at or timezone.now()).astimezone(datetime.UTC)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for entry in snapshot.get("sessions", []):
        if session_ids is not None and entry["id"] not in session_ids:
            continue
        start, end = session_times(entry, zone, zone)
        event = Event()
        event.add("uid", session_uid(entry["id"]))
        event.add("dtstamp", stamp)
        event.add("sequence", entry.get("sequence", 0))
        event.add("status", "TENTATIVE" if entry["id"] in tentative_ids else "CONFIRMED")
        event.add("summary", entry["title"])
        event.add("dtstart", start)
        event.add("dtend", end)
        place = ", ".join(
            part for part in (entry.get("room_name"), entry.get("location"), meeting.venue) if part
        )
        if place:
            event.add("location", place)
        speakers = ", ".join(sp["name"] for sp in entry.get("speakers", []))
        description = "\n\n".join(part for part in (speakers, entry.get("description")) if part)
        if description:
            event.add("description", description)
        event.add("url", f"{base}/meetings/sessions/{entry['id']}/")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
