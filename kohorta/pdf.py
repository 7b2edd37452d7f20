"""The only module that calls WeasyPrint, and the QR codes printed documents carry."""

import base64
import io

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _url_fetcher():
    """A WeasyPrint URL fetcher that reads static files from disk and never goes online."""
    from weasyprint.urls import URLFetcher

    class KohortaURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(settings.STATIC_URL) or url.startswith("static:"):
                path = finders.find(url.removeprefix("static:").removeprefix(settings.STATIC_URL))
                if path:
                    return super().fetch(f"file://{path}", headers)
            if url.startswith(("http://", "https://")):
                raise ValueError("Remote resources are not fetched when rendering PDFs.")
            return super().fetch(url, headers)

    return KohortaURLFetcher()


def render_pdf(template, context, *, request=None) -> bytes:
    """Render a Django template to PDF bytes; remote URLs are never fetched."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher()
    ).write_pdf()


def qr_data_uri(text):
    """A QR code for ``text`` as an SVG data URI (no file, nothing fetched)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
