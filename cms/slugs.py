"""Readable ASCII slugs for titles in any script."""

from django.utils.text import slugify
from unidecode import unidecode

FALLBACK_SLUG = "page"


def ascii_slug(text, *, max_length=255):
    """Transliterate ``text`` (Cyrillic, Greek, accents ...) and slugify it; may return ''."""
    return slugify(unidecode(text or ""))[:max_length].strip("-")
