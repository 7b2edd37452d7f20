"""Month and weekday names as Kohorta's catalogues give them, over Django's own.

Django's catalogues write some of these in a form a date cannot use (Macedonian
"Септември" capitalised, Bulgarian, Romanian and Albanian too; "Shtator" for a date in
Albanian). The same message ids are listed here so that ``make messages`` puts them in
Kohorta's catalogues, which come first (LOCALE_PATHS): plain names are the month on its own
("septembar 2026", Django's ``F``), "alt. month" the form a date takes ("2. septembra 2026",
``E``), as Django's dates use them. Nothing imports the names from here.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
MONTHS_IN_DATES = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
# Django's Macedonian catalogue misspells it ("Португалкски").
LANGUAGE_NAMES = [gettext_noop("Portuguese")]
