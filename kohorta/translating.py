"""Translating a page or a snippet through wagtail-localize in code (the demo, tests).

It does what a translator does in wagtail-localize's editor: the object becomes a
``TranslationSource``, each segment's translation is saved as a ``StringTranslation``, and
wagtail-localize writes the translated object (``Translation.save_target``). Editors in the
admin reach the same rows, so a demo translation opens in the translation editor like one
made by hand.
"""

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue


def translate(instance, locale, texts, *, user=None, publish=True):
    """Translate ``instance`` into ``locale`` with ``texts``: {field path (``"title"``,
    ``"name"``) or source text: translated plain text}. Segments not named keep the
    source's text. Returns the translated object."""
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            text = texts.get(segment.context.path, texts.get(segment.string.data))
            if text is None:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(text).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
        translation.save_target(user=user, publish=publish)
    return instance.get_translation(locale)


def translate_for_demo(obj, language_code, texts):
    """``translate`` for the demo seeders: idempotent (an object already translated into
    the locale is left alone) and quiet when the locale does not exist. ``texts`` maps
    source strings to translations; a string left out keeps the source's wording. Returns
    the translated object, or None when nothing was done."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None or obj.has_translation(locale):
        return None
    return translate(obj, locale, texts)
