"""Meeting pages, registration, personal agenda, calendars, programme PDF and coordinator lists."""

import csv
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .enums import ACTIVE_REGISTRATION_STATES, RegistrationState, SessionKind, SignupState
from .forms import PublishForm, RegistrationForm
from .ical import build_calendar
from .models import MeetingPage, Registration, Session, SessionSignup


def _error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _agenda_context(request, meeting, release, *, only_ids=None, personal_ids=()):
    """Filters, time zone and grid for an agenda built from a published version."""
    tz_name, tz_error = selectors.resolve_timezone(request.GET.get("tz"), meeting.timezone)
    track = request.GET.get("track")
    track = int(track) if track and track.isdigit() else None
    kind = request.GET.get("kind") if request.GET.get("kind") in SessionKind.values else None
    agenda = None
    if release is not None:
        agenda = selectors.build_agenda(
            release.snapshot,
            display_tz=tz_name,
            track=track,
            kind=kind,
            personal_ids=personal_ids,
            counts=selectors.signup_counts(meeting),
            only_ids=only_ids,
        )
    zones = list(selectors.COMMON_TIMEZONES)
    if tz_name not in zones:
        zones.append(tz_name)
    if meeting.timezone not in zones:
        zones.append(meeting.timezone)
    return {
        "release": release,
        "agenda": agenda,
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
            and registration.state in ACTIVE_REGISTRATION_STATES,
            "can_register": request.user.is_authenticated
            and request.user.has_perm("events.register", meeting),
            "can_manage": request.user.is_authenticated
            and request.user.has_perm("events.manage_meeting", meeting),
            "signups": signups,
        }
    )
    context.update(_agenda_context(request, meeting, release, personal_ids=personal_ids))
    return TemplateResponse(request, page.template, context)


def _meeting(meeting_id):
    page = get_object_or_404(MeetingPage.objects.live(), pk=meeting_id)
    return page.agenda_owner


def _localized(meeting):
    """The meeting's page in the visitor's language when there is one (for titles and links)."""
    return meeting.localized


def _published_entry(meeting, session_id):
    release = selectors.latest_release(meeting)
    if release is None:
        raise Http404
    for entry in release.snapshot["sessions"]:
        if entry["id"] == session_id:
            return release, entry
    raise Http404


# Registration ---------------------------------------------------------------------------


