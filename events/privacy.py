"""Meetings: their part of a person's export and anonymisation (kohorta/privacy.py).

Export: registrations (state, dietary and accessibility needs, arrival and departure,
whether they agreed to be listed, dates), session sign-ups, starred sessions, and the
speaker profiles linked to their account or their e-mail address. The calendar feed's
token is left out: it is a password for the feed, not information about the person, and
a downloaded file is easily shared.

Anonymisation, keeping the meetings' numbers right:

- Registrations and sign-ups stay with their state and dates, so places taken, waiting
  lists and counts do not change. Dietary and accessibility needs (health data) and the
  travel dates are blanked; the consent to be listed is withdrawn, so participant lists
  drop them; the calendar token is replaced, so the old feed address stops answering.
- Stars stay (anonymous popularity of sessions).
- Speaker profiles linked to the account or with their e-mail lose name, e-mail,
  organisation, bio and photo; the speaker row stays, so sessions keep their speaker slot.
  The photo itself is deleted from the image library, with its renditions (Wagtail
  removes the files once the anonymisation commits), unless something else uses the
  image: another speaker, a page or snippet (a foreign key or the reference index).
- Published agenda versions (frozen snapshots) and the record of who was e-mailed about
  them have the name and e-mail rewritten; the person's speaker entries in the snapshots
  lose their organisation too.
"""

from django.db.models import Prefetch, Q

from kohorta.privacy import anonymous_email, anonymous_name, rewrite_mentions

from .models import (
    AgendaRelease,
    Registration,
    Session,
    SessionSignup,
    Speaker,
    Star,
    new_token,
)


def _old_email(user, replacements):
    new = anonymous_email(user)
    return next((old for old, value in replacements.items() if value == new), user.email)


def _speakers_of(user, email):
    query = Q(user=user)
    if email:
        query |= Q(email__iexact=email)
    return Speaker.objects.filter(query)


def personal_data(user):
    registrations = Registration.objects.filter(user=user).select_related("meeting")
    signups = SessionSignup.objects.filter(user=user).select_related("session__meeting")
    stars = Star.objects.filter(user=user).select_related("session__meeting")
    speakers = (
        _speakers_of(user, user.email)
        .select_related("meeting", "photo")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.sources().order_by("day", "start_time"))
        )
        .order_by("meeting_id", "pk")
    )
    return {
        "registrations": [
            {
                "meeting": row.meeting.title,
                "city": row.meeting.city,
                "starts_on": row.meeting.starts_on,
                "state": row.state,
                "dietary_needs": row.dietary_needs,
                "accessibility_needs": row.accessibility_needs,
                "arrival_on": row.arrival_on,
                "departure_on": row.departure_on,
                "listed_as_participant": row.listed,
                "registered_at": row.created_at,
                "queued_at": row.queued_at,
                "promoted_at": row.promoted_at,
                "offer_open_until": row.offer_expires_at,
                "cancelled_at": row.cancelled_at,
            }
            for row in registrations.order_by("created_at", "pk")
        ],
        "session_signups": [
            {
                "meeting": row.session.meeting.title,
                "session": row.session.title,
                "day": row.session.day,
                "state": row.state,
                "signed_up_at": row.created_at,
                "offer_open_until": row.offer_expires_at,
            }
            for row in signups.order_by("created_at", "pk")
        ],
        "starred_sessions": [
            {
                "meeting": row.session.meeting.title,
                "session": row.session.title,
                "day": row.session.day,
                "starred_at": row.created_at,
            }
            for row in stars.order_by("created_at", "pk")
        ],
        "speaker_profiles": [
            {
                "meeting": speaker.meeting.title,
                "name": speaker.name,
                "email": speaker.email,
                "organisation": speaker.organisation,
                "bio": speaker.bio,
                "photo": speaker.photo.title if speaker.photo else None,
                "sessions": [session.title for session in speaker.sessions.all()],
            }
            for speaker in speakers
        ],
    }


def anonymise(user, replacements):
    for registration in Registration.objects.filter(user=user):
        registration.dietary_needs = ""
        registration.accessibility_needs = ""
        registration.arrival_on = None
        registration.departure_on = None
        registration.listed = False
        registration.calendar_token = new_token()
        registration.save(
            update_fields=[
                "dietary_needs",
                "accessibility_needs",
                "arrival_on",
                "departure_on",
                "listed",
                "calendar_token",
            ]
        )
    old_email = _old_email(user, replacements)
    speakers = _speakers_of(user, old_email)
    meetings = set(speakers.values_list("meeting_id", flat=True))
    photo_ids = set(speakers.exclude(photo=None).values_list("photo_id", flat=True))
    speaker_ids = set(speakers.values_list("pk", flat=True))
    speakers.update(name=anonymous_name(user), email="", organisation="", bio="", photo=None)
    _delete_unused_images(photo_ids)
    _blank_speakers_in_snapshots(meetings, speaker_ids, anonymous_name(user))
    rewrite_mentions(
        AgendaRelease.objects.filter(meeting_id__in=meetings), ["snapshot", "changes"], replacements
    )
    if old_email:
        _anonymise_release_notices(old_email, anonymous_email(user))


def _delete_unused_images(image_ids):
    """Delete the library images nothing uses any more (their files go after the commit)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.images import get_image_model
    from wagtail.images.models import AbstractRendition
    from wagtail.models import ReferenceIndex

    image_model = get_image_model()
    relations = [
        relation
        for relation in image_model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and not issubclass(relation.related_model, AbstractRendition)
    ]
    speaker_type = ContentType.objects.get_for_model(Speaker)
    for image in image_model.objects.filter(pk__in=image_ids):
        used = any(
            relation.related_model._base_manager.filter(**{relation.field.name: image}).exists()
            for relation in relations
        ) or (
            ReferenceIndex.get_references_to(image).exclude(base_content_type=speaker_type).exists()
        )
        if not used:
            image.delete()


def _blank_speakers_in_snapshots(meeting_ids, speaker_ids, name):
    """The person's speaker entries in published agendas: anonymous name, no organisation."""
    if not speaker_ids:
        return
    for release in AgendaRelease.objects.filter(meeting_id__in=meeting_ids):
        snapshot = release.snapshot or {}
        changed = False
        for session in snapshot.get("sessions", []):
            for speaker in session.get("speakers", []):
                if speaker.get("id") in speaker_ids:
                    speaker.update(name=name, organisation="")
                    changed = True
        if changed:
            release.snapshot = snapshot
            release.save(update_fields=["snapshot"])


def _anonymise_release_notices(old_email, new_email):
    """The sent-once keys of agenda notices end with the address they went to."""
    from notifications.models import SentOnce

    suffix = f":{old_email.lower()}"
    for row in SentOnce.objects.filter(
        key__startswith="events.agenda_changed:", key__endswith=suffix
    ):
        row.key = row.key[: -len(suffix)] + f":{new_email}"
        row.save(update_fields=["key"])
