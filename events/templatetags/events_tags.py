from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def join_if_list(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "–"
    return value


@register.filter
def tzname(value):
    """Short name of an aware datetime's zone (EET, CEST), or its UTC offset."""
    return value.tzname() if value is not None else ""


@register.filter
def places_label(entry):
    if entry.get("capacity") is None:
        return ""
    left = entry.get("places_left")
    if left:
        return _("%(left)s of %(total)s places left") % {"left": left, "total": entry["capacity"]}
    return _("Full – waiting list open")


@register.filter
def field_label(name):
    from events.selectors import FIELD_LABELS

    return FIELD_LABELS.get(name, name)


@register.filter
def lang_attr(code):
    """`` lang="mk"`` on an element whose text is not in the page's language (a session not
    yet translated, shown in the meeting's language), else nothing."""
    return format_html(' lang="{}"', code) if code else ""
