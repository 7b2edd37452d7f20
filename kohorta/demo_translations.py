"""Demo content translated the way an editor does it: wagtail-localize's "Translate"
(a translation source and a translation into the locale), the strings filled in, the
translated object saved. Idempotent: an object already translated into a locale is left
alone. Used by the apps' demo seeders so that /mk/ and /sr/ pages show translated content.
"""

from wagtail.models import Locale


def translate_for_demo(obj, language_code, texts):
    """Translate ``obj`` (a source ``TranslatableMixin`` object) into ``language_code``
    with ``texts`` ({source string: translation}); a string missing from ``texts`` keeps
    the source's wording. Returns the translated object, or None when the locale does not
    exist or ``obj`` already has a translation there."""
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None or obj.has_translation(locale):
        return None
    source, _created = TranslationSource.get_or_create_from_instance(obj)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, entry.msgid)
    translation.import_po(po)
    translation.save_target(publish=True)
    return obj.get_translation(locale)