@login_required
def register(request, meeting_id):
    meeting = _meeting(meeting_id)
    if not request.user.has_perm("events.register", meeting):
        raise Http404
    registration = Registration.objects.filter(meeting=meeting, user=request.user).first()
    active = registration is not None and registration.state in ACTIVE_REGISTRATION_STATES
    if not active and not meeting.accepts_registrations:
        messages.error(request, _("Registration for this meeting is closed."))
        return redirect(_localized(meeting).url)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        instance=registration if active else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if active:
                services.update_registration(
                    registration=registration, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Your registration details have been saved."))
            else:
                registration = services.register(
                    meeting=meeting, user=request.user, by=request.user, **form.cleaned_data
                )
                if registration.state == RegistrationState.REGISTERED:
                    messages.success(request, _("You are registered. See you there!"))
                else:
                    messages.warning(
                        request,
                        _(
                            "The meeting is full, so you are on the waiting list. We will "
                            "e-mail you as soon as a place is yours."
                        ),
                    )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect(_localized(meeting).url)
    return render(
        request,
        "events/register.html",
        {
            "meeting": meeting,
            "page": _localized(meeting),
            "form": form,
            "registration": registration if active else None,
            "position": selectors.waitlist_position(registration if active else None),
        },
        status=200,
    )


@login_required
@require_POST
def cancel_registration(request, meeting_id):
    meeting = _meeting(meeting_id)
    registration = get_object_or_404(Registration, meeting=meeting, user=request.user)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(_localized(meeting).url)


# Sessions: detail, sign-up, stars --------------------------------------------------------


def session_detail(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    meeting = session.meeting
    if not meeting.live:
        raise Http404
    release, entry = _published_entry(meeting, session_id)
    registration, personal_ids, signups = selectors.personal_state(request.user, meeting)
    agenda = selectors.build_agenda(
        release.snapshot,
        display_tz=meeting.timezone,
        only_ids={session_id},
        personal_ids=personal_ids,
        counts=selectors.signup_counts(meeting),
    )
    entry = agenda["days"][0]["sessions"][0]
    speakers = session.speakers.select_related("user", "photo").order_by("name")
    return render(
        request,
        "events/session_detail.html",
        {
            "meeting": meeting,
            "page": _localized(meeting),
            "entry": entry,
            "speakers": speakers,
            "registration": registration,
            "signup_state": signups.get(session_id),
            "registered": registration is not None
            and registration.state == RegistrationState.REGISTERED,
        },
    )


@login_required
@require_POST
def sign_up(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    _published_entry(session.meeting, session_id)
    if not request.user.has_perm("events.register", session.meeting):
        raise Http404
    try:
        signup = services.sign_up(session=session, user=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if signup.state == SignupState.CONFIRMED:
            messages.success(request, _("You have a place; the session is in your agenda."))
        else:
            messages.warning(
                request,
                _("The session is full, so you are on its waiting list. We will e-mail you."),
            )
    return redirect("events:session", session_id=session_id)


@login_required
@require_POST
def cancel_signup(request, session_id):
    signup = get_object_or_404(
        SessionSignup.objects.select_related("session__meeting"),
        session_id=session_id,
        user=request.user,
    )
    try:
        services.cancel_signup(signup=signup, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your sign-up has been cancelled."))
    return redirect("events:session", session_id=session_id)


@login_required
@require_POST
def star(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    _published_entry(session.meeting, session_id)
    if not request.user.has_perm("events.register", session.meeting):
        raise Http404
    try:
        if request.POST.get("action") == "unstar":
            services.unstar_session(session=session, user=request.user, by=request.user)
        else:
            services.star_session(session=session, user=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return redirect(next_url)
    return redirect("events:session", session_id=session_id)


@login_required
def my_agenda(request, meeting_id):
    meeting = _meeting(meeting_id)
    registration, personal_ids, signups = selectors.personal_state(request.user, meeting)
    if registration is None or registration.state not in ACTIVE_REGISTRATION_STATES:
        raise Http404
    release = selectors.latest_release(meeting)
    context = {
        "meeting": meeting,
        "page": _localized(meeting),
        "registration": registration,
        "signups": signups,
        "feed_url": request.build_absolute_uri(
            f"/meetings/calendar/{registration.calendar_token}.ics"
        ),
    }
    context.update(
        _agenda_context(request, meeting, release, only_ids=personal_ids, personal_ids=personal_ids)
    )
    return render(request, "events/my_agenda.html", context)


# Calendars and PDF ---------------------------------------------------------------------


def tracks_css(request, meeting_id, number):
    """Track colours of a published version as a stylesheet (no inline styles under a CSP)."""
    meeting = _meeting(meeting_id)
    release = get_object_or_404(meeting.releases, number=number)
    rules = []
    for track in release.snapshot.get("tracks", []):
        colour = track.get("colour", "")
        if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            rules.append(
                f".track-{int(track['id'])} {{ border-left-color: {colour}; }}\n"
                f".track-{int(track['id'])} .track-chip__swatch {{ color: {colour}; }}"
            )
    response = HttpResponse("\n".join(rules), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _ics_response(data, filename):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def agenda_ics(request, meeting_id):
    meeting = _meeting(meeting_id)
    release = selectors.latest_release(meeting)
    if release is None:
        raise Http404
    data = build_calendar(meeting, release.snapshot, published_at=release.published_at)
    return _ics_response(data, f"{slugify(meeting.title) or 'meeting'}.ics")


def session_ics(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    if not session.meeting.live:
        raise Http404
    release, entry = _published_entry(session.meeting, session_id)
    data = build_calendar(
        session.meeting,
        release.snapshot,
        session_ids={session_id},
        name=entry["title"],
        published_at=release.published_at,
    )
    return _ics_response(data, f"session-{session_id}.ics")


def personal_ics(request, token):
    """A person's agenda as a calendar feed; the unguessable token is the only key."""
    registration = (
        Registration.objects.filter(calendar_token=token, state__in=ACTIVE_REGISTRATION_STATES)
        .select_related("meeting", "user")
        .first()
    )
    if registration is None:
        raise Http404
    return _ics_response(selectors.personal_calendar(registration), "my-agenda.ics")


def programme_pdf(request, meeting_id):
    """The published agenda as a printed programme (A4: cover, practical information, the
    days flowing on, speakers), branded with the programme, in the visitor's language."""
    from cohorts.branding import branding_for
    from kohorta.pdf import qr_data_uri, render_pdf

    meeting = _meeting(meeting_id)
    release = selectors.latest_release(meeting)
    if release is None:
        raise Http404
    language = request.GET.get("lang") or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        page = _localized(meeting)
        agenda = selectors.build_agenda(release.snapshot, display_tz=meeting.timezone)
        online_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.url or "/")
        pdf = render_pdf(
            "events/pdf/programme.html",
            {
                "meeting": meeting,
                "page": page,
                "agenda": agenda,
                "release": release,
                "speakers": selectors.agenda_speakers(release.snapshot),
                "branding": branding_for(meeting.cohort.programme, language, for_pdf=True),
                "online_url": online_url,
                "qr": qr_data_uri(online_url),
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(meeting.title) or "meeting"}-programme.pdf"'
    )
    return response


# Coordinators ---------------------------------------------------------------------------


def _managed_meeting(request, meeting_id):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id).agenda_owner
    if not request.user.has_perm("events.manage_meeting", meeting):
        raise Http404
    return meeting


@login_required
def manage_list(request):
    meetings = selectors.original_meetings(selectors.meetings_managed_by(request.user))
    if not request.user.is_superuser and not meetings.exists():
        raise PermissionDenied
    return render(request, "events/manage_list.html", {"meetings": meetings})


@login_required
def manage_meeting(request, meeting_id):
    """Publish a new agenda version: preview of the changes, speaker clashes, past versions."""
    meeting = _managed_meeting(request, meeting_id)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.publish_agenda(
                meeting=meeting, name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s “%(name)s” is published.")
                % {"number": release.number, "name": release.name},
            )
            return redirect("events:manage", meeting_id=meeting.pk)
    previous = selectors.latest_release(meeting)
    preview = selectors.diff_snapshots(
        previous.snapshot if previous else None, selectors.agenda_snapshot(meeting)
    )
    return render(
        request,
        "events/manage_meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "previous": previous,
            "preview": preview,
            "has_changes": selectors.has_changes(preview) or previous is None,
            "clashes": selectors.speaker_clashes(meeting),
            "limited": selectors.limited_session_signups(meeting),
            "releases": meeting.releases.order_by("-number")[:20],
            "counts": {
                state: meeting.registrations.filter(state=state).count()
                for state in RegistrationState.values
            },
        },
    )


@login_required
def manage_registrations(request, meeting_id):
    meeting = _managed_meeting(request, meeting_id)
    return render(
        request,
        "events/manage_registrations.html",
        {"meeting": meeting, "registrations": selectors.registrations_for(meeting)},
    )


@login_required
@require_POST
def manage_cancel_registration(request, meeting_id, registration_id):
    """A coordinator cancels someone's registration; the first person waiting moves up."""
    meeting = _managed_meeting(request, meeting_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=registration_id, meeting=meeting
    )
    try:
        promoted = services.cancel_registration(
            registration=registration,
            by=request.user,
            reason=request.POST.get("reason", "")[:1000],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The registration of %(name)s has been cancelled.")
            % {"name": registration.user.full_name},
        )
        for promoted_registration in promoted:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list and has been e-mailed.")
                % {"name": promoted_registration.user.full_name},
            )
    return redirect("events:registrations", meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request, meeting_id, registration_id):
    """The page a badge's QR code opens at the desk: who this is, and a button that checks
    them in (coordinators of the meeting only)."""
    meeting = _managed_meeting(request, meeting_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=registration_id, meeting=meeting
    )
    if request.method == "POST":
        try:
            registration = services.check_in(registration=registration, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s is checked in.") % {"name": registration.user.full_name},
            )
        return redirect("events:check_in", meeting_id=meeting.pk, registration_id=registration.pk)
    return render(
        request,
        "events/check_in.html",
        {"meeting": meeting, "page": _localized(meeting), "registration": registration},
    )


@login_required
def participants(request, meeting_id):
    """Who comes: registered people who agreed to be listed; for participants and coordinators."""
    meeting = _meeting(meeting_id)
    is_participant = Registration.objects.filter(
        meeting=meeting, user=request.user, state=RegistrationState.REGISTERED
    ).exists()
    if not (is_participant or request.user.has_perm("events.view_registrations", meeting)):
        raise Http404
    people = (
        Registration.objects.filter(
            meeting=meeting, state=RegistrationState.REGISTERED, listed=True
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(
        request,
        "events/participants.html",
        {"meeting": meeting, "page": _localized(meeting), "registrations": people},
    )


@login_required
def registrations_csv(request, meeting_id):
    meeting = get_object_or_404(MeetingPage, pk=meeting_id).agenda_owner
    if not request.user.has_perm("events.view_registrations", meeting):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{meeting.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Country"),
            _("Organisation"),
            _("State"),
            _("Dietary needs"),
            _("Accessibility needs"),
            _("Arrival"),
            _("Departure"),
            _("In participant list"),
            _("Registered at"),
        ]
    )
    for r in selectors.registrations_for(meeting):
        writer.writerow(
            [
                _csv_safe(r.user.full_name),
                r.user.email,
                r.user.country.name if r.user.country else "",
                _csv_safe(r.user.organisation),
                r.get_state_display(),
                _csv_safe(r.dietary_needs),
                _csv_safe(r.accessibility_needs),
                r.arrival_on.isoformat() if r.arrival_on else "",
                r.departure_on.isoformat() if r.departure_on else "",
                _("yes") if r.listed else _("no"),
                r.created_at.isoformat(timespec="minutes"),
            ]
        )
    return response


def _csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula."""
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def badges_pdf(request, meeting_id):
    """Name badges for everyone registered: logo, name, organisation, country, the role as a
    coloured band and a QR code that opens the person's check-in page; A6, or four or eight
    to an A4 page (?layout=)."""
    from cohorts.branding import branding_for
    from kohorta.pdf import qr_data_uri, render_pdf

    from .enums import BadgeLayout

    meeting = _managed_meeting(request, meeting_id)
    layout = request.GET.get("layout", BadgeLayout.FOUR)
    if layout not in BadgeLayout.values:
        layout = BadgeLayout.FOUR
    registrations = list(
        selectors.registrations_for(meeting).filter(state=RegistrationState.REGISTERED)
    )
    roles = selectors.badge_roles(meeting, [r.user_id for r in registrations])
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    language = translation.get_language()
    badges = [
        {
            "registration": r,
            "role": roles[r.user_id],
            # Scanned at the desk: the check-in page for this person.
            "qr": qr_data_uri(base + reverse("events:check_in", args=[meeting.pk, r.pk])),
        }
        for r in registrations
    ]
    page = _localized(meeting)
    pdf = render_pdf(
        "events/pdf/badges.html",
        {
            "meeting": meeting,
            "page": page,
            "badges": badges,
            "layout": layout,
            "branding": branding_for(meeting.cohort.programme, language, for_pdf=True),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{meeting.pk}-{layout}.pdf"'
    return response
