"""Open Badges 3.0: the issuer, its key, the status list, achievements, a certificate's
credential (JSON, JWT, baked PNG) and verification by uploading the credential file."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from .. import badges, selectors
from ..forms import VerifyForm
from ..models import Certificate, CohortCourse
from ..structure import course_structure

JSON_LD = "application/ld+json"


def _json(data, *, content_type="application/json", filename=None):
    response = JsonResponse(data, content_type=content_type, json_dumps_params={"indent": 2})
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from other sites
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def ob_issuer(request):
    return _json(badges.issuer_profile(), content_type=JSON_LD)


@require_safe
def ob_keys(request):
    return _json(badges.key_set(), content_type="application/jwk-set+json")


@require_safe
def ob_status(request):
    revoked = Certificate.objects.filter(revoked_at__isnull=False).values_list("pk", flat=True)
    response = _json(badges.status_list(revoked), content_type=JSON_LD)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def ob_achievement(request, pk):
    run = get_object_or_404(
        CohortCourse.objects.select_related("cohort__programme", "course"), pk=pk
    )
    structure = course_structure(run)
    course = run.course.specific
    data = badges.achievement(
        cohort_course_id=run.pk,
        course=course.certificate_title or course.title,
        programme=run.cohort.programme.name,
        modules=[module.title for module in structure.modules],
        hours=round(sum(lesson.minutes for lesson in structure.lessons.values()) / 60),
        language=settings.LANGUAGE_CODE,
    )
    return _json({"@context": badges.CONTEXT, **data}, content_type=JSON_LD)


def _own_certificate(request, code):
    return selectors.certificate_with_perm(request.user, code, "curriculum.download_certificate")


def _revoked(request, certificate):
    return render(
        request, "curriculum/certificate_revoked.html", {"certificate": certificate}, status=410
    )


@login_required
@require_safe
def certificate_json(request, code):
    certificate = _own_certificate(request, code)
    if not certificate.is_valid:
        return _revoked(request, certificate)
    return _json(
        badges.credential(certificate),
        content_type=JSON_LD,
        filename=f"credential-{certificate.code}.json",
    )


def _credential_download(request, code, build, *, content_type, filename):
    """The person's own certificate as a download made by ``build(certificate)``; a revoked
    certificate answers 410 with a page saying so."""
    certificate = _own_certificate(request, code)
    if not certificate.is_valid:
        return _revoked(request, certificate)
    response = HttpResponse(build(certificate), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename % certificate.code}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def certificate_jwt(request, code):
    return _credential_download(
        request,
        code,
        badges.credential_jwt,
        content_type="application/vc+jwt",
        filename="credential-%s.jwt",
    )


@login_required
@require_safe
def certificate_badge(request, code):
    return _credential_download(
        request, code, badges.badge_png, content_type="image/png", filename="badge-%s.png"
    )


def _certificate_from_credential(kind, body):
    """The certificate a credential names, if its content is what this site issued."""
    if not body or not isinstance(body.get("id"), str):
        return None
    code = body["id"].rstrip("/").rsplit("/", 1)[-1]
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort__programme")
        .filter(code=code.upper())
        .first()
    )
    if certificate is None:
        return None
    issued = badges.credential(certificate)
    if kind == "jwt":
        body = {
            key: value for key, value in body.items() if key not in {"iss", "jti", "nbf", "iat"}
        }
    if json.dumps(body, sort_keys=True) != json.dumps(issued, sort_keys=True):
        return None
    return certificate


@require_http_methods(["GET", "HEAD", "POST"])
def verify_index(request):
    """Public: check a certificate by its code or by its credential file."""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    context = {"form": form, "keys_url": badges.absolute(reverse("curriculum:ob_keys"))}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("credential")
        if not upload:
            return redirect("curriculum:verify", form.cleaned_data["code"].strip().upper())
        kind, body = badges.read_credential_file(upload.read())
        certificate = _certificate_from_credential(kind, body)
        context.update(
            {
                "checked": True,
                "certificate": certificate,
                "signed": kind == "jwt" and certificate is not None,
            }
        )
    return render(request, "curriculum/verify_index.html", context)
