"""Template helpers for content shown through ``kohorta.translatable.localize``."""

from django import template

register = template.Library()


@register.filter
def fallback_language(objects):
    """The language code of the text shown for the first of ``objects`` (localized) that
    has no translation in the reader's language, else ``""``: a list says so once."""
    for obj in objects or ():
        code = getattr(obj, "tr_fallback", None)
        if code:
            return code
    return ""


@register.filter
def all_untranslated(objects):
    """True when none of ``objects`` (localized) is in the reader's language."""
    objects = list(objects or ())
    return bool(objects) and all(getattr(obj, "tr_fallback", None) for obj in objects)
