"""Network meetings: the meeting page, its agenda, registrations and published versions.

Agenda rows (rooms, tracks, speakers, sessions) and registrations belong to the meeting's
original page; its translations share them (``MeetingPage.agenda_owner``), so a
registration made on the Bulgarian page is the same as on the English one.

Rooms, tracks, sessions and agenda versions are translatable the Wagtail way
(``TranslatableMixin``; editors use wagtail-localize's "Translate"). The *source* row of
each is in its meeting's locale and everything points at it (sign-ups, stars, a session's
room and track, published snapshots); a translation is a row of the same model in another
locale with the same ``translation_key`` and the same meeting, and only its text is read
(``translatable_fields``: the text is translated, everything else is copied from the source
and never read from the translation). ``AgendaQuerySet.sources()`` lists sources only.
"""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.models import KohortaPage

from .enums import RegistrationState, SessionKind, SignupState


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Sofia."),
            code="invalid_timezone",
            params={"value": value},
        )


def new_token():
    return secrets.token_urlsafe(24)


class MeetingPage(KohortaPage):
    """One network meeting (e.g. INELI Balkans in Sofia, 2016), in any content language.

    A public page like the CMS's (``KohortaPage``): the same frame, language links, hreflang
    alternates, canonical and Open Graph tags, and the notice on a fallback page.
    """

    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Athens",
        validators=[validate_timezone],
        help_text=_("IANA name of the meeting's time zone, e.g. Europe/Sofia."),
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("cohort"),
        help_text=_("Members of this cohort may register."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), default=50, help_text=_("Participants beyond this go on the waiting list.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    description = RichTextField(_("description"), blank=True)
    practical_info = RichTextField(
        _("practical information"), blank=True, help_text=_("Travel, accommodation, visas.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("map_url"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("timezone"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("cohort"), FieldPanel("capacity"), FieldPanel("registration_open")],
            heading=_("Registration"),
        ),
        FieldPanel("description"),
        FieldPanel("practical_info"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "events/meeting_page.html"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The meeting cannot end before it starts.")})

    @property
    def accepts_registrations(self):
        """Open for registration: switched on by the coordinators and not over yet."""
        from django.utils import timezone

        return self.registration_open and self.ends_on >= timezone.localdate()

    @cached_property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def days(self):
        day, days = self.starts_on, []
        while day <= self.ends_on:
            days.append(day)
            day += datetime.timedelta(days=1)
        return days

    @cached_property
    def agenda_owner(self):
        """The original page (first of its translations): it holds the agenda and registrations."""
        if self.pk is None:
            return self
        first = (
            MeetingPage.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .only("pk")
            .first()
        )
        if first is None or first.pk == self.pk:
            return self
        return MeetingPage.objects.get(pk=first.pk)

    def serve(self, request, *args, **kwargs):
        from .serving import serve_meeting_page

        return self.redirect_to_translation(request) or serve_meeting_page(self, request)


class AgendaQuerySet(models.QuerySet):
    def sources(self):
        """Only the source rows (in their meeting's locale), not their translations."""
        return self.filter(locale_id=models.F("meeting__locale_id"))

    def of_meeting(self, meeting):
        """The source rows of one (original) meeting: no join."""
        return self.filter(meeting=meeting, locale_id=meeting.locale_id)


class AgendaTranslatable(TranslatableMixin):
    """A meeting's translatable agenda row: the source is in the meeting's locale."""

    objects = AgendaQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True

    @property
    def is_source(self):
        return self.locale_id == self.meeting.locale_id

    def get_default_locale(self):
        """A new row is a source: in its meeting's locale (Wagtail asks before saving)."""
        if self.meeting_id is not None:
            return self.meeting.locale
        return super().get_default_locale()


def _synced(*names):
    return [SynchronizedField(name, overridable=False) for name in names]


class Room(AgendaTranslatable):
    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    translatable_fields = [TranslatableField("name"), *_synced("meeting", "capacity", "position")]

    class Meta(AgendaTranslatable.Meta):
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["meeting", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "locale", "name"], name="events_room_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def cohort_id(self):
        return self.meeting.cohort_id


class Track(AgendaTranslatable):
    """A thread through the agenda (its name is translated like the other agenda rows)."""

    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=100)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0b5cad",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #0b5cad."))],
    )

    translatable_fields = [TranslatableField("name"), *_synced("meeting", "colour")]

    class Meta(AgendaTranslatable.Meta):
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    """Someone who speaks at a meeting, with a Kohorta account or without one."""

    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_roles",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Told about agenda changes.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name

    @property
    def contact_email(self):
        return self.user.email if self.user_id else self.email


