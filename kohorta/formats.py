"""Dates, numbers, money and country lists as each interface language writes them.

The one place for local formats: templates reach it through the ``date``, ``number`` and
``money`` filters (``kohorta.templatetags.kohorta_formats``, a template builtin), Python
code (messages, e-mails, PDFs, CSV files) calls the functions here.

- Dates: Django's format modules as corrected in ``cms/formats/<locale>/formats.py`` and the
  month and weekday names in Kohorta's catalogues (``kohorta/dates.py``). The English
  patterns written in templates (``"j F Y"``, ``"j M Y"``) name a kind of date; in another
  language they become that language's own pattern for the same kind (``"j. E Y."``).
- Numbers and money: the language's decimal and thousands separators, always grouped (pages,
  PDFs, e-mails); ``plain_number`` for files other programs read (CSV: dot decimals).
- Countries: django-countries' names in the interface language, sorted by that language's
  alphabet (``collation_key``).
"""

import datetime
import decimal
import unicodedata

from django.utils import dateformat, formats, timezone, translation

# English pattern written in a template -> the kind of date it shows (a Django format name,
# or a name with ", weekday" / " zone" added to one).
DATE_KINDS = {
    "j F Y": "DATE_FORMAT",
    "j M Y": "DATE_FORMAT",
    "DATE_FORMAT": "DATE_FORMAT",
    "j F": "MONTH_DAY_FORMAT",
    "j M": "MONTH_DAY_FORMAT",
    "F Y": "YEAR_MONTH_FORMAT",
    "M Y": "YEAR_MONTH_FORMAT",
    "j M Y H:i": "DATETIME_FORMAT",
    "j M Y, H:i": "DATETIME_FORMAT",
    "j F Y H:i": "DATETIME_FORMAT",
    "j F Y, H:i": "DATETIME_FORMAT",
    "DATETIME_FORMAT": "DATETIME_FORMAT",
    "j M Y H:i T": "DATETIME_FORMAT zone",
    "l j F Y": "DATE_FORMAT weekday",
    "l j F": "MONTH_DAY_FORMAT weekday",
    "D j M": "MONTH_DAY_FORMAT weekday",
}


def date_pattern(pattern, language=None):
    """The pattern the active (or given) language uses for the kind of date an English
    ``pattern`` shows; English and patterns of no known kind are returned unchanged."""
    language = language or translation.get_language() or "en"
    kind = DATE_KINDS.get(pattern)
    if kind is None or language.split("-")[0] == "en":
        return pattern
    name, _space, extra = kind.partition(" ")
    local = formats.get_format(name, lang=language)
    if extra == "weekday":
        local = "l, " + local
    elif extra == "zone":
        local += " T"
    return local


def format_date(value, pattern="DATE_FORMAT"):
    """``value`` (date or datetime; aware datetimes in the current time zone) written in the
    active language, e.g. ``"2 септември 2026"``; "" for None."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    local = date_pattern(pattern)
    if local in formats.FORMAT_SETTINGS:
        local = formats.get_format(local)
    return dateformat.format(value, local)


def format_datetime(value, *, zone=None):
    """A moment written in the active language with its time zone's abbreviation."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return dateformat.format(value, date_pattern("j M Y H:i T"))


def format_number(value, decimal_places=None):
    """``12345.5`` -> ``"12,345.5"`` / ``"12.345,5"`` / ``"12 345,5"``: the active language's
    separators, always grouped by thousands. ``decimal_places`` fixes the decimals."""
    if value in (None, ""):
        return ""
    if decimal_places is None and isinstance(value, decimal.Decimal):
        # Amounts stored with cents: 3000.00 is written 3,000; 1500.50 keeps its cents.
        decimal_places = 0 if value == value.to_integral_value() else None
    if decimal_places is not None:
        value = decimal.Decimal(value).quantize(
            decimal.Decimal(1).scaleb(-decimal_places), rounding=decimal.ROUND_HALF_UP
        )
    return formats.number_format(value, decimal_pos=decimal_places, force_grouping=True)


