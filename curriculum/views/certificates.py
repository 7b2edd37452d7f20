"""Certificates: issue, revoke, re-issue, bulk issue, the PDF and public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import User

from .. import selectors, services
from ..certificates import render_certificate_pdf
from ..forms import RevokeForm
from ..models import Certificate
from .common import _dashboard_run, _error_text


@login_required
@require_POST
def issue_certificate(request, pk, user_id):
    run = _dashboard_run(request, pk, "manage")
    person = get_object_or_404(User, pk=user_id)
    try:
        services.issue_certificate(
            cohort_course=run, user=person, by=request.user, force="force" in request.POST
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The certificate has been issued."))
    return redirect("curriculum:person_progress", run.pk, person.pk)


def _managed_certificate(request, code):
    return selectors.certificate_with_perm(request.user, code, "curriculum.revoke_certificate")


@login_required
@require_POST
def revoke_certificate(request, code):
    certificate = _managed_certificate(request, code)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The certificate has been revoked."))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("curriculum:person_progress", certificate.cohort_course_id, certificate.user_id)


@login_required
@require_POST
def reissue_certificate(request, code):
    certificate = _managed_certificate(request, code)
    try:
        new = services.reissue_certificate(certificate=certificate, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("A new certificate has been issued: %(code)s.") % {"code": new.code}
        )
    return redirect("curriculum:person_progress", certificate.cohort_course_id, certificate.user_id)


@login_required
@require_POST
def bulk_certificates(request, pk):
    run = _dashboard_run(request, pk, "manage")
    services.request_bulk_certificates(cohort_course=run, by=request.user)
    messages.success(
        request,
        _("Certificates are being issued to everyone who has earned one. This takes a minute."),
    )
    return redirect("curriculum:cohort_dashboard", run.pk)


# Certificates -----------------------------------------------------------------------------


@login_required
def certificate_pdf(request, code):
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort", "user")
        .filter(code=code)
        .first()
    )
    if certificate is None or not request.user.has_perm(
        "curriculum.download_certificate", certificate
    ):
        raise Http404
    if not certificate.is_valid:
        # A revoked certificate is never handed out as a valid document again.
        return render(
            request, "curriculum/certificate_revoked.html", {"certificate": certificate}, status=410
        )
    response = HttpResponse(
        render_certificate_pdf(certificate, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_certificate(request, code):
    """Public: anyone holding a code can check whether the certificate is valid."""
    certificate = (
        Certificate.objects.select_related("cohort_course__cohort__programme")
        .filter(code=code.strip().upper())
        .first()
    )
    # An unknown code answers 200 with a clear message: a 404 here would be redirected to the
    # language-prefixed site by LocaleMiddleware and lose the explanation.
    return render(request, "curriculum/verify.html", {"certificate": certificate, "code": code})
