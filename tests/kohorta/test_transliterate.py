"""`manage.py transliterate_catalogues sr sr_Latn` makes the Serbian Latin catalogues from the
Cyrillic ones: words change script, placeholders, tags and entities do not."""

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cohorts.management.commands.transliterate_catalogues import transliterate_text

PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


def test_letters_become_latin():
    assert transliterate_text("Ђорђе, Љубав, Џеп, Њива, Ћуприја") == (
        "Đorđe, Ljubav, Džep, Njiva, Ćuprija"
    )
    assert transliterate_text("ЉУБАВ и ЏЕП") == "LJUBAV i DŽEP"
    assert transliterate_text("Kohorta вести: PDF") == "Kohorta vesti: PDF"


def test_placeholders_tags_and_entities_survive():
    assert transliterate_text(
        'Ваша пријава: <strong>%(state)s</strong> (поднета %(date)s), 100%% &amp; {"bg": "Лек"}'
    ) == ('Vaša prijava: <strong>%(state)s</strong> (podneta %(date)s), 100%% &amp; {"bg": "Лек"}')
    assert transliterate_text(
        'Откажи<span class="visually-hidden"> регистрацију %(name)s</span>'
    ) == ('Otkaži<span class="visually-hidden"> registraciju %(name)s</span>')


def write_source(root):
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Language": "sr",
        "Language-Team": "Serbian (Cyrillic)",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": PLURAL_FORMS,
    }
    catalogue.append(
        polib.POEntry(
            msgid="Your application: <strong>%(state)s</strong>.",
            msgstr="Ваша пријава: <strong>%(state)s</strong>.",
            flags=["python-format"],
        )
    )
    catalogue.append(
        polib.POEntry(
            msgid="%(counter)s result",
            msgid_plural="%(counter)s results",
            msgstr_plural={
                0: "%(counter)s резултат",
                1: "%(counter)s резултата",
                2: "%(counter)s резултата",
            },
            flags=["python-format"],
        )
    )
    path = root / "sr" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    catalogue.save(str(path))


def test_command_writes_the_latin_catalogue(tmp_path):
    write_source(tmp_path)

    call_command("transliterate_catalogues", "sr", "sr_Latn", roots=[str(tmp_path)])

    latin = polib.pofile(str(tmp_path / "sr_Latn" / "LC_MESSAGES" / "django.po"))
    assert latin.metadata["Language"] == "sr_Latn"
    assert latin.metadata["Language-Team"] == "Serbian (Latin)"
    assert latin.metadata["Plural-Forms"] == PLURAL_FORMS
    assert [(e.msgid, e.msgstr, e.msgstr_plural, e.flags) for e in latin] == [
        (
            "Your application: <strong>%(state)s</strong>.",
            "Vaša prijava: <strong>%(state)s</strong>.",
            {},
            ["python-format"],
        ),
        (
            "%(counter)s result",
            "",
            {0: "%(counter)s rezultat", 1: "%(counter)s rezultata", 2: "%(counter)s rezultata"},
            ["python-format"],
        ),
    ]


def test_unsupported_pair_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Unsupported pair"):
        call_command("transliterate_catalogues", "sr", "hr", roots=[str(tmp_path)])
