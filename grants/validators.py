"""Checks for files people upload to proposals and reports."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Allowed extensions, the MIME type we serve them with and the bytes they start with.
ALLOWED_UPLOADS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def upload_kind(name):
    """The lower-case extension of a file name, or ``""``."""
    return PurePath(name or "").suffix.lower()


def validate_upload(file):
    """Refuse files that are too large, of a type we do not accept, or not what they claim."""
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    suffix = upload_kind(getattr(file, "name", ""))
    if suffix not in ALLOWED_UPLOADS:
        raise ValidationError(
            _(
                "Upload a PDF, Word (.docx), OpenDocument (.odt), Excel (.xlsx), text, CSV, "
                "PNG or JPEG file."
            ),
            code="wrong_type",
        )
    _mime, signatures = ALLOWED_UPLOADS[suffix]
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(2048)
    file.seek(position)
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The file’s contents do not match its “%(suffix)s” extension."),
            code="wrong_content",
            params={"suffix": suffix},
        )
    if not signatures:
        if b"\x00" in head:
            raise ValidationError(_("The file is not a text file."), code="wrong_content")
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:
                raise ValidationError(
                    _("The file is not UTF-8 text."), code="wrong_content"
                ) from None


def content_type_for(name):
    return ALLOWED_UPLOADS.get(upload_kind(name), ("application/octet-stream", ()))[0]
