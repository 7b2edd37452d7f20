"""Local formats in templates (a template builtin, see TEMPLATES in settings): ``date``
writes the kind of date an English pattern names as the page's language writes it;
``number``, ``money`` and ``percent`` use ``kohorta.formats``."""

from django import template
from django.template.defaultfilters import date as django_date

from kohorta import formats

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter, with ``"j F Y"``, ``"j M Y"`` and the like written in the
    active language's own pattern for that kind of date (``kohorta.formats.DATE_KINDS``)."""
    return django_date(value, formats.date_pattern(arg) if arg else arg)


@register.filter(is_safe=True)
def number(value, decimal_places=None):
    try:
        return formats.format_number(value, decimal_places)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter(is_safe=True)
def money(value, currency="EUR"):
    try:
        return formats.format_money(value, currency)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter(is_safe=True)
def percent(value):
    """``{{ 45|percent }}`` -> ``45%`` / ``45 %`` as the page's language writes it."""
    try:
        return formats.format_percent(value)
    except (TypeError, ValueError, ArithmeticError):
        return value
