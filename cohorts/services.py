"""Every write to people, cohorts and memberships goes through here.

Services take keyword arguments and the acting user (``by``; ``None`` for the system,
e.g. the demo seeder or a task), run in a transaction, check permission with the rules
and leave an audit entry with Wagtail's ``log()``.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from . import rules as cohort_rules
from .enums import COHORT_TRANSITIONS, CohortStatus, Role
from .models import Cohort, Invitation, Membership, MentorGroup, MentorGroupMember, Programme, User

# People ---------------------------------------------------------------------------------


def create_user(*, email, full_name, password=None, by=None, verified=False, **profile):
    """Create a person; ``password=None`` leaves them to set one through an invitation.

    ``verified=True`` records the e-mail address as verified (people created by the
    system for themselves, such as the demo seeder's).
    """
    from allauth.account.models import EmailAddress

    user = User(email=email, full_name=full_name, **profile)
    user.clean()
    if User.objects.filter(email__iexact=user.email).exists():
        raise ValidationError({"email": _("A person with this e-mail address already exists.")})
    with transaction.atomic():
        user = User.objects.create_user(
            email=user.email, password=password, full_name=full_name, **profile
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        log(user, "wagtail.create", user=by)
    return user


def update_profile(*, user, by, **fields):
    """Change a person's own profile fields; only they (or a superuser) may.

    ``photo`` takes a new upload, or ``False``/``""`` to remove the photo. A photo that is
    replaced or removed is deleted from storage once the change commits: photos are public
    files, and one left on disk keeps answering at its old address.
    """
    if by is not None and by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied("cohorts.change_user")
    if fields.get("photo") is False:  # a form's "clear" box
        fields["photo"] = ""
    with transaction.atomic():
        # What is stored, not what the object holds: a bound ModelForm has already put the
        # new upload on ``user``.
        stored_photo = User.objects.filter(pk=user.pk).values_list("photo", flat=True).first()
        for name, value in fields.items():
            setattr(user, name, value)
        user.full_clean(exclude=["password"])
        user.save()
        if stored_photo and stored_photo != user.photo.name:
            storage = user.photo.storage
            transaction.on_commit(lambda: storage.delete(stored_photo))
        log(user, "wagtail.edit", user=by)
    return user


# Programmes and cohorts -----------------------------------------------------------------


def create_programme(*, name, slug, by, description="", website=""):
    """Only staff create programmes: superusers, or staff given ``cohorts.add_programme``."""
    if by is not None and not (
        by.is_superuser or (by.is_staff and by.has_perm("cohorts.add_programme"))
    ):
        raise PermissionDenied("cohorts.add_programme")
    with transaction.atomic():
        programme = Programme(name=name, slug=slug, description=description, website=website)
        programme.full_clean()
        programme.save()
        log(programme, "wagtail.create", user=by)
    return programme


BRANDING_FIELDS = {
    "names",
    "accent_colour",
    "signatory_name",
    "signatory_title",
    "funders_text",
    "website",
}


def set_programme_branding(*, programme, by, **fields):
    """Set a programme's branding text (names per language, accent colour, signatory,
    funders' statement); images are uploaded in the admin. Validates like the admin form."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied("cohorts.change_programme")
    unknown = set(fields) - BRANDING_FIELDS
    if unknown:
        raise TypeError(f"Not branding fields: {sorted(unknown)}")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.full_clean()
        programme.save(update_fields=sorted(fields))
        log(programme, "wagtail.edit", user=by, data={"branding": sorted(fields)})
    return programme


def create_cohort(*, programme, name, slug, starts_on, ends_on, by, countries=(), languages=()):
    """Create a cohort in draft; whoever creates it becomes its coordinator.

    Coordinators open cohorts only in programmes they already run (``programmes_managed_by``).
    """
    if by is not None and not (by.is_superuser or by.has_perm("cohorts.add_cohort")):
        raise PermissionDenied("cohorts.add_cohort")
    _require_programme(by, programme)
    with transaction.atomic():
        cohort = Cohort(
            programme=programme,
            name=name,
            slug=slug,
            starts_on=starts_on,
            ends_on=ends_on,
            countries=list(countries),
            languages=list(languages),
        )
        cohort.full_clean()
        cohort.save()
        log(cohort, "wagtail.create", user=by)
        if by is not None and not by.is_superuser:
            add_member(cohort=cohort, user=by, role=cohort_rules.CREATOR_ROLE, by=None)
    return cohort


def update_cohort(*, cohort, by, **fields):
    """Change a cohort's details; a status change goes through ``transition_cohort``."""
    require(by, "cohorts.manage_cohort", cohort)
    if "programme" in fields and fields["programme"] != cohort.programme:
        _require_programme(by, fields["programme"])
    new_status = fields.pop("status", cohort.status)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(cohort, name, value)
        cohort.full_clean()
        cohort.save()
        log(cohort, "wagtail.edit", user=by)
        if new_status != cohort.status:
            transition_cohort(cohort, new_status, by=by)
    return cohort


def _require_programme(by, programme):
    from .selectors import programmes_managed_by

    if by is not None and not programmes_managed_by(by).filter(pk=programme.pk).exists():
        raise PermissionDenied("cohorts.add_cohort")


def allowed_cohort_statuses(cohort):
    return COHORT_TRANSITIONS[CohortStatus(cohort.status)]


def transition_cohort(cohort, to, *, by, note=""):
    """Move a cohort to another status along the transition table, and record it."""
    require(by, "cohorts.manage_cohort", cohort)
    to = CohortStatus(to)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if to not in allowed_cohort_statuses(cohort):
            raise ValidationError(
                {
                    "status": _("A cohort cannot go from “%(from)s” to “%(to)s”.")
                    % {"from": cohort.get_status_display(), "to": to.label}
                }
            )
        previous = cohort.status
        cohort.status = to
        cohort.save(update_fields=["status"])
        log(
            cohort,
            "kohorta.cohort.status",
            user=by,
            data={"from": previous, "to": str(to), "note": note},
        )
    return cohort


# Memberships ----------------------------------------------------------------------------


def add_member(*, cohort, user, role, by, country=""):
    """Give a person a role in a cohort (idempotent) and record it."""
    require(by, "cohorts.manage_cohort", cohort)
    role = Role(role)
    if not cohort_rules.role_can(role, cohort_rules.REPRESENT_COUNTRY):
        country = ""
    elif not country:
        country = str(user.country)
    with transaction.atomic():
        membership = Membership(user=user, cohort=cohort, role=role, country=country)
        membership.full_clean(validate_unique=False, validate_constraints=False)
        membership, created = Membership.objects.get_or_create(
            user=user, cohort=cohort, role=role, defaults={"country": country}
        )
        if created:
            if cohort_rules.role_can(role, cohort_rules.MANAGE_COHORT):
                user.groups.add(coordinators_group())
            log(
                membership,
                "kohorta.membership.add",
                user=by,
                data={
                    "cohort": cohort.pk,
                    "person": user.pk,
                    "role": str(role),
                    "country": country,
                },
            )
    cohort_rules.forget_roles(user)
    return membership


def remove_member(*, membership, by):
    require(by, "cohorts.manage_cohort", membership.cohort)
    with transaction.atomic():
        log(
            membership,
            "kohorta.membership.remove",
            user=by,
            data={
                "cohort": membership.cohort_id,
                "person": membership.user_id,
                "role": membership.role,
            },
        )
        if cohort_rules.role_can(membership.role, cohort_rules.MENTOR_PEOPLE):
            MentorGroup.objects.filter(cohort=membership.cohort, mentor=membership.user).delete()
        if cohort_rules.role_can(membership.role, cohort_rules.TAKE_PART):
            MentorGroupMember.objects.filter(
                cohort=membership.cohort, innovator=membership.user
            ).delete()
        membership.delete()
        managing = cohort_rules.roles_with(cohort_rules.MANAGE_COHORT)
        if (
            membership.role in managing
            and not Membership.objects.filter(user=membership.user, role__in=managing).exists()
        ):
            membership.user.groups.remove(coordinators_group())
    cohort_rules.forget_roles(membership.user)


def coordinators_group():
    """The Wagtail group that lets people who manage a cohort into the admin; the rules scope
    it per cohort. Its permissions are every app's ``ADMIN_PERMISSIONS`` (in its rules)."""
    from django.contrib.auth.models import Group, Permission

    admin_permissions = cohort_rules.admin_permissions()
    group, created = Group.objects.get_or_create(name="Coordinators")
    if created or group.permissions.count() != len(admin_permissions):
        wanted = Permission.objects.none()
        for app_label, codename in admin_permissions:
            wanted |= Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(wanted)
    return group


def assign_mentor(*, cohort, mentor, innovator, by):
    """Put an innovator in a mentor's group (moving them out of any other group)."""
    require(by, "cohorts.manage_cohort", cohort)
    mentors = cohort_rules.roles_with(cohort_rules.MENTOR_PEOPLE)
    if not Membership.objects.filter(cohort=cohort, user=mentor, role__in=mentors).exists():
        raise ValidationError(_("%(name)s is not a mentor in this cohort.") % {"name": mentor})
    takers = cohort_rules.roles_with(cohort_rules.TAKE_PART)
    if not Membership.objects.filter(cohort=cohort, user=innovator, role__in=takers).exists():
        raise ValidationError(
            _("%(name)s is not an innovator in this cohort.") % {"name": innovator}
        )
    with transaction.atomic():
        group, _created = MentorGroup.objects.get_or_create(cohort=cohort, mentor=mentor)
        MentorGroupMember.objects.update_or_create(
            cohort=cohort, innovator=innovator, defaults={"group": group}
        )
        log(
            group,
            "kohorta.mentor.assign",
            user=by,
            data={"cohort": cohort.pk, "mentor": mentor.pk, "innovator": innovator.pk},
        )
    return group


# Invitations ----------------------------------------------------------------------------


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invite_user(*, user, cohort, role, by):
    """Record an invitation for a person without a password and queue its e-mail.

    The one-time token is made by the task when it sends the e-mail; only its hash is
    stored, so the link exists nowhere but in the person's mailbox.
    """
    invitation = Invitation.objects.create(
        user=user,
        cohort=cohort,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.KOHORTA_INVITATION_DAYS),
    )
    log(invitation, "kohorta.invitation.create", user=by, data={"email": user.email})
    enqueue("cohorts.tasks.send_invitation", invitation.pk)
    return invitation


