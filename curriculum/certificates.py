"""The certificate PDF: made by kohorta.pdf (WeasyPrint) in the innovator's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kohorta.pdf import qr_data_uri


def verification_url(certificate):
    return settings.WAGTAILADMIN_BASE_URL + reverse("curriculum:verify", args=[certificate.code])


def certificate_modules(details):
    """``[(title, language)]``: language is set where a module's title is not translated
    (certificates issued before ``module_languages`` existed have none)."""
    titles = details.get("modules", [])
    languages = details.get("module_languages") or [""] * len(titles)
    return list(zip(titles, languages, strict=False))


def render_certificate_pdf(certificate, *, request=None):
    """The certificate as a landscape A4 PDF, branded with its programme, in its language.

    Callers serve it only while the certificate is valid (a revoked one gets a page that
    says so, see ``views.certificate_pdf``).
    """
    from cohorts.branding import branding_for
    from kohorta.pdf import render_pdf

    url = verification_url(certificate)
    language = certificate.language or settings.LANGUAGE_CODE
    programme = certificate.cohort_course.cohort.programme
    modules = certificate_modules(certificate.details)
    with translation.override(language):
        return render_pdf(
            "curriculum/certificate_pdf.html",
            {
                "certificate": certificate,
                "details": certificate.details,
                "modules": modules,
                "untranslated_modules": any(language for _title, language in modules),
                "branding": branding_for(programme, language, for_pdf=True),
                "verify_url": url,
                "qr": qr_data_uri(url),
                "LANGUAGE_CODE": language,
            },
        )
