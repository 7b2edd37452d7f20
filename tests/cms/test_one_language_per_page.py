"""One language per page: every main page, rendered in every interface language, shows no
English interface string.

The English strings are the message ids of Kohorta's catalogues that the language translates
differently (a string a language keeps as it is, such as a name, is not one). A page fails
when one of them is a whole piece of visible text (a text node, or an ``alt``, ``title``,
``aria-label``, ``placeholder`` or button value) outside an element marked with another
``lang``: content shown in its own language (an English article on /mk/news/) is marked so,
and is not the interface; neither are tag names.

The demo is seeded once for the module (``seed_demo``), and every page is read in every
language by the demo's people.
"""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

APPS = ["cms", "cohorts", "curriculum", "grants", "events", "notifications", "kohorta"]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{")


def english_strings(language):
    """The catalogues' English message ids that ``language`` writes differently."""
    strings = set()
    locale = translation.to_locale(language)
    for app in APPS:
        path = Path(settings.BASE_DIR) / app / "locale" / locale / "LC_MESSAGES" / "django.po"
        with path.open("rb") as po_file:
            catalogue = read_po(po_file)
        for message in catalogue:
            if not message.id or isinstance(message.id, tuple | list):
                continue
            text = message.string
            if text and text.strip() != message.id.strip() and not PLACEHOLDER.search(message.id):
                strings.add(" ".join(message.id.split()))
    return strings


class VisibleText(HTMLParser):
    """The visible texts of a page with the language each is in (``lang`` inherited)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.texts = []  # (text, lang, where)

    @property
    def lang(self):
        return self.stack[-1][1] if self.stack else ""

    @property
    def hidden(self):
        return any(tag in SKIPPED_TAGS for tag, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self.lang
        if not self.hidden:
            for name in VISIBLE_ATTRIBUTES & attrs.keys():
                self._add(attrs[name], lang, f"<{tag} {name}>")
            if tag == "input" and attrs.get("type") in {"submit", "button"}:
                self._add(attrs.get("value", ""), lang, "<input value>")
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if not self.hidden:
            self._add(data, self.lang, f"<{self.stack[-1][0] if self.stack else ''}>")

    def _add(self, text, lang, where):
        text = " ".join(text.split())
        if text:
            self.texts.append((text, lang, where))


def english_left(html, language, strings):
    parser = VisibleText()
    parser.feed(html)
    return sorted(
        {
            f"{where} {text!r}"
            for text, lang, where in parser.texts
            if text in strings and lang.lower() in ("", language)
        }
    )


def seed():
    from wagtail.models import Page

    from cohorts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    people = {
        key: User.objects.get(email=f"{key}@example.org")
        for key in ("innovator", "mentor", "ambassador", "coordinator", "jury")
    }
    lesson = Page.objects.live().filter(content_type__model="lessonpage").first()
    meeting = Page.objects.live().filter(slug="ineli-belgrade-2027").first()
    article = Page.objects.live().filter(content_type__model="newspage").first()
    return {"people": people, "lesson": lesson, "meeting": meeting, "article": article}


def pages(demo, language):
    """(who, path) of the main pages, in ``language``."""
    meeting, lesson, article = demo["meeting"], demo["lesson"], demo["article"]
    prefix = f"/{language}"
    return [
        (None, f"{prefix}/"),
        (None, f"{prefix}/news/"),
        (None, f"{prefix}/news/{article.slug}/"),
        (None, f"{prefix}/search/?q=library"),
        (None, f"{prefix}/{meeting.slug}/"),
        (None, f"/accounts/login/?next={prefix}/"),
        ("innovator", "/dashboard/"),
        ("innovator", re.sub(r"^/[^/]+/", f"{prefix}/", lesson.url)),
        ("innovator", "/learn/"),
        ("innovator", "/profile/"),
        ("innovator", "/notifications/"),
        ("innovator", f"/meetings/{meeting.pk}/register/?lang={language}"),
        ("innovator", "/apply/"),
        ("mentor", "/dashboard/"),
        ("ambassador", "/dashboard/"),
        ("jury", "/dashboard/"),
        ("coordinator", "/dashboard/"),
    ]


@pytest.mark.django_db
def test_main_pages_show_no_english_interface_string(client):
    demo = seed()
    left = {}
    from cms.models import NewsTag

    # Tags are content (translated by editors, not the catalogue): "meetings" is not the
    # interface, whether or not the demo translates it.
    tags = set(NewsTag.objects.values_list("name", flat=True))
    for language in LANGUAGES:
        strings = english_strings(language) - tags
        for who, path in pages(demo, language):
            if who is None:
                client.logout()
            else:
                person = demo["people"][who]
                person.preferred_language = language
                person.save(update_fields=["preferred_language"])
                client.force_login(person)
            response = client.get(path, follow=True)
            assert response.status_code == 200, (who, path, response.status_code)
            assert response.headers["Content-Language"] == language, (who, path)
            found = english_left(response.content.decode(), language, strings)
            if found:
                left[f"{language} {who or 'visitor'} {path}"] = found
    assert left == {}
