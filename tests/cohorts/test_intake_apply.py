import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import CohortStatus, Role
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, Call
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member
from tests.factories.intake import CallQuestionFactory, open_call

COMPLETE = {
    "sector": "public",
    "career_stage": "early",
    "country": "RS",
    "organisation": "Belgrade City Library",
    "languages": ["sr", "en"],
    "interests": ["digital", "children"],
    "hopes": "To meet colleagues.",
}


def test_save_application_keeps_draft_then_submits():
    call = open_call()
    user = UserFactory()
    draft = intake.save_application(cohort=call.cohort, user=user, by=user, sector="school")
    assert (draft.state, draft.sector, draft.submitted_at) == ("draft", "school", None)
    submitted = intake.save_application(
        cohort=call.cohort, user=user, by=user, submit=True, **COMPLETE
    )
    assert submitted.pk == draft.pk
    assert submitted.state == ApplicationState.SUBMITTED
    assert submitted.submitted_at is not None
    assert Application.objects.count() == 1


def test_save_application_twice_refused():
    call = open_call()
    user = UserFactory()
    intake.save_application(cohort=call.cohort, user=user, by=user, submit=True, **COMPLETE)
    with pytest.raises(ValidationError) as error:
        intake.save_application(cohort=call.cohort, user=user, by=user, **COMPLETE)
    assert error.value.code == "already_applied"
    assert "You have already applied" in error.value.messages[0]
    assert Application.objects.count() == 1


def test_save_application_after_deadline_refused():
    call = open_call()
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        intake.save_application(cohort=call.cohort, user=user, by=user, **COMPLETE)
    assert error.value.code == "past_deadline"
    assert Application.objects.count() == 0


@pytest.mark.parametrize("status", [CohortStatus.DRAFT, CohortStatus.RUNNING])
def test_save_application_cohort_not_open_refused(status):
    call = open_call()
    call.cohort.status = status
    call.cohort.save()
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        intake.save_application(cohort=call.cohort, user=user, by=user, **COMPLETE)
    assert error.value.code == "not_open"
    assert Application.objects.count() == 0


def test_save_application_without_call_refused():
    cohort = CohortFactory(status=CohortStatus.OPEN)
    user = UserFactory()
    with pytest.raises(ValidationError):
        intake.save_application(cohort=cohort, user=user, by=user, **COMPLETE)


def test_save_application_for_someone_else_refused():
    call = open_call()
    with pytest.raises(PermissionDenied):
        intake.save_application(cohort=call.cohort, user=UserFactory(), by=UserFactory())


def test_submit_incomplete_lists_missing_fields_and_saves_nothing():
    call = open_call()
    question = CallQuestionFactory(call=call, required=True)
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        intake.save_application(
            cohort=call.cohort, user=user, by=user, submit=True, sector="public"
        )
    assert sorted(error.value.message_dict) == sorted(
        [
            "career_stage",
            "country",
            "organisation",
            "interests",
            "hopes",
            f"question_{question.pk}",
        ]
    )
    assert Application.objects.count() == 0


def test_save_application_unknown_interest_refused():
    call = open_call()
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        intake.save_application(cohort=call.cohort, user=user, by=user, interests=["knitting"])
    assert list(error.value.message_dict) == ["interests"]


# Views ---------------------------------------------------------------------------------


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


def test_call_list_shows_open_calls_only(client):
    call = open_call(name="INELI Balkans 2027–2029")
    closed = open_call(name="Closed round")
    Call.objects.filter(pk=closed.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    response = client.get(reverse("cohorts:calls"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["calls"]] == [call.pk]


def test_application_form_post_draft_then_submit(client):
    call = open_call()
    question = CallQuestionFactory(call=call, required=True, label="Your idea?")
    user = UserFactory()
    _login(client, user)
    url = reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id})
    response = client.post(url, {"sector": "academic", "save": "1"})
    assert response.status_code == 302
    assert Application.objects.get().state == "draft"
    data = {**COMPLETE, f"question_{question.pk}": "A maker space.", "submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.state == "submitted"
    assert application.answers == {str(question.pk): "A maker space."}


def test_application_form_incomplete_submit_shows_errors_next_to_fields(client):
    call = open_call()
    user = UserFactory()
    _login(client, user)
    url = reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id})
    response = client.post(url, {"sector": "academic", "organisation": "X", "submit": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["hopes"] == ["Please answer this before you submit."]
    assert form.errors["interests"] == ["Please answer this before you submit."]
    assert "organisation" not in form.errors
    assert form["organisation"].value() == "X"
    assert Application.objects.count() == 0


def test_application_form_after_submission_redirects_with_message(client):
    call = open_call()
    user = UserFactory()
    intake.save_application(cohort=call.cohort, user=user, by=user, submit=True, **COMPLETE)
    _login(client, user)
    url = reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id})
    response = client.post(url, {**COMPLETE, "submit": "1"}, follow=True)
    assert response.status_code == 200
    assert "You have already applied" in response.content.decode()
    assert Application.objects.count() == 1


