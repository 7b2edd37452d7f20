"""Criteria and call questions translated the Wagtail way: the reader's language on the
pages, the source everywhere it counts (scores, answers), the admin's Translate scoped."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from grants import services
from grants.models import Criterion, GrantQuestion, Score
from grants.selectors import localized_criteria
from kohorta.translating import translate_for_demo
from tests.factories.cohorts import CohortFactory
from tests.factories.grants import (
    ProposalFactory,
    assign,
    coordinator_of,
    make_call,
    question_key,
)

pytestmark = pytest.mark.django_db

QUESTION = "Who supports the project?"


@pytest.fixture(autouse=True)
def locales():
    for code in ("mk", "sr"):
        Locale.objects.get_or_create(language_code=code)


@pytest.fixture
def call(cohort):
    call = make_call(cohort, criteria=2, extra_questions=QUESTION)
    first, _second = call.source_criteria()
    translate_for_demo(
        first,
        "mk",
        {"Criterion 1": "Критериум 1", "How new is it?": "Колку е ново?"},
    )
    translate_for_demo(call.questions.get(), "mk", {QUESTION: "Кој го поддржува проектот?"})
    return call


def _mk(person):
    person.preferred_language = "mk"
    person.save(update_fields=["preferred_language"])
    return person


def test_call_page_shows_criteria_in_the_readers_language_and_marks_the_fallback(
    client, call, innovator
):
    client.force_login(_mk(innovator))

    body = client.get(reverse("grants:call", args=[call.pk])).content.decode()

    assert "Критериум 1" in body
    # The second criterion has no Macedonian: English, marked, and said once.
    assert '<td lang="en"><strong>Criterion 2</strong>' in body
    assert body.count("fallback-notice") == 1
    # Each criterion once: the translation is not listed as a criterion of its own.
    assert body.count("<strong>Criter") + body.count("<strong>Критер") == 2


def test_source_lists_never_include_translations(call):
    assert [c.name for c in call.source_criteria()] == ["Criterion 1", "Criterion 2"]
    assert Criterion.objects.filter(call=call).count() == 3
    assert [q.text for q in call.source_questions()] == [QUESTION]
    assert len(localized_criteria(call)) == 2


def test_review_from_macedonian_scores_the_source_criteria(client, call, proposal, juror):
    from grants.enums import ProposalState

    proposal.state = ProposalState.IN_REVIEW
    proposal.save(update_fields=["state"])
    assign(proposal, _mk(juror))
    client.force_login(juror)
    url = reverse("grants:review", args=[proposal.pk])

    page = client.get(url).content.decode()
    assert "Критериум 1" in page and '<span lang="en">Criterion 2</span>' in page

    sources = call.source_criteria()
    response = client.post(
        url,
        {
            f"criterion_{sources[0].pk}": "4",
            f"criterion_{sources[1].pk}": "3",
            "recommendation": "yes",
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("criterion_id", "value")) == [
        (sources[0].pk, 4),
        (sources[1].pk, 3),
    ]


def test_proposal_form_asks_in_the_readers_language_and_keys_the_answer_by_the_source(
    client, call, innovator
):
    proposal = ProposalFactory(call=call, applicant=_mk(innovator), title="Seeds")
    client.force_login(innovator)
    url = reverse("grants:proposal_edit", args=[proposal.pk])
    source = call.questions.sources().get()

    assert "Кој го поддржува проектот?" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Seeds",
            f"question_{source.pk}": "Градоначалникот.",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "save": "1",
        },
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.answers == {question_key(call, QUESTION): "Градоначалникот."}
    # The applicant's page shows the question in their language, the answer under it.
    detail = client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
    assert "<h2>Кој го поддржува проектот?</h2>" in detail


def test_changing_the_questions_keeps_the_unchanged_ones_and_their_translations(call, coordinator):
    question = call.questions.sources().get()

    services.update_call(call=call, by=coordinator, extra_questions=f"{QUESTION}\nAnd partners?")

    assert call.questions.sources().get(text=QUESTION).pk == question.pk
    assert [q.text for q in call.source_questions()] == [QUESTION, "And partners?"]
    assert question.has_translation(Locale.objects.get(language_code="mk"))

    services.update_call(call=call, by=coordinator, extra_questions="And partners?")

    assert not GrantQuestion.objects.filter(translation_key=question.translation_key).exists()


def test_deleting_a_criterion_takes_its_translations_and_a_translation_goes_alone(
    call, coordinator
):
    first, second = call.source_criteria()
    mk = Locale.objects.get(language_code="mk")
    translation = first.get_translation(mk)

    services.delete_criterion(criterion=translation, by=coordinator)
    assert Criterion.objects.filter(pk=first.pk).exists()

    translate_for_demo(second, "mk", {"Criterion 2": "Критериум 2"})
    services.delete_criterion(criterion=second, by=coordinator)
    assert not Criterion.objects.filter(translation_key=second.translation_key).exists()


def test_coordinator_opens_wagtail_localize_translate_for_own_criterion_and_question(
    client, call, coordinator
):
    client.force_login(coordinator)
    for obj in (call.source_criteria()[1], call.questions.sources().get()):
        meta = obj._meta
        url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, obj.pk],
        )
        assert client.get(url).status_code == 200


def test_translate_and_string_editing_of_another_cohorts_criterion_answer_404(client, call):
    other = coordinator_of(CohortFactory())
    criterion = call.source_criteria()[0]
    source = TranslationSource.objects.get_for_instance(criterion)
    translation = Translation.objects.get(source=source)
    client.force_login(other)

    urls = [
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["grants", "criterion", call.source_criteria()[1].pk],
        ),
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        reverse("wagtail_localize:download_pofile", args=[translation.pk]),
        reverse("wagtail_localize:stop_translation", args=[translation.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4
    assert client.post(urls[-1]).status_code == 404
    assert Translation.objects.get(pk=translation.pk).enabled


def test_coordinator_cannot_translate_pages_with_the_translate_permission(client, coordinator):
    from tests.factories.cms import build_site

    homes, _indexes = build_site()
    client.force_login(coordinator)
    url = reverse("wagtail_localize:submit_page_translation", args=[homes["en"].pk])
    assert client.get(url).status_code == 404


def test_dossier_shows_the_rubric_in_the_requesters_language(call, coordinator):
    from django.utils import translation

    from grants.selectors import dossier_context

    with translation.override("mk"):
        names = [c.tr.name for c in dossier_context(call)["criteria"]]
    assert names == ["Критериум 1", "Criterion 2"]
