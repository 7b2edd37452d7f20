"""Checks for files innovators upload with their reflections."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = {
    ".pdf",
    ".docx",
    ".odt",
    ".pptx",
    ".odp",
    ".xlsx",
    ".ods",
    ".txt",
    ".md",
    ".png",
    ".jpg",
    ".jpeg",
}
# Leading bytes of executables and scripts, refused whatever the file is called.
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa",
)
# What the first bytes must look like for each kind of file.
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_upload(upload):
    """Refuse files that are too large, of an unexpected type, or executable."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "attachment": _("The file is %(size)s; files can be at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
            }
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "attachment": _("Files of this type are not accepted. Use one of: %(types)s.")
                % {"types": ", ".join(sorted(ext.lstrip(".") for ext in ALLOWED_EXTENSIONS))}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError({"attachment": _("Programs and scripts cannot be uploaded.")})
    expected = SIGNATURES.get(suffix)
    if expected and not head.startswith(expected):
        raise ValidationError(
            {
                "attachment": _("The file does not look like a %(type)s file.")
                % {"type": suffix.lstrip(".").upper()}
            }
        )
    if suffix in {".txt", ".md"} and b"\x00" in head:
        raise ValidationError({"attachment": _("The file is not a text file.")})
