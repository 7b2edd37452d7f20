"""Readable ASCII slugs for titles in any script, transliterated as each language does.

Macedonian, Bulgarian and Serbian follow their official romanisations (Ѓ -> gj, Ќ -> kj,
Џ -> dzh in Macedonian; Щ -> sht, Ъ -> a in Bulgarian; Ђ -> dj, Ћ -> c in Serbian) and Greek
ELOT 743 (Θ -> th, Χ -> ch, ου -> ou); other text, and other languages, go through
Unidecode. The admin fills the slug field from ``slug_for`` (``cms.views.slugify_title``),
and pages made in code or by wagtail-localize get it in ``KohortaPage``: a translation
made in wagtail-localize's editor whose translator left the slug alone gets its slug from
its translated title (once; an updated translation keeps its slug).
"""

from django.utils.text import slugify
from unidecode import unidecode

FALLBACK_SLUG = "page"

_MACEDONIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "zh",
    "з": "z", "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m",
    "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dzh", "ш": "sh",
}  # fmt: skip
_SERBIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    # Serbian in Latin script, folded to ASCII the same way.
    "đ": "dj", "ž": "z", "ć": "c", "č": "c", "š": "s",
}  # fmt: skip
_BULGARIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip
_GREEK_PAIRS = {"ου": "ou", "ού": "ou", "γγ": "ng", "γκ": "gk", "μπ": "mp", "ντ": "nt"}
_GREEK = {
    "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z",
    "η": "i", "ή": "i", "θ": "th", "ι": "i", "ί": "i", "ϊ": "i", "ΐ": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "ό": "o", "π": "p", "ρ": "r",
    "σ": "s", "ς": "s", "τ": "t", "υ": "y", "ύ": "y", "ϋ": "y", "ΰ": "y", "φ": "f",
    "χ": "ch", "ψ": "ps", "ω": "o", "ώ": "o",
}  # fmt: skip
TABLES = {
    "mk": ({}, _MACEDONIAN),
    "sr": ({}, _SERBIAN),
    "sr-latn": ({}, _SERBIAN),
    "bg": ({}, _BULGARIAN),
    "el": (_GREEK_PAIRS, _GREEK),
}


def transliterate(text, language=None):
    """``text`` in Latin letters as ``language`` romanises it (Unidecode for the rest)."""
    pairs, letters = TABLES.get((language or "").lower(), ({}, {}))
    text = (text or "").lower()
    out = []
    position = 0
    while position < len(text):
        pair = text[position : position + 2]
        if pair in pairs:
            out.append(pairs[pair])
            position += 2
            continue
        char = text[position]
        out.append(letters.get(char, char))
        position += 1
    return unidecode("".join(out))


def slug_for(text, language=None, *, max_length=255):
    """A slug for ``text`` written in ``language``; may return ''."""
    return slugify(transliterate(text, language))[:max_length].strip("-")


def ascii_slug(text, *, max_length=255, language=None):
    """Transliterate ``text`` (Cyrillic, Greek, accents ...) and slugify it; may return ''."""
    return slug_for(text, language, max_length=max_length)
