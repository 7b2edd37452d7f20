"""Meeting pages, registration, personal agenda, calendars, programme PDF and coordinator lists."""

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kohorta.exports import table_response
from kohorta.translatable import localize, localize_one
from notifications.mail import language_of

from . import selectors, services
from .enums import RegistrationState, SignupState
from .forms import PublishForm, RegistrationForm
from .ical import build_calendar
from .models import AgendaRelease, MeetingPage, Registration, Session, SessionSignup
from .serving import agenda_context, webcal


def _error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _meeting(meeting_id):
    page = get_object_or_404(MeetingPage.objects.live(), pk=meeting_id)
    return page.agenda_owner


def _localized(meeting):
    """The meeting's page in the visitor's language when there is one (for titles and links)."""
    return meeting.localized


def _feed_language(request):
    """The language a calendar feed or a PDF is written in: ``?lang=`` (calendar apps send
    no cookie, so the feed's address carries it), else the visitor's."""
    language = request.GET.get("lang") or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    return language


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
    active = registration is not None and registration.state in RegistrationState.active
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


def _cancel_page(request, meeting, registration, *, by_coordinator):
    """GET: what cancelling gives up (session places, waiting-list places); POST: cancel.

    Returns the promoted people after a POST that cancelled, else a response to send.
    """
    if request.method == "POST":
        try:
            promoted = services.cancel_registration(
                registration=registration,
                by=request.user,
                reason=request.POST.get("reason", "")[:1000] if by_coordinator else "",
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return None, []
        return registration, promoted
    if registration.state not in RegistrationState.active:
        raise Http404
    return (
        render(
            request,
            "events/cancel_registration.html",
            {
                "meeting": meeting,
                "page": _localized(meeting),
                "registration": registration,
                "losses": selectors.cancellation_losses(registration),
                "by_coordinator": by_coordinator,
            },
        ),
        [],
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration(request, meeting_id):
    """The person cancels their own registration, after a page that says what they lose."""
    meeting = _meeting(meeting_id)
    registration = get_object_or_404(Registration, meeting=meeting, user=request.user)
    result, _promoted = _cancel_page(request, meeting, registration, by_coordinator=False)
    if isinstance(result, HttpResponse):
        return result
    if result is not None:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(_localized(meeting).url)


def _offer_page(request, *, row, meeting, session, answer, back_url):
    """GET: the offered place and its deadline; POST: confirm or decline it."""
    if request.method == "POST":
        accept = request.POST.get("answer") == "confirm"
        try:
            answer(accept)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if accept:
                messages.success(request, _("The place is yours. See you there!"))
            else:
                messages.success(request, _("You gave the place to the next person waiting."))
        return redirect(back_url)
    if row.state != RegistrationState.OFFERED:  # same value for sign-ups
        messages.info(request, _("This offer is no longer open."))
        return redirect(back_url)
    localize_one(session)  # its title in the reader's language
    return render(
        request,
        "events/offer.html",
        {
            "meeting": meeting,
            "page": _localized(meeting),
            "row": row,
            "session": session,
            "chosen": request.GET.get("answer"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def registration_offer(request, meeting_id):
    """Confirm or decline a meeting place offered from the waiting list (e-mailed link)."""
    meeting = _meeting(meeting_id)
    registration = get_object_or_404(Registration, meeting=meeting, user=request.user)
    return _offer_page(
        request,
        row=registration,
        meeting=meeting,
        session=None,
        answer=lambda accept: services.answer_registration_offer(
            registration=registration, accept=accept, by=request.user
        ),
        back_url=_localized(meeting).url,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_offer(request, session_id):
    """Confirm or decline a session place offered from its waiting list (e-mailed link)."""
    signup = get_object_or_404(
        SessionSignup.objects.select_related("session__meeting"),
        session_id=session_id,
        user=request.user,
    )
    return _offer_page(
        request,
        row=signup,
        meeting=signup.session.meeting,
        session=signup.session,
        answer=lambda accept: services.answer_signup_offer(
            signup=signup, accept=accept, by=request.user
        ),
        back_url=reverse("events:session", args=[session_id]),
    )


def changelog(request, meeting_id):
    """The public list of published agenda versions and what each one changed."""
    meeting = _meeting(meeting_id)
    return render(
        request,
        "events/changelog.html",
        {
            "meeting": meeting,
            "page": _localized(meeting),
            "releases": selectors.agenda_changelog(meeting),
            "current_language": translation.get_language(),
        },
    )


def speaker(request, speaker_id):
    """A speaker's public page: photo, organisation, bio and their published sessions."""
    found = selectors.published_speaker(speaker_id)
    if found is None:
        raise Http404
    meeting = found["speaker"].meeting
    return render(
        request,
        "events/speaker.html",
        {**found, "meeting": meeting, "page": _localized(meeting), "display_tz": meeting.timezone},
    )


# Sessions: detail, sign-up, stars --------------------------------------------------------


def session_detail(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    meeting = session.meeting
    if not meeting.live:
        raise Http404
    release, entry = _published_entry(meeting, session_id)
    registration, personal_ids, signups = selectors.personal_state(request.user, meeting)
    agenda = selectors.build_agenda(
        selectors.localize_snapshot(release.snapshot),
        display_tz=meeting.timezone,
        only_ids={session_id},
        personal_ids=personal_ids,
        counts=selectors.signup_counts(meeting),
        changes=release.changes if release.number > 1 else None,
    )
    entry = agenda["days"][0]["sessions"][0]
    signup_position = None
    if signups.get(session_id) == SignupState.WAITLISTED:
        signup_position = selectors.waitlist_position(
            SessionSignup.objects.get(session_id=session_id, user=request.user)
        )
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
            "signup_position": signup_position,
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
    if registration is None or registration.state not in RegistrationState.active:
        raise Http404
    release = selectors.latest_release(meeting)
    feed_url = request.build_absolute_uri(
        reverse("events:personal_ics", args=[registration.calendar_token])
    )
    context = {
        "meeting": meeting,
        "page": _localized(meeting),
        "registration": registration,
        "signups": signups,
        "feed_url": feed_url,
        "webcal_url": webcal(feed_url),
    }
    context.update(
        agenda_context(request, meeting, release, only_ids=personal_ids, personal_ids=personal_ids)
    )
    context["overlaps"] = (
        selectors.overlapping_sessions(context["agenda"]) if context["agenda"] else []
    )
    return render(request, "events/my_agenda.html", context)


# Calendars and PDF ---------------------------------------------------------------------


def tracks_css(request, meeting_id, number):
    """Track colours of a published version as a stylesheet (no inline styles under a CSP)."""
    meeting = _meeting(meeting_id)
    release = get_object_or_404(AgendaRelease.objects.of_meeting(meeting), number=number)
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
    with translation.override(_feed_language(request)):
        data = build_calendar(
            meeting,
            selectors.localize_snapshot(release.snapshot),
            name=_localized(meeting).title,
            published_at=release.published_at,
        )
    return _ics_response(data, f"{slugify(meeting.title) or 'meeting'}.ics")


def session_ics(request, session_id):
    session = get_object_or_404(Session.objects.select_related("meeting"), pk=session_id)
    if not session.meeting.live:
        raise Http404
    release, entry = _published_entry(session.meeting, session_id)
    with translation.override(_feed_language(request)):
        snapshot = selectors.localize_snapshot(release.snapshot)
        title = next(e["title"] for e in snapshot["sessions"] if e["id"] == session_id)
        data = build_calendar(
            session.meeting,
            snapshot,
            session_ids={session_id},
            name=title,
            published_at=release.published_at,
        )
    return _ics_response(data, f"session-{session_id}.ics")


def personal_ics(request, token):
    """A person's agenda as a calendar feed; the unguessable token is the only key."""
    registration = (
        Registration.objects.filter(calendar_token=token, state__in=RegistrationState.active)
        .select_related("meeting", "user")
        .first()
    )
    if registration is None:
        raise Http404
    # In the person's language, whoever fetches it (a calendar app sends no cookie).
    with translation.override(language_of(registration.user)):
        data = selectors.personal_calendar(registration)
    return _ics_response(data, "my-agenda.ics")


def programme_pdf(request, meeting_id):
    """The published agenda as a printed programme (A4: cover, practical information, the
    days flowing on, speakers), branded with the programme, in the visitor's language."""
    from cohorts.branding import branding_for
    from kohorta.pdf import qr_data_uri, render_pdf

    meeting = _meeting(meeting_id)
    release = selectors.latest_release(meeting)
    if release is None:
        raise Http404
    language = _feed_language(request)
    with translation.override(language):
        page = _localized(meeting)
        snapshot = selectors.localize_snapshot(release.snapshot, release=release)
        agenda = selectors.build_agenda(snapshot, display_tz=meeting.timezone)
        online_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.url or "/")
        pdf = render_pdf(
            "events/pdf/programme.html",
            {
                "meeting": meeting,
                "page": page,
                "agenda": agenda,
                "release": release,
                "speakers": selectors.agenda_speakers(release.snapshot),
                "agenda_fallback_language": snapshot.get("fallback_language"),
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
    limited = selectors.limited_session_signups(meeting)
    clashes = selectors.speaker_clashes(meeting)
    releases = list(AgendaRelease.objects.of_meeting(meeting).order_by("-number")[:20])
    # Session titles and version names in the coordinator's language (one query each).
    localize([item["session"] for item in limited])
    localize([session for _name, a, b in clashes for session in (a, b)])
    localize(releases)
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
            "clashes": clashes,
            "limited": limited,
            "releases": releases,
            "counts": _registration_counts(meeting),
        },
    )


def _registration_counts(meeting):
    """Registrations per state, and ``taken``: the places held (an open offer holds one)."""
    counts = dict.fromkeys(RegistrationState.values, 0)
    counts.update(
        meeting.registrations.order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    counts["taken"] = sum(counts[state] for state in RegistrationState.holding)
    return counts


@login_required
def manage_registrations(request, meeting_id):
    meeting = _managed_meeting(request, meeting_id)
    return render(
        request,
        "events/manage_registrations.html",
        {"meeting": meeting, "registrations": selectors.registrations_for(meeting)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manage_cancel_registration(request, meeting_id, registration_id):
    """A coordinator cancels someone's registration after a page that says what the person
    loses; the person is told (with the reason) and the first person waiting moves up."""
    meeting = _managed_meeting(request, meeting_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=registration_id, meeting=meeting
    )
    result, promoted = _cancel_page(request, meeting, registration, by_coordinator=True)
    if isinstance(result, HttpResponse):
        return result
    if result is not None:
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
def registrations_export(request, meeting_id, fmt="csv"):
    """Everyone registered for a meeting, as CSV or XLSX (kohorta/exports.py); for those
    who may read the registrations (coordinators, observers)."""
    meeting = get_object_or_404(MeetingPage, pk=meeting_id).agenda_owner
    if not request.user.has_perm("events.view_registrations", meeting):
        raise Http404
    header = [
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
    rows = [
        [
            r.user.full_name,
            r.user.email,
            r.user.country.name if r.user.country else "",
            r.user.organisation,
            r.get_state_display(),
            r.dietary_needs,
            r.accessibility_needs,
            r.arrival_on,
            r.departure_on,
            bool(r.listed),
            r.created_at.astimezone(ZoneInfo(meeting.timezone)),
        ]
        for r in selectors.registrations_for(meeting)
    ]
    return table_response(fmt, f"registrations-{meeting.pk}", header, rows)


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


def _check_in_day(meeting, day):
    """The meeting's day named in the URL (YYYY-MM-DD), or 404."""
    import datetime

    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if date not in meeting.days:
        raise Http404
    return date


@login_required
def check_in_list_pdf(request, meeting_id, day):
    """The desk's printed check-in list for one day: who is expected, with a box to tick
    and the limited sessions each holds a place in that day (A4, the programme's brand)."""
    from cohorts.branding import branding_for
    from kohorta.pdf import render_pdf

    meeting = _managed_meeting(request, meeting_id)
    date = _check_in_day(meeting, day)
    pdf = render_pdf(
        "events/pdf/check_in_list.html",
        {
            "meeting": meeting,
            "page": _localized(meeting),
            "day": date,
            "rows": selectors.check_in_list(meeting, date),
            "branding": branding_for(
                meeting.cohort.programme, translation.get_language(), for_pdf=True
            ),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="check-in-{meeting.pk}-{date}.pdf"'
    return response


@login_required
def check_in_list_export(request, meeting_id, day, fmt="csv"):
    """The same list as a spreadsheet, CSV or XLSX (kohorta/exports.py)."""
    meeting = _managed_meeting(request, meeting_id)
    date = _check_in_day(meeting, day)
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Country"),
        _("Sessions with a place"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Checked in"),
    ]
    rows = []
    for row in selectors.check_in_list(meeting, date):
        r = row["registration"]
        rows.append(
            [
                r.user.full_name,
                r.user.email,
                r.user.organisation,
                r.user.country.name if r.user.country else "",
                "; ".join(row["sessions"]),
                r.dietary_needs,
                r.accessibility_needs,
                r.checked_in_at.astimezone(ZoneInfo(meeting.timezone)) if r.checked_in_at else None,
            ]
        )
    return table_response(fmt, f"check-in-{meeting.pk}-{date}", header, rows)
