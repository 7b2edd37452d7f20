"""Reflections move through one transition table (on ``ReflectionState``) and one service."""

import pytest
from django.core.exceptions import ValidationError

from curriculum import services
from curriculum.enums import REFLECTION_TRANSITIONS, ReflectionState
from curriculum.services.reflections import transition_reflection
from tests.factories.curriculum import modules_of


def _submitted(world):
    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=world["innovator"],
        text="A reading corner run by teenagers.",
        by=world["innovator"],
    )
    return services.submit_reflection(reflection=reflection, by=world["innovator"])


def test_reflection_state_reads_its_transitions_from_the_table():
    for state in ReflectionState:
        assert state.allowed_transitions() == REFLECTION_TRANSITIONS[state]
    assert ReflectionState.DRAFT.editable is True
    assert ReflectionState.NEEDS_REVISION.editable is True
    assert ReflectionState.SUBMITTED.editable is False
    assert ReflectionState.APPROVED.editable is False


def test_transition_reflection_refuses_a_move_outside_the_table(world):
    reflection = _submitted(world)
    with pytest.raises(ValueError):
        transition_reflection(reflection, ReflectionState.DRAFT)
    reflection.refresh_from_db()
    assert reflection.state == ReflectionState.SUBMITTED


def test_feedback_on_an_approved_reflection_is_refused_with_the_reason(world):
    reflection = _submitted(world)
    services.give_feedback(
        reflection=reflection, decision="approved", comment="Good.", by=world["mentor"]
    )
    with pytest.raises(ValidationError) as error:
        services.give_feedback(
            reflection=reflection, decision="needs_revision", comment="Again", by=world["mentor"]
        )
    assert error.value.messages == ["Only a submitted reflection can get feedback."]
    reflection.refresh_from_db()
    assert reflection.state == ReflectionState.APPROVED
