"""Every kind's e-mail renders in every interface language without a missing string.

Each string of a kind's templates (subject, text, HTML, and the digest and layout around
them) is looked up in the catalogue of every interface language: none may fall back to English.
"""

import contextlib
import re

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation.template import templatize

from notifications import registry
from notifications.services import DIGEST_TEMPLATE

# Every interface language but the source.
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Translations that are spelled as in English.
SAME_AS_ENGLISH = {("pl", "E-mail"), ("ro", "E-mail"), ("ro", "Sector")}
SINGULAR = re.compile(
    r"(?<!n)gettext\(u'((?:[^'\\]|\\.)*)'\)|(?<!n)gettext\(u\"((?:[^\"\\]|\\.)*)\"\)"
)
PLURAL = re.compile(r"ngettext\(u(['\"])((?:(?!\1).)*)\1, u(['\"])((?:(?!\3).)*)\3, count\)")


def _source(name):
    return get_template(name).template.source


def _templates(prefix):
    names = [f"{prefix}_subject.txt", f"{prefix}.txt"]
    with contextlib.suppress(TemplateDoesNotExist):
        get_template(f"{prefix}.html")
        names.append(f"{prefix}.html")
    return names


def _strings(names):
    singular, plural = set(), set()
    for name in names:
        code = templatize(_source(name))
        for match in SINGULAR.finditer(code):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            singular.add(text.encode().decode("unicode_escape").encode("latin-1").decode())
        for match in PLURAL.finditer(code):
            plural.add((match.group(2), match.group(4)))
    return singular, plural


KINDS = [kind.name for kind in registry.kinds()] + ["digest"]


def test_every_registered_kind_has_its_templates():
    for kind in registry.kinds():
        for name in _templates(kind.template)[:2]:
            assert get_template(name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_kind_strings_translated(kind, language):
    prefix = DIGEST_TEMPLATE if kind == "digest" else registry.get(kind).template
    names = [*_templates(prefix), "notifications/email/layout.html"]
    singular, plural = _strings(names)
    assert singular or plural
    with translation.override(language):
        missing = [
            text
            for text in singular
            if translation.gettext(text) == text and (language, text) not in SAME_AS_ENGLISH
        ]
        missing += [one for one, many in plural if translation.ngettext(one, many, 5) == many]
    assert missing == []