def invitation_token(invitation):
    """The invitation's one-time token, derived from the secret key, id and creation time.

    It is the same on every attempt, so if a worker dies after the mail server took the
    e-mail but before ``sent_at`` was committed, the e-mail sent again on redelivery is the
    same message (same link, same Message-ID) rather than a second, different one.
    """
    return salted_hmac(
        "kohorta.invitation",
        f"{invitation.pk}:{invitation.created_at.isoformat()}",
        algorithm="sha256",
    ).hexdigest()


def issue_invitation_token(invitation):
    """Record an invitation's token as sent; returns the token (only its hash is stored)."""
    token = invitation_token(invitation)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def find_invitation(token):
    return (
        Invitation.objects.select_related("user", "cohort__programme")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )


def accept_invitation(*, invitation, password):
    """Set the invited person's password, verify their e-mail and use up the link."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation link has already been used or has expired."))
        user = invitation.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
            accepted_at=invitation.accepted_at
        )
        log(invitation, "kohorta.invitation.accept", user=user)
    return user


# CSV import -----------------------------------------------------------------------------

CSV_COLUMNS = ("name", "email", "country", "organisation", "role")
CSV_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ImportResult:
    added: int = 0
    already_members: int = 0
    invited: int = 0
    errors: list = field(default_factory=list)


class CSVImportError(ValidationError):
    """The file was refused; ``.rows`` lists ``(line number, message)``."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__(
            [
                _("Line %(line)s: %(message)s") % {"line": line, "message": message}
                for line, message in rows
            ]
        )


