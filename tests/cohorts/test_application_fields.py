"""The application's fields are listed once (``cohorts.intake.services.APPLICANT_FIELDS``): the form,
the service and the person's data export all read that list."""

import pytest

from cohorts.intake import services as intake
from cohorts.intake.forms import ApplicationForm
from cohorts.intake.privacy import anonymise, personal_data
from cohorts.models import Application
from tests.factories.cohorts import UserFactory
from tests.factories.intake import open_call

pytestmark = pytest.mark.django_db


def test_form_shows_every_listed_field_in_its_fieldset():
    form = ApplicationForm()
    assert list(form.fields) == list(intake.APPLICANT_FIELDS)
    assert [
        (str(legend), [field.name for field in fields]) for legend, fields in form.fieldsets()
    ] == [
        ("About you", ["sector", "career_stage", "country", "organisation", "languages"]),
        ("Your interests", ["interests", "interests_other", "hopes", "preferred_partner_sector"]),
    ]


def test_service_accepts_exactly_the_listed_fields_and_the_answers():
    assert (*intake.APPLICANT_FIELDS, "answers") == intake.EDITABLE_FIELDS
    call = open_call()
    user = UserFactory()
    with pytest.raises(TypeError):
        intake.save_application(cohort=call.cohort, user=user, by=user, score=10)


def test_export_writes_every_listed_field_and_erasure_blanks_the_free_text():
    call = open_call()
    user = UserFactory()
    form = ApplicationForm(
        data={
            "sector": "public",
            "career_stage": "early",
            "country": "RS",
            "organisation": "Qx Library",
            "languages": ["sr"],
            "interests": ["digital"],
            "interests_other": "Qx maps",
            "hopes": "Qx hopes",
            "preferred_partner_sector": "school",
        }
    )
    assert form.is_valid(), form.errors
    intake.save_application(cohort=call.cohort, user=user, by=user, **form.service_fields())
    exported = personal_data(user)["applications"][0]
    assert {name: exported[name] for name in intake.APPLICANT_FIELDS} == {
        "sector": "public",
        "career_stage": "early",
        "country": "RS",
        "organisation": "Qx Library",
        "languages": ["sr"],
        "interests": ["digital"],
        "interests_other": "Qx maps",
        "hopes": "Qx hopes",
        "preferred_partner_sector": "school",
    }
    anonymise(user, {})
    application = Application.objects.get(user=user)
    assert (application.organisation, application.interests_other, application.hopes) == (
        "",
        "",
        "",
    )
    assert (application.sector, application.country.code) == ("public", "RS")
