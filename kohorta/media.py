"""How Kohorta hands out uploaded files: never as a page the browser could run.

Every file a person uploaded leaves through ``file_response``: ``X-Content-Type-Options:
nosniff``, a sandboxing Content-Security-Policy, and ``Content-Disposition: attachment``
unless it is a raster image we validated on upload (photos are shown inline as images,
with an image content type chosen from the extension we gave the file, never from the
upload). ``serve_media`` serves only the public folders in ``KOHORTA_PUBLIC_MEDIA_PREFIXES``
(photos and Wagtail images, stored under random or Wagtail-chosen names); everything else
under MEDIA_ROOT (documents, grant attachments, ...) is served by its app's own view, which
checks permission and then calls ``file_response``.
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

INLINE_IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def file_response(fileobj, *, filename, inline_images=True):
    """A download of an uploaded file with the headers that keep it from running as a page.

    Images in ``INLINE_IMAGE_TYPES`` may be shown inline when ``inline_images``; anything
    else is an attachment whose type is guessed from ``filename`` but never text/html.
    """
    suffix = Path(filename).suffix.lower()
    if inline_images and suffix in INLINE_IMAGE_TYPES:
        content_type, as_attachment = INLINE_IMAGE_TYPES[suffix], False
    else:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        if content_type in {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"}:
            content_type = "application/octet-stream"
        as_attachment = True
    response = FileResponse(
        fileobj, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_safe
def serve_media(request, path):
    """Serve a file from a public media folder; 404 for anything else or any trick path."""
    if "\x00" in path or "\\" in path:
        raise Http404
    clean = posixpath.normpath(path).lstrip("/")
    if clean != path or clean.startswith("..") or "/." in f"/{clean}":
        raise Http404
    if not clean.startswith(tuple(settings.KOHORTA_PUBLIC_MEDIA_PREFIXES)):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, clean))
    except Exception:  # SuspiciousFileOperation
        raise Http404 from None
    if not full_path.is_file():
        raise Http404
    response = file_response(full_path.open("rb"), filename=full_path.name)
    response["Cache-Control"] = "private, max-age=3600"
    return response