def test_application_form_closed_call_says_why(client):
    call = open_call(name="Round 5")
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    _login(client, UserFactory())
    response = client.get(reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id}))
    assert response.status_code == 200
    assert "The deadline for applications to “Round 5” passed on" in response.content.decode()


def test_application_form_needs_login(client):
    call = open_call()
    response = client.get(reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id}))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_withdraw_own_application(client):
    call = open_call()
    user = UserFactory()
    intake.save_application(cohort=call.cohort, user=user, by=user, submit=True, **COMPLETE)
    _login(client, user)
    response = client.post(reverse("cohorts:withdraw", kwargs={"cohort_id": call.cohort_id}))
    assert response.status_code == 302
    assert Application.objects.get().state == "withdrawn"


# Call settings (coordinators) ---------------------------------------------------------


def _call_data(**overrides):
    data = {
        "deadline": "2027-03-31T23:59",
        "introduction": "Apply now.",
        "country_cap_percent": "20",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-label": "Your idea?",
        "questions-0-required": "on",
        "questions-1-label": "",
    }
    data.update(overrides)
    return data


def test_call_settings_saves_call_and_questions_then_opens(client):
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    coordinator = add_member(cohort, Role.COORDINATOR)
    _login(client, coordinator)
    url = reverse("cohorts:call_settings", kwargs={"cohort_id": cohort.pk})
    assert client.post(url, _call_data()).status_code == 302
    call = Call.objects.get(cohort=cohort)
    assert (call.country_cap_percent, call.introduction) == (20, "Apply now.")
    assert list(call.questions.values_list("label", "required")) == [("Your idea?", True)]
    client.post(url, {"open": "1"})
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN


def test_call_settings_bad_input_shows_errors_and_saves_nothing(client):
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    coordinator = add_member(cohort, Role.COORDINATOR)
    _login(client, coordinator)
    url = reverse("cohorts:call_settings", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, _call_data(deadline="soon", country_cap_percent="150"))
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == ["Enter a valid date/time."]
    assert response.context["form"].errors["country_cap_percent"] == [
        "Ensure this value is less than or equal to 100."
    ]
    assert Call.objects.count() == 0


def test_call_settings_refused_to_innovator_and_other_cohort(client):
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    url = reverse("cohorts:call_settings", kwargs={"cohort_id": cohort.pk})
    for user in (add_member(cohort, Role.INNOVATOR), add_member(CohortFactory(), Role.COORDINATOR)):
        _login(client, user)
        assert client.post(url, _call_data(), follow=True).status_code == 404
    assert Call.objects.count() == 0


def test_dashboard_lists_own_applications_and_open_calls(client):
    applied, other = open_call(name="Round A"), open_call(name="Round B")
    user = UserFactory()
    intake.save_application(cohort=applied.cohort, user=user, by=user, sector="public")
    _login(client, user)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Round A: <strong>Draft</strong>" in content
    assert reverse("cohorts:call_detail", kwargs={"cohort_id": other.cohort_id}) in content
    assert (
        f'href="{reverse("cohorts:call_detail", kwargs={"cohort_id": applied.cohort_id})}"'
        not in (content)
    )


def test_home_page_lists_open_calls_only(client):
    from tests.factories.events import home_page
    from tests.factories.intake import open_call

    home_page()
    content = client.get("/en/").content.decode()
    assert "Open calls" not in content
    call = open_call(name="INELI Balkans 2027–2029")
    content = client.get("/en/").content.decode()
    assert "Open calls" in content
    assert f'href="/apply/{call.cohort_id}/"' in content
    assert "INELI Balkans 2027–2029" in content


def test_application_form_help_text_is_what_the_field_points_to(client):
    """Screen readers read a field's help text through aria-describedby: every id it names
    exists on the page, and coordinator-written help text is escaped."""
    import re

    call = open_call()
    CallQuestionFactory(call=call, label="Your idea?", help_text="<b>Two</b> lines")
    _login(client, UserFactory())
    body = client.get(reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id})).content
    body = body.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    assert "id_organisation_helptext" in described
    for target in described:
        for one in target.split():
            assert f'id="{one}"' in body, one
    assert "&lt;b&gt;Two&lt;/b&gt; lines" in body