class Session(AgendaTranslatable):
    """One slot of the agenda, in the meeting's local time on one of its days.

    Title, description and place are translated; a translation's other fields are copies
    of the source's (synchronised by wagtail-localize), never read.
    """

    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts at"), help_text=_("Local time of the meeting."))
    end_time = models.TimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
        help_text=_("Leave empty for sessions away from the venue, e.g. study visits."),
    )
    location = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where it happens if not in a room.")
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("track"),
    )
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="sessions", verbose_name=_("speakers")
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Only for sessions that need signing up, e.g. a study visit."),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("location"),
        *_synced("meeting", "kind", "day", "start_time", "end_time", "room", "track", "capacity"),
    ]

    class Meta(AgendaTranslatable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["meeting", "day", "start_time", "room__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="events_session_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def cohort_id(self):
        return self.meeting.cohort_id

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.day, self.start_time, tzinfo=self.meeting.zone)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.day, self.end_time, tzinfo=self.meeting.zone)

    @property
    def needs_signup(self):
        return self.capacity is not None

    def clean(self):
        super().clean()
        errors = {}
        if self.meeting_id and self.locale_id and not self.is_source:
            # A translation: only its text is read; its times and room are the source's as
            # they were at its last sync, so they are not checked against the agenda.
            return
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The session must end after it starts.")
        if self.day and self.meeting_id:
            meeting = self.meeting
            if not meeting.starts_on <= self.day <= meeting.ends_on:
                errors["day"] = _(
                    "The meeting runs from %(start)s to %(end)s; pick a day in between."
                ) % {"start": meeting.starts_on.isoformat(), "end": meeting.ends_on.isoformat()}
        if self.room_id and self.meeting_id and self.room.meeting_id != self.meeting_id:
            errors["room"] = _("This room belongs to another meeting.")
        elif self.room_id and self.capacity and self.capacity > (self.room.capacity or 10**6):
            errors["capacity"] = _("%(room)s seats %(seats)s people; lower the places.") % {
                "room": self.room.name,
                "seats": self.room.capacity,
            }
        if self.track_id and self.meeting_id and self.track.meeting_id != self.meeting_id:
            errors["track"] = _("This track belongs to another meeting.")
        if not errors and self.room_id:
            clash = (
                Session.objects.filter(
                    locale_id=self.meeting.locale_id,
                    room_id=self.room_id,
                    day=self.day,
                    start_time__lt=self.end_time,
                    end_time__gt=self.start_time,
                )
                .exclude(pk=self.pk)
                .first()
            )
            if clash is not None:
                errors["start_time"] = _(
                    "%(room)s is taken by “%(title)s” from %(start)s to %(end)s."
                ) % {
                    "room": self.room.name,
                    "title": clash.title,
                    "start": clash.start_time.strftime("%H:%M"),
                    "end": clash.end_time.strftime("%H:%M"),
                }
        if errors:
            raise ValidationError(errors)


class Registration(models.Model):
    """A person's place (or place in the queue) at a meeting."""

    meeting = models.ForeignKey(
        MeetingPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("meeting"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("person"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, db_index=True
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    listed = models.BooleanField(
        _("appear in the participant list"),
        default=False,
        help_text=_("Other participants see your name, organisation and country."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        _("joined the waiting list"), null=True, blank=True, help_text=_("Sets the queue order.")
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    promotion_sent_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="events_registration_unique_person"
            ),
            models.CheckConstraint(
                condition=models.Q(departure_on__isnull=True)
                | models.Q(arrival_on__isnull=True)
                | models.Q(departure_on__gte=models.F("arrival_on")),
                name="events_registration_departs_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "state", "queued_at"])]

    def __str__(self):
        return f"{self.user} – {self.meeting}"

    @property
    def cohort_id(self):
        return self.meeting.cohort_id


class SessionSignup(models.Model):
    """A registered participant's place (or place in the queue) in a limited session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signups", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_signups",
        verbose_name=_("person"),
    )
    state = models.CharField(_("state"), max_length=20, choices=SignupState.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    promotion_sent_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)

    class Meta:
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="events_signup_unique_person")
        ]

    def __str__(self):
        return f"{self.user} – {self.session}"


class Star(models.Model):
    """A session in someone's personal agenda."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_stars"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="events_star_unique_person")
        ]

    def __str__(self):
        return f"★ {self.session}"


class AgendaRelease(AgendaTranslatable):
    """A named, published version of a meeting's agenda with a frozen copy of its sessions.

    Only the name is translated; the snapshot (the sessions' source texts and their
    ``translation_key``) stays on the source row.
    """

    meeting = models.ForeignKey(
        MeetingPage, on_delete=models.CASCADE, related_name="releases", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=100)
    snapshot = models.JSONField(default=dict, blank=True)  # blank: a translation's
    changes = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    translatable_fields = [TranslatableField("name"), *_synced("meeting", "number")]

    class Meta(AgendaTranslatable.Meta):
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "locale", "number"], name="events_release_unique"
            )
        ]

    def __str__(self):
        return f"{self.name} (v{self.number})"

    def copy_for_translation(self, locale, exclude_fields=None):
        """A translation holds the name only: the snapshot stays on the source."""
        translation = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        translation.snapshot, translation.changes = {}, {}
        return translation
