import re
from pathlib import Path

import cyrtranslit
import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# What a translation may contain that is not words: python-format placeholders (%(name)s,
# %s, %%), str.format fields ({name}, JSON samples), HTML tags and entities. These are
# copied unchanged; only the text between them is transliterated.
PROTECTED = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{[^{}]*\}|<[^<>]+>|&#?\w+;")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")

# (source locale, target locale) -> cyrtranslit language and the target's Language-Team.
SCRIPTS = {
    ("sr", "sr_Latn"): ("sr", "Serbian (Latin)"),
}


def transliterate_text(text, language="sr"):
    """Cyrillic words to Latin; placeholders, tags, entities and Latin words stay as they are.

    A word written in capitals stays in capitals (ЉУБАВ -> LJUBAV, not LjUBAV); a capital
    letter starting a word becomes a title-case digraph (Љубав -> Ljubav).
    """

    def word(match):
        cyrillic = match.group(0)
        latin = cyrtranslit.to_latin(cyrillic, language)
        return latin.upper() if len(cyrillic) > 1 and cyrillic.isupper() else latin

    pieces = []
    position = 0
    for match in PROTECTED.finditer(text):
        pieces.append(CYRILLIC_WORD.sub(word, text[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(CYRILLIC_WORD.sub(word, text[position:]))
    return "".join(pieces)


def locale_roots():
    roots = [
        Path(settings.BASE_DIR) / app / "locale"
        for app in ("cms", "cohorts", "curriculum", "grants", "events")
    ]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    return [root for root in roots if root.is_dir()]


def transliterate_catalogue(source_path, target_path, language, team, target_code):
    source = polib.pofile(str(source_path), wrapwidth=79)
    target = polib.POFile(wrapwidth=79)
    target.header = (
        f"Kohorta interface, {team}: generated from ../{source_path.parents[1].name}/ by\n"
        f"`manage.py transliterate_catalogues {source_path.parents[1].name} {target_code}`. "
        "Do not edit by hand:\nchange the source catalogue, then regenerate."
    )
    target.metadata = dict(source.metadata)
    target.metadata["Language"] = target_code
    target.metadata["Language-Team"] = team
    target.metadata_is_fuzzy = source.metadata_is_fuzzy
    for entry in source:
        if entry.obsolete:
            continue
        copy = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            msgstr=transliterate_text(entry.msgstr, language),
            msgstr_plural={
                index: transliterate_text(text, language)
                for index, text in entry.msgstr_plural.items()
            },
            occurrences=list(entry.occurrences),
            flags=list(entry.flags),
            comment=entry.comment,
            tcomment=entry.tcomment,
        )
        target.append(copy)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    target.save(str(target_path))
    return len(target)


class Command(BaseCommand):
    help = (
        "Generate a Latin-script catalogue from a Cyrillic one, e.g. "
        "`transliterate_catalogues sr sr_Latn`: every <app>/locale/sr/LC_MESSAGES/*.po is "
        "written to <app>/locale/sr_Latn/ with its translations transliterated (placeholders, "
        "HTML tags and entities unchanged) and the header's Language set to the target. "
        "The target files are overwritten: fix translations in the source, then regenerate."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Cyrillic locale directory name, e.g. sr")
        parser.add_argument("target", help="Latin locale directory name, e.g. sr_Latn")
        parser.add_argument(
            "--root",
            action="append",
            dest="roots",
            help="A locale/ directory to process (repeatable); default: every app's.",
        )

    def handle(self, *args, source, target, roots=None, **options):
        if (source, target) not in SCRIPTS:
            pairs = ", ".join(f"{a} -> {b}" for a, b in SCRIPTS)
            raise CommandError(f"Unsupported pair {source} -> {target}; supported: {pairs}.")
        language, team = SCRIPTS[(source, target)]
        roots = [Path(root) for root in roots] if roots else locale_roots()
        count = 0
        for root in roots:
            for source_path in sorted((root / source / "LC_MESSAGES").glob("*.po")):
                target_path = root / target / "LC_MESSAGES" / source_path.name
                entries = transliterate_catalogue(source_path, target_path, language, team, target)
                self.stdout.write(f"{target_path}: {entries} messages")
                count += 1
        if not count:
            raise CommandError(f"No {source} catalogue found.")