def format_money(amount, currency="EUR"):
    """``3000`` EUR -> ``"3,000 EUR"`` in English, ``"3.000 EUR"`` in Macedonian; cents only
    when there are some. The currency's ISO code follows, as the programmes write it."""
    if amount in (None, ""):
        return ""
    amount = decimal.Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{format_number(amount, places)}\N{NO-BREAK SPACE}{currency}"


def format_percent(value):
    """A whole percentage (``45``) as the active language writes it: ``"45%"`` in English,
    ``"45 %"`` (a no-break space) in Slovenian, Croatian, Romanian and Macedonian (the
    CLDR's patterns, through Babel)."""
    if value in (None, ""):
        return ""
    from babel.numbers import format_percent as babel_percent

    locale = translation.to_locale(translation.get_language() or "en")
    try:
        return babel_percent(decimal.Decimal(value) / 100, locale=locale)
    except ValueError:  # a language Babel does not know
        return f"{value}%"


def plain_number(value):
    """A number as files for other programs hold it (CSV): a dot before the decimals, no
    thousands separator, no exponent, whatever the interface language; ``3000.00`` ->
    ``"3000.00"``, ``0.1 + 0.2`` -> ``"0.3"``. Spreadsheets that open a CSV file by the
    computer's locale read it through their import (see docs/exports.md)."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The shortest form that reads back as the same float, never 1e-05.
        value = decimal.Decimal(repr(value))
    text = format(decimal.Decimal(value), "f")
    return text


# Each language's alphabet, letter by letter, for sorting names; a letter not listed sorts
# as its unaccented base letter, then by its accent. Latin letters not in a language's
# alphabet (q, w, x, y in Croatian) take their English place.
ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "sr-latn": "abcčćdđefghijklmnopqrsštuvwxyzž",
    "hr": "abcčćdđefghijklmnopqrsštuvwxyzž",
    "sl": "abcčćdđefghijklmnopqrsštuvwxyzž",
    "pl": "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż",
    "ro": "aăâbcdefghiîjklmnopqrsștțuvwxyz",
    "sq": "abcçdeëfghijklmnopqrstuvwxyz",
    "el": "αβγδεζηθικλμνξοπρσςτυφχψω",
}
# Romanian is written with comma-below letters; old texts use cedillas for the same ones.
EQUIVALENT = {"ş": "ș", "ţ": "ț"}


def collation_key(text, language=None):
    """A sort key ordering ``text`` by the language's alphabet (Č after C in Croatian,
    Ђ after Д in Serbian, Ѓ after Г in Macedonian), case and accents breaking ties."""
    language = (language or translation.get_language() or "en").lower()
    alphabet = ALPHABETS.get(language) or ALPHABETS.get(language.split("-")[0], "")
    latin = ALPHABETS["en"]
    primary, secondary = [], []
    for char in unicodedata.normalize("NFC", text).casefold():
        char = EQUIVALENT.get(char, char)
        if char in alphabet:
            primary.append((0, alphabet.index(char)))
            secondary.append(0)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        if base in alphabet:
            primary.append((0, alphabet.index(base)))
            secondary.append(ord(char))
        elif base in latin:
            primary.append((1, latin.index(base)))
            secondary.append(ord(char))
        elif base.isalnum():
            primary.append((2, ord(base)))
            secondary.append(ord(char))
        # Spaces, hyphens and apostrophes do not order names.
    return (primary, secondary, text)


def sorted_countries(language=None):
    """``[(code, name)]`` of every country, named and sorted in the active language."""
    from django_countries import countries

    language = language or translation.get_language()
    with translation.override(language):
        named = [(code, str(name)) for code, name in countries]
    return sorted(named, key=lambda item: collation_key(item[1], language))
