"""Write the catalogues of country names for the interface languages django-countries has no
translation for (Macedonian, Albanian), from the Unicode CLDR's names that Babel ships, and
for the other interface languages the names django-countries leaves untranslated (the
Netherlands, Bahamas, Eswatini... fell back to English) or has out of date (North
Macedonia, named by the 2019 Prespa agreement: "Македонија" in Serbian, missing in
Croatian, Slovenian, Romanian, Polish and Greek).

Run it again after upgrading django-countries or Babel; the result is committed in
kohorta/locale_countries (one of LOCALE_PATHS) and compiled like every other catalogue.
"""

from pathlib import Path

import polib
from babel import Locale
from django.conf import settings
from django.core.management.base import BaseCommand
from django_countries.data import COUNTRIES

LANGUAGES = ["mk", "sq"]
GAP_LANGUAGES = ["el", "bg", "sr", "sr_Latn", "hr", "sl", "ro", "pl"]
#: Names taken from the CLDR even where django-countries has a translation.
ALWAYS_CLDR = {"MK"}
TARGET = Path(settings.BASE_DIR) / "kohorta" / "locale_countries"


def english_name(name):
    """The message id django-countries translates (its names are lazy gettext calls)."""
    args = getattr(name, "_args", None) or getattr(name, "_proxy____args", None)
    return args[0] if args else str(name)


def _django_countries_names(language):
    """django-countries' own translations for ``language``: {English name: translation}."""
    import django_countries

    path = Path(django_countries.__file__).parent / "locale" / language / "LC_MESSAGES"
    path = path / "django.po"
    if not path.exists():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


class Command(BaseCommand):
    help = "Write kohorta/locale_countries/<lang>/LC_MESSAGES/django.po from Babel's CLDR names."

    def handle(self, *args, **options):
        for language in LANGUAGES + GAP_LANGUAGES:
            territories = Locale.parse(language).territories
            known = _django_countries_names(language) if language in GAP_LANGUAGES else {}
            catalogue = polib.POFile(wrapwidth=79)
            catalogue.metadata = {
                "Project-Id-Version": "Kohorta country names",
                "Language": language,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
            }
            for code, name in sorted(COUNTRIES.items()):
                local = territories.get(code)
                if known.get(english_name(name)) and code not in ALWAYS_CLDR:
                    continue
                if local:
                    catalogue.append(polib.POEntry(msgid=english_name(name), msgstr=local))
            path = TARGET / language / "LC_MESSAGES" / "django.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(path))
            self.stdout.write(f"{path}: {len(catalogue)} names")
