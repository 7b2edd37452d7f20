"""The interface is complete in Macedonian, Polish and Bulgarian.

Every catalogue in the repository must translate every message (no empty, no fuzzy
entry, the same ``%(name)s`` placeholders), and extracting the strings from the source
again must find nothing the catalogue lacks (a string added to a template or to Python
code without running ``make messages`` fails here).
"""

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ["mk", "pl", "bg", "sq", "el"]
APPS = ["cms", "cohorts", "curriculum", "grants", "events", "kohorta"]
BASE = Path(settings.BASE_DIR)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogues():
    for app in APPS:
        if (BASE / app / "locale").is_dir():
            for language in LANGUAGES:
                yield pytest.param(app, language, id=f"{app}-{language}")


def load(path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def as_list(value):
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize(("app", "language"), list(catalogues()))
def test_catalogue_translates_every_message(app, language):
    path = BASE / app / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing"
    catalogue = load(path)

    untranslated = [m.id for m in catalogue if m.id and not all(as_list(m.string))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    wrong_placeholders = [
        m.id
        for m in catalogue
        if m.id
        and any(
            set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(as_list(m.id)[-1]))
            for text in as_list(m.string)
            if text
        )
        and not isinstance(m.id, tuple)
    ]

    assert untranslated == []
    assert fuzzy == []
    assert wrong_placeholders == []


@pytest.mark.parametrize("app", [app for app in APPS if (BASE / app / "locale").is_dir()])
def test_catalogue_has_every_string_in_the_source(app, tmp_path, monkeypatch):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / app
    shutil.copytree(BASE / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)

    call_command("makemessages", locale=["mk"], verbosity=0, ignore_patterns=["tests/*"])

    extracted = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in load(copy / "locale" / "mk" / "LC_MESSAGES" / "django.po")
        if m.id
    }
    for language in LANGUAGES:
        catalogue = load(BASE / app / "locale" / language / "LC_MESSAGES" / "django.po")
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        assert sorted(extracted - known) == [], f"{app}/{language}: run make messages"


def test_compile_translations_with_babel_when_msgfmt_is_missing(tmp_path, settings, monkeypatch):
    for app in ("cms", "cohorts"):
        shutil.copytree(BASE / app / "locale", tmp_path / app / "locale")
    shutil.copytree(BASE / "kohorta" / "locale", tmp_path / "project-locale")
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "project-locale"]
    monkeypatch.setattr(shutil, "which", lambda name: None)

    out = io.StringIO()
    call_command("compile_translations", stdout=out)

    compiled = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.mo"))
    assert out.getvalue() == f"Compiled {3 * len(LANGUAGES)} catalogue(s) with Babel.\n"
    assert compiled == [
        f"{folder}/{language}/LC_MESSAGES/django.mo"
        for folder in ("cms/locale", "cohorts/locale", "project-locale")
        for language in sorted(LANGUAGES)
    ]
