"""Existing rooms, tracks, sessions and agenda versions become translatable sources.

1. ``BootstrapTranslatableModel`` (the documented Wagtail way): every row gets a fresh
   ``translation_key`` and the default locale.
2. A source is in its meeting's locale, so rows of a meeting written in another language
   move to that locale.
3. ``Track.name_translations`` (``{"bg": "Лидерство"}``) become Track rows in those locales
   sharing the source's ``translation_key`` (the JSON field is dropped in 0007). A language
   without a Wagtail locale gets one when it is one of the site's content languages;
   others are reported and left out.
4. Published snapshots and their change lists learn each session's, room's and track's
   ``translation_key`` (``"key"``) and the source language (``"language"``), so a published
   agenda shows the current translations (see ``events.selectors.localize_snapshot``).
"""

from django.conf import settings
from django.db import migrations
from wagtail.models import BootstrapTranslatableModel

MODELS = ("Room", "Track", "Session", "AgendaRelease")


def to_meeting_locale(apps, schema_editor):
    MeetingPage = apps.get_model("events", "MeetingPage")
    meetings = dict(MeetingPage.objects.values_list("pk", "locale_id"))
    for name in MODELS:
        model = apps.get_model("events", name)
        for meeting_id, locale_id in meetings.items():
            model.objects.filter(meeting_id=meeting_id).exclude(locale_id=locale_id).update(
                locale_id=locale_id
            )


def track_names_to_translations(apps, schema_editor):
    Track = apps.get_model("events", "Track")
    Locale = apps.get_model("wagtailcore", "Locale")
    content = {code.lower() for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    locales = {locale.language_code.lower(): locale for locale in Locale.objects.all()}
    for track in Track.objects.exclude(name_translations={}).order_by("pk"):
        names = track.name_translations if isinstance(track.name_translations, dict) else {}
        for code, name in sorted(names.items()):
            code = str(code).lower()
            name = str(name or "").strip()[:100]
            if not name:
                continue
            locale = locales.get(code)
            if locale is None and code in content:
                locale = locales[code] = Locale.objects.create(language_code=code)
            if locale is None:
                print(f"\n  events.Track {track.pk}: no locale {code!r}, name {name!r} left out")
                continue
            if locale.pk == track.locale_id:
                continue
            Track.objects.get_or_create(
                translation_key=track.translation_key,
                locale=locale,
                defaults={"meeting_id": track.meeting_id, "name": name, "colour": track.colour},
            )


def keys_in_snapshots(apps, schema_editor):
    AgendaRelease = apps.get_model("events", "AgendaRelease")
    MeetingPage = apps.get_model("events", "MeetingPage")
    Locale = apps.get_model("wagtailcore", "Locale")
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    meeting_language = {
        pk: languages.get(locale_id) for pk, locale_id in MeetingPage.objects.values_list(
            "pk", "locale_id"
        )
    }
    keys = {}
    for name in ("Room", "Track", "Session"):
        model = apps.get_model("events", name)
        keys[name] = {
            pk: str(key) for pk, key in model.objects.values_list("pk", "translation_key")
        }
    for release in AgendaRelease.objects.order_by("pk"):
        snapshot = release.snapshot or {}
        snapshot["language"] = meeting_language.get(release.meeting_id)
        for group, model in (("rooms", "Room"), ("tracks", "Track"), ("sessions", "Session")):
            for entry in snapshot.get(group, []):
                key = keys[model].get(entry.get("id"))
                if key:
                    entry["key"] = key
        changes = release.changes or {}
        for group in ("added", "removed", "changed"):
            for entry in changes.get(group, []):
                key = keys["Session"].get(entry.get("id"))
                if key:
                    entry["key"] = key
        release.snapshot, release.changes = snapshot, changes
        release.save(update_fields=["snapshot", "changes"])


class Migration(migrations.Migration):
    dependencies = [("events", "0005_translatable_bootstrap")]

    operations = [
        *(BootstrapTranslatableModel(f"events.{name}") for name in MODELS),
        migrations.RunPython(to_meeting_locale, migrations.RunPython.noop),
        migrations.RunPython(track_names_to_translations, migrations.RunPython.noop),
        migrations.RunPython(keys_in_snapshots, migrations.RunPython.noop),
    ]
