import uuid
from pathlib import PurePath

from django.conf import settings
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import CohortStatus, Role
from ..intake.enums import Sector
from ..validators import validate_accent_colour, validate_brand_image, validate_photo

# The intake's sectors, also on the profile for the directory.
SECTORS = Sector.choices

SPOKEN_LANGUAGES = sorted(ALL_LANGUAGES, key=lambda item: item[1])


def spoken_language_name(code):
    """A spoken language's name in the active language (Django's own catalogue has them)."""
    from django.utils.translation import gettext

    name = dict(SPOKEN_LANGUAGES).get(code)
    return gettext(name) if name else code


def spoken_language_choices():
    """``SPOKEN_LANGUAGES`` named and sorted in the active language (for a form's choices)."""
    return sorted(
        ((code, spoken_language_name(code)) for code, _name in SPOKEN_LANGUAGES),
        key=lambda item: item[1],
    )


# Languages offered as checkboxes on the profile: the network's own and the most spoken
# around it. A language outside this list stays on a profile if it was set elsewhere.
COMMON_LANGUAGE_CODES = [
    "en",
    "sq",
    "bs",
    "bg",
    "hr",
    "el",
    "mk",
    "sr",
    "sl",
    "ro",
    "pl",
    "tr",
    "de",
    "fr",
    "it",
    "es",
    "pt",
    "ru",
    "uk",
    "cs",
    "sk",
    "hu",
    "nl",
    "ar",
]


def photo_upload_path(instance, filename):
    """Photos are stored under a random name: the uploader never chooses the path."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp", ".gif"}:
        suffix = ".img"
    return f"people/photos/{uuid.uuid4().hex}{suffix}"


def branding_upload_path(instance, filename):
    """Logos and the funders' line: public (shown on pages), under a random name."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png"}:
        suffix = ".img"
    return f"branding/{uuid.uuid4().hex}{suffix}"


def signature_upload_path(instance, filename):
    """Signatures are never served as files: they only appear inside certificates and letters."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png"}:
        suffix = ".img"
    return f"signatures/{uuid.uuid4().hex}{suffix}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: logs in with an e-mail address, holds roles through memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("Language codes.")
    )
    preferred_language = models.CharField(
        _("preferred interface language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=photo_upload_path, blank=True, validators=[validate_photo]
    )
    # The people directory (community app): shown there only with the person's consent.
    in_directory = models.BooleanField(
        _("show me in the people directory"),
        default=False,
        help_text=_(
            "Members of the network can then find you, see your photo, organisation, country, "
            "languages, sector, interests and programmes, and write to you."
        ),
    )
    sector = models.CharField(_("sector"), max_length=20, blank=True, choices=SECTORS)
    interests = models.CharField(
        _("interests"),
        max_length=300,
        blank=True,
        help_text=_("A few words, separated by commas."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the person can use the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Kept by notifications.services on every inbox change: the header bell reads it from
    # the already-loaded user, so it costs no query on any page.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="cohorts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Programme(models.Model):
    """A programme a network runs again and again, e.g. INELI Balkans or ILN."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Branding: on the programme's pages, in e-mails about it, in every PDF it issues.
    # The name in other languages is a JSON map {language code: name} rather than Wagtail
    # locales: a programme is one row that cohorts point at, not a translatable page.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=branding_upload_path,
        blank=True,
        validators=[validate_brand_image],
        help_text=_("PNG or JPEG, ideally wide and on a transparent or white background."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#0B5CAD",
        validators=[validate_accent_colour],
        help_text=_("# and six hexadecimal digits; it must read on white (WCAG AA, 4.5:1)."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.ImageField(
        _("signature image"),
        upload_to=signature_upload_path,
        blank=True,
        validators=[validate_brand_image],
        help_text=_("PNG or JPEG of the signature, on a transparent or white background."),
    )
    funders_logos = models.ImageField(
        _("funders' logos"),
        upload_to=branding_upload_path,
        blank=True,
        validators=[validate_brand_image],
        help_text=_("One image with the funders' logos in a line, as funders supply it."),
    )
    funders_text = models.CharField(
        _("funders' statement"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Co-funded by the European Union”; also the logos' text alternative."),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def name_in(self, language):
        """The programme's name in ``language``, or its main name when none is given."""
        return (self.names or {}).get(language) or self.name


class Cohort(models.Model):
    """One round of a programme: a group of people who go through it together."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"], name="cohorts_cohort_slug_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohorts_cohort_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.programme.name}: {self.name}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The cohort cannot end before it starts.")}, code="ends_before_start"
            )


class Membership(models.Model):
    """A person's role in one cohort; the only source of rights in that cohort."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = CountryField(
        _("country scope"),
        blank=True,
        help_text=_("Ambassadors only: the country they follow."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cohort", "role"], name="cohorts_membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.AMBASSADOR) | ~models.Q(country=""),
                name="cohorts_membership_ambassador_has_country",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "role"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.cohort.name})"

    def clean(self):
        super().clean()
        if self.role == Role.AMBASSADOR and not self.country:
            raise ValidationError(
                {"country": _("An ambassador needs the country they follow.")},
                code="ambassador_country",
            )


class MentorGroup(models.Model):
    """A mentor and the innovators they follow in one cohort."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="mentor_groups", verbose_name=_("cohort")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_groups",
        verbose_name=_("mentor"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mentor group")
        verbose_name_plural = _("mentor groups")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentor"], name="cohorts_mentorgroup_unique"),
        ]

    def __str__(self):
        return self.name or str(self.mentor)


class MentorGroupMember(models.Model):
    """An innovator in a mentor group; an innovator has one mentor per cohort."""

    group = models.ForeignKey(MentorGroup, on_delete=models.CASCADE, related_name="members")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    innovator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_group_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "innovator"], name="cohorts_one_mentor_per_cohort"
            ),
        ]

    def __str__(self):
        return f"{self.innovator} ← {self.group}"


class Invitation(models.Model):
    """A one-time link that lets an imported person set their password and sign in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.user.email} → {self.cohort}"

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()
