"""Showing translatable content (``TranslatableMixin`` models) in the reader's language.

Content that is not a page (a session's title, a room, a grant criterion, a discussion
topic...) is translated the Wagtail way: the model has ``TranslatableMixin``, editors
translate an object with wagtail-localize's "Translate" in the admin, and each translation
is a row of the same model in another locale sharing the source's ``translation_key``.

Everything that has an identity (registrations, sign-ups, scores, replies) keeps pointing
at the source object; only the text is shown from its translation. ``localize`` does that
for a list of source objects in one query: each object gets ``.tr`` (the translation in the
active locale, or the object itself when there is none) and ``.tr_fallback`` (the language
code of the text shown when it is not the reader's language, else ``None``), so a template
writes ``{{ session.tr.title }}`` and marks a fallback with
``{% if session.tr_fallback %} lang="{{ session.tr_fallback }}"{% endif %}``.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale


def active_locale():
    """The active language's ``Locale`` (or None when it has none)."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def localize(objects, locale=None):
    """Give each of ``objects`` (instances of one ``TranslatableMixin`` model) ``.tr`` and
    ``.tr_fallback`` for ``locale`` (default: the active one). One query for the
    translations and, only when some are missing and were loaded without their locale,
    one for the fallback's language codes; none when every object is already in that
    locale. Returns ``objects``."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return objects
    locale = locale or active_locale()
    locale_id = getattr(locale, "pk", None)
    wanted = [obj.translation_key for obj in objects if obj.locale_id != locale_id]
    found = {}
    if wanted and locale_id is not None:
        model = type(objects[0])
        found = {
            row.translation_key: row
            for row in model._default_manager.filter(
                translation_key__in=set(wanted), locale_id=locale_id
            )
        }
    untranslated = [
        obj for obj in objects if obj.locale_id != locale_id and obj.translation_key not in found
    ]
    # The fallback's language: from the object's locale when it was loaded with it
    # (select_related("locale")), else from one query for all locales.
    codes = _locale_codes() if any(not _has_locale(obj) for obj in untranslated) else {}
    for obj in objects:
        if obj.locale_id == locale_id:
            obj.tr, obj.tr_fallback = obj, None
            continue
        translated = found.get(obj.translation_key)
        if translated is not None:
            obj.tr, obj.tr_fallback = translated, None
        else:
            obj.tr = obj
            code = obj.locale.language_code if _has_locale(obj) else codes.get(obj.locale_id)
            obj.tr_fallback = code or translation.get_language()
    return objects


def _has_locale(obj):
    return type(obj).locale.is_cached(obj)


def localize_one(obj, locale=None):
    """``localize`` for one object; returns the object (``None`` stays ``None``)."""
    if obj is None:
        return None
    localize([obj], locale)
    return obj


def _locale_codes():
    """Locale id -> language code; the locales table is tiny and changes on deploys only."""
    return dict(Locale.objects.values_list("pk", "language_code"))


def default_language_code():
    """The language of source objects: the site's default content language."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class SourceQuerySet(models.QuerySet):
    """For ``TranslatableMixin`` models whose objects hang from a parent that is not
    translated (a call's criteria, a cohort's topics): wagtail-localize copies the parent
    link into every translation, so a parent's rows are its sources and their
    translations. Sources are made in the default locale (services never choose one)."""

    def sources(self):
        """Only the source objects: what everything else points at and lists show."""
        return self.filter(locale__language_code=default_language_code())

    def translations_of(self, sources):
        """Every translation (not the sources themselves) of ``sources`` (a queryset)."""
        return self.filter(translation_key__in=sources.values("translation_key")).exclude(
            pk__in=sources.values("pk")
        )
