"""Serving the meeting page (``MeetingPage.serve()`` calls it) and the agenda shared with
the personal agenda view. The page model imports this module rather than the views, so
models never depend on views.
"""

import re

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from . import selectors
from .enums import RegistrationState, SessionKind


def agenda_context(request, meeting, release, *, only_ids=None, personal_ids=()):
    """Filters, time zone and grid for an agenda built from a published version."""
    tz_name, tz_error = selectors.resolve_timezone(request.GET.get("tz"), meeting.timezone)
    track = request.GET.get("track")
    track = int(track) if track and track.isdigit() else None
    kind = request.GET.get("kind") if request.GET.get("kind") in SessionKind.values else None
    agenda = None
    fallback_language = None
    if release is not None:
        # The published texts in the reader's language (one query; see localize_snapshot).
        snapshot = selectors.localize_snapshot(release.snapshot, release=release)
        fallback_language = snapshot.get("fallback_language")
        agenda = selectors.build_agenda(
            snapshot,
            display_tz=tz_name,
            track=track,
            kind=kind,
            personal_ids=personal_ids,
            counts=selectors.signup_counts(meeting),
            only_ids=only_ids,
            # Marks only what changed since an earlier version, not a whole first agenda.
            changes=release.changes if release.number > 1 else None,
        )
    zones = list(selectors.COMMON_TIMEZONES)
    if tz_name not in zones:
        zones.append(tz_name)
    if meeting.timezone not in zones:
        zones.append(meeting.timezone)
    return {
        "release": release,
        "agenda": agenda,
        # Not one session is translated into the reader's language: said once, above it.
        "agenda_fallback_language": fallback_language,
        "display_tz": tz_name,
        "tz_error": tz_error,
        "is_event_tz": tz_name == meeting.timezone,
        "timezones": sorted(zones),
        "selected_track": track,
        "selected_kind": kind,
        "kinds": SessionKind.choices,
    }


def serve_meeting_page(page, request):
    """The meeting page: details, registration box and the published agenda."""
    if page.pk is None:  # preview of a page not saved yet: no agenda or registrations
        return TemplateResponse(
            request, page.template, {**page.get_context(request), "meeting": page}
        )
    meeting = page.agenda_owner
    release = selectors.latest_release(meeting)
    registration, personal_ids, signups = selectors.personal_state(request.user, meeting)
    context = page.get_context(request)
    context.update(
        {
            "meeting": meeting,
            "registration": registration,
            "is_active_registration": registration is not None
            and registration.state in RegistrationState.active,
            "can_register": request.user.is_authenticated
            and request.user.has_perm("events.register", meeting),
            "can_manage": request.user.is_authenticated
            and request.user.has_perm("events.manage_meeting", meeting),
            "signups": signups,
            # Calendar apps send no cookie: the feed's language is in its address.
            "agenda_webcal_url": webcal(
                request.build_absolute_uri(
                    reverse("events:agenda_ics", args=[meeting.pk])
                    + f"?lang={translation.get_language()}"
                )
            ),
        }
    )
    context.update(agenda_context(request, meeting, release, personal_ids=personal_ids))
    return TemplateResponse(request, page.template, context)


def webcal(url):
    """The ``webcal://`` form of a feed's address: calendar apps subscribe to it."""
    return re.sub(r"^https?://", "webcal://", url)
