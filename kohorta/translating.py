"""Translating a page or a snippet through wagtail-localize in code (the demo, tests).

It does what a translator does in wagtail-localize's editor: the object becomes a
``TranslationSource``, each segment's translation is saved as a ``StringTranslation``, and
wagtail-localize writes the translated object (``Translation.save_target``). Editors in the
admin reach the same rows, so a demo translation opens in the translation editor like one
made by hand.
"""

from django.db import transaction
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
