"""The certificate PDF: made by kohorta.pdf (WeasyPrint) in the innovator's language."""

import base64
import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def verification_url(certificate):
    return settings.WAGTAILADMIN_BASE_URL + reverse("curriculum:verify", args=[certificate.code])


def qr_data_uri(text):
    """A QR code for ``text`` as an SVG data URI (no file, nothing fetched)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


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
    with translation.override(language):
        return render_pdf(
            "curriculum/certificate_pdf.html",
            {
                "certificate": certificate,
                "details": certificate.details,
                "branding": branding_for(programme, language, for_pdf=True),
                "verify_url": url,
                "qr": qr_data_uri(url),
                "LANGUAGE_CODE": language,
            },
        )
