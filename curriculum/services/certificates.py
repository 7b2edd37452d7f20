"""Certificates: automatic and manual issue, revoke, re-issue, bulk issue."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from ..enums import (
    ReflectionState,
)
from ..models import (
    Certificate,
    EnrolmentProgress,
    Reflection,
)
from ..structure import course_structure
from .common import _is_innovator

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def missing_for_certificate(*, cohort_course, user, enrolment=None):
    """What still stands between a person and the certificate: a list of readable reasons."""
    structure = course_structure(cohort_course)
    if enrolment is None:
        enrolment = EnrolmentProgress.objects.filter(cohort_course=cohort_course, user=user).first()
    approved = set(
        Reflection.objects.filter(
            cohort_course=cohort_course, author=user, state=ReflectionState.APPROVED
        ).values_list("module_key", flat=True)
    )
    missing = []
    for module in structure.modules:
        numbers = enrolment.module(module.key) if enrolment else {"done": 0}
        if not module.lessons or numbers["done"] < len(module.lessons):
            missing.append(
                _("Not all lessons of “%(module)s” are done.") % {"module": module.title}
            )
        if module.needs_approved_reflection and module.key not in approved:
            missing.append(
                _("The reflection for “%(module)s” is not approved yet.") % {"module": module.title}
            )
    if not structure.modules:
        missing.append(_("The course has no modules yet."))
    return missing


def issue_certificate_if_complete(*, cohort_course, user, enrolment=None):
    """Issue the certificate when every module is done and required reflections approved."""
    structure = course_structure(cohort_course)
    if enrolment is not None and enrolment.modules_done < len(structure.modules):
        return None
    if Certificate.objects.filter(
        cohort_course=cohort_course, user=user, revoked_at__isnull=True
    ).exists():
        return None
    if Certificate.objects.filter(cohort_course=cohort_course, user=user).exists():
        # Revoked by a coordinator: only a coordinator re-issues it.
        return None
    if missing_for_certificate(cohort_course=cohort_course, user=user, enrolment=enrolment):
        return None
    return _create_certificate(cohort_course=cohort_course, user=user, by=None)


def certificate_details(*, cohort_course, user, language):
    """What a certificate states, in the person's language where a translation exists.

    Titles come from the pages of the language's content tree (Serbian in Latin script reads
    the Serbian tree, transliterated). A module without a translation keeps its source
    title, and ``module_languages`` names that title's language so the certificate can mark
    it (``lang``) and say that it is not translated; "" where the title is translated.
    """
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    structure = course_structure(cohort_course)
    course = cohort_course.course
    keys = [course.translation_key] + [module.key for module in structure.modules]
    titles = {}
    try:
        content_language = get_supported_content_language_variant(language)
    except LookupError:
        content_language = None
    locale = Locale.objects.filter(language_code=content_language).first()
    if locale is not None:
        titles = dict(
            Page.objects.filter(translation_key__in=keys, locale=locale, live=True).values_list(
                "translation_key", "title"
            )
        )
    if content_language != language and language == "sr-latn":
        from cohorts.management.commands.transliterate_catalogues import transliterate_text

        titles = {key: transliterate_text(title) for key, title in titles.items()}
    course_title = course.specific.certificate_title or course.title
    if course.translation_key in titles:
        course_title = titles[course.translation_key]
    source_language = course.locale.language_code
    cohort = cohort_course.cohort
    return {
        "name": user.full_name or user.email,
        "programme": cohort.programme.name_in(language),
        "cohort": cohort.name,
        "course": course_title,
        "modules": [titles.get(module.key, module.title) for module in structure.modules],
        "module_languages": [
            "" if module.key in titles or source_language == language else source_language
            for module in structure.modules
        ],
        "hours": round(sum(lesson.minutes for lesson in structure.lessons.values()) / 60),
    }


def _create_certificate(*, cohort_course, user, by, now=None):
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        details = certificate_details(cohort_course=cohort_course, user=user, language=language)
    code = new_certificate_code()
    while Certificate.objects.filter(code=code).exists():
        code = new_certificate_code()
    certificate = Certificate.objects.create(
        cohort_course=cohort_course,
        user=user,
        code=code,
        language=language,
        details=details,
        issued_at=now or timezone.now(),
        issued_by=by,
    )
    log(
        certificate,
        "kohorta.curriculum.certificate_issue",
        user=by,
        data={"person": user.pk, "code": code},
    )
    enqueue("curriculum.tasks.send_certificate_notice", certificate.pk)
    return certificate


def issue_certificate(*, cohort_course, user, by, force=False, now=None):
    """Issue a person's certificate; without ``force`` only when they completed the course."""
    require(by, "curriculum.manage_course", cohort_course)
    if not _is_innovator(cohort_course, user):
        raise ValidationError(_("%(name)s is not an innovator in this cohort.") % {"name": user})
    with transaction.atomic():
        existing = Certificate.objects.filter(
            cohort_course=cohort_course, user=user, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        if not force:
            missing = missing_for_certificate(cohort_course=cohort_course, user=user)
            if missing:
                raise ValidationError(missing)
        return _create_certificate(cohort_course=cohort_course, user=user, by=by, now=now)


def revoke_certificate(*, certificate, reason, by):
    require(by, "curriculum.revoke_certificate", certificate)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise ValidationError(_("This certificate has already been revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log(
            certificate,
            "kohorta.curriculum.certificate_revoke",
            user=by,
            data={"reason": reason.strip()},
        )
    return certificate


def reissue_certificate(*, certificate, by):
    """Issue a fresh certificate (new code, today's details) after a revoked one."""
    require(by, "curriculum.revoke_certificate", certificate)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if (
            Certificate.objects.filter(
                cohort_course=certificate.cohort_course_id,
                user=certificate.user_id,
                revoked_at__isnull=True,
            )
            .exclude(pk=certificate.pk)
            .exists()
        ):
            # Re-issuing an old code again (a second click, a second coordinator): the person
            # already holds a valid certificate.
            raise ValidationError(_("A valid certificate has already been issued."))
        if certificate.revoked_at is None:
            revoke_certificate(
                certificate=certificate, reason=_("Replaced by a re-issued certificate."), by=by
            )
        new = _create_certificate(
            cohort_course=certificate.cohort_course, user=certificate.user, by=by
        )
        log(
            new,
            "kohorta.curriculum.certificate_reissue",
            user=by,
            data={"replaces": certificate.code},
        )
    return new


def request_bulk_certificates(*, cohort_course, by):
    """Queue a background task that issues every certificate the cohort has earned."""
    require(by, "curriculum.manage_course", cohort_course)
    log(cohort_course, "kohorta.curriculum.certificate_bulk", user=by)
    enqueue("curriculum.tasks.issue_certificates", cohort_course.pk, by.pk if by else None)


def issue_earned_certificates(*, cohort_course):
    """Issue a certificate to everyone who has earned one and has none; returns how many."""
    structure = course_structure(cohort_course)
    candidates = (
        EnrolmentProgress.objects.filter(
            cohort_course=cohort_course, modules_done__gte=len(structure.modules)
        )
        .exclude(user__certificates__cohort_course=cohort_course)
        .select_related("user")
    )
    issued = 0
    for enrolment in candidates:
        with transaction.atomic():
            if issue_certificate_if_complete(
                cohort_course=cohort_course, user=enrolment.user, enrolment=enrolment
            ):
                issued += 1
    return issued