def _country_code(value):
    value = (value or "").strip()
    if not value:
        return ""
    if value.upper() in dict(countries):
        return value.upper()
    return countries.by_name(value) or countries.by_name(value, insensitive=True) or None


def parse_members_csv(data):
    """Read and check every row; return the clean rows or raise CSVImportError for all bad ones."""
    try:
        return _parse_members_csv(data)
    except csv.Error as error:  # e.g. a field over the csv module's size limit
        raise CSVImportError(
            [(0, _("The file cannot be read as CSV (%(error)s).") % {"error": error})]
        ) from None


def _parse_members_csv(data):
    if isinstance(data, bytes):
        if len(data) > CSV_MAX_BYTES:
            raise CSVImportError([(0, _("The file is larger than 2 MB."))])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CSVImportError([(0, _("The file is not UTF-8 text."))]) from None
    if "\x00" in data:
        raise CSVImportError([(0, _("The file is not a CSV text file."))])
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        raise CSVImportError(
            [
                (
                    1,
                    _("Missing column(s): %(columns)s. Expected: %(expected)s.")
                    % {"columns": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)},
                )
            ]
        )
    reader.fieldnames = header
    rows, errors, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        if None in row:
            errors.append((line, _("This row has more cells than the header.")))
            continue
        name = (row["name"] or "").strip()
        email = (row["email"] or "").strip().lower()
        role = (row["role"] or "").strip().lower()
        country = _country_code(row["country"])
        organisation = (row["organisation"] or "").strip()
        problems = []
        if not name:
            problems.append(_("the name is empty"))
        elif len(name) > 200:
            problems.append(_("the name is longer than 200 characters"))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        if email in seen:
            problems.append(_("%(email)s appears twice in the file") % {"email": email})
        if role not in Role.values:
            problems.append(
                _("the role “%(role)s” is not one of %(roles)s")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        if country is None:
            problems.append(_("“%(country)s” is not a known country") % {"country": row["country"]})
        elif cohort_rules.role_can(role, cohort_rules.REPRESENT_COUNTRY) and not country:
            problems.append(_("an ambassador needs a country"))
        if len(organisation) > 200:
            problems.append(_("the organisation is longer than 200 characters"))
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        seen.add(email)
        rows.append(
            {
                "line": line,
                "name": name,
                "email": email,
                "country": country,
                "organisation": organisation,
                "role": role,
            }
        )
    if errors:
        raise CSVImportError(errors)
    if not rows:
        raise CSVImportError([(2, _("The file has no member rows."))])
    return rows


def import_members_csv(*, cohort, data, by):
    """Add every row of a CSV to a cohort, or nothing at all if any row is bad.

    Unknown e-mail addresses get an account without a password and an invitation e-mail.
    """
    require(by, "cohorts.import_members", cohort)
    rows = parse_members_csv(data)
    result = ImportResult()
    with transaction.atomic():
        existing = {
            user.email.lower(): user
            for user in User.objects.filter(email__in=[row["email"] for row in rows])
        }
        for row in rows:
            user = existing.get(row["email"])
            new_user = user is None
            if new_user:
                user = create_user(
                    email=row["email"],
                    full_name=row["name"],
                    country=row["country"],
                    organisation=row["organisation"],
                    by=by,
                )
            already = Membership.objects.filter(user=user, cohort=cohort, role=row["role"]).exists()
            add_member(cohort=cohort, user=user, role=row["role"], by=by, country=row["country"])
            if already:
                result.already_members += 1
            else:
                result.added += 1
            if new_user or not user.has_usable_password():
                invite_user(user=user, cohort=cohort, role=row["role"], by=by)
                result.invited += 1
            elif not already:
                membership = Membership.objects.get(user=user, cohort=cohort, role=row["role"])
                enqueue("cohorts.tasks.send_added_to_cohort", membership.pk, by.pk)
        log(
            cohort,
            "kohorta.membership.import",
            user=by,
            data={"added": result.added, "invited": result.invited, "rows": len(rows)},
        )
    return result
