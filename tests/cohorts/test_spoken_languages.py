"""Spoken languages are named in the reader's language (Django's catalogue names them)."""

from django.utils import translation

from cohorts.intake.forms import ApplicationForm
from cohorts.models import spoken_language_choices, spoken_language_name


def test_a_spoken_language_is_named_in_the_active_language():
    with translation.override("sq"):
        assert spoken_language_name("sr") == "Serbisht"
    with translation.override("mk"):
        assert spoken_language_name("en") == "Англиски"
    assert spoken_language_name("xx") == "xx"


def test_the_choices_are_named_and_sorted_in_the_active_language():
    with translation.override("el"):
        names = [name for _code, name in spoken_language_choices()]
        assert "Σερβικά" in names
        assert names == sorted(names)


def test_the_application_form_offers_them_in_the_page_language():
    with translation.override("sq"):
        choices = dict(ApplicationForm.base_fields["languages"].choices)
        assert choices["sr"] == "Serbisht"
