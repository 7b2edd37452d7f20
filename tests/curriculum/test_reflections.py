import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from curriculum import services
from curriculum.enums import ReflectionState
from curriculum.models import Feedback, Reflection, ReflectionVersion
from tests.factories.curriculum import modules_of


def module_key(world, index=1):
    return modules_of(world["course"])[index].translation_key


def draft(world, text="My plan: a makerspace for teenagers.", **kwargs):
    return services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=module_key(world),
        user=world["innovator"],
        text=text,
        by=world["innovator"],
        **kwargs,
    )


def test_reflection_draft_submit_revise_keeps_every_version(world):
    reflection = draft(world, text="First try")
    reflection = draft(world, text="First try, edited")
    assert reflection.versions.count() == 1

    reflection = services.submit_reflection(reflection=reflection, by=world["innovator"])
    assert reflection.state == ReflectionState.SUBMITTED
    assert reflection.is_late is False

    services.give_feedback(
        reflection=reflection,
        decision="needs_revision",
        comment="Say who the service is for.",
        by=world["mentor"],
    )
    reflection.refresh_from_db()
    assert reflection.state == ReflectionState.NEEDS_REVISION

    reflection = draft(world, text="Second try: for teenagers in Bitola")
    reflection = services.submit_reflection(reflection=reflection, by=world["innovator"])
    services.give_feedback(
        reflection=reflection,
        decision="approved",
        comment="Clear and concrete.",
        by=world["mentor"],
    )

    reflection.refresh_from_db()
    assert reflection.state == ReflectionState.APPROVED
    versions = list(reflection.versions.values_list("number", "text"))
    assert versions == [(1, "First try, edited"), (2, "Second try: for teenagers in Bitola")]
    assert list(Feedback.objects.values_list("version__number", "decision")) == [
        (1, "needs_revision"),
        (2, "approved"),
    ]


def test_reflection_approved_cannot_be_edited(world):
    reflection = services.submit_reflection(reflection=draft(world), by=world["innovator"])
    services.give_feedback(
        reflection=reflection, decision="approved", comment="Good.", by=world["mentor"]
    )
    with pytest.raises(ValidationError) as error:
        draft(world, text="Changed afterwards")
    assert error.value.messages == ["This reflection is approved and can no longer be changed."]
    assert ReflectionVersion.objects.get().text == "My plan: a makerspace for teenagers."


def test_reflection_submitted_after_due_date_is_flagged_late(world):
    reflection = draft(world)
    late = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)  # module 2 was due 28 Feb

    reflection = services.submit_reflection(reflection=reflection, by=world["innovator"], now=late)

    assert reflection.state == ReflectionState.SUBMITTED
    assert reflection.is_late is True
    assert reflection.versions.get().is_late is True


def test_reflection_submitted_before_extended_due_date_is_not_late(world):
    schedule = world["run"].schedules.get(module_key=module_key(world))
    services.grant_extension(
        schedule=schedule,
        user=world["innovator"],
        due_on=datetime.date(2026, 3, 10),
        reason="Illness",
        by=world["coordinator"],
    )
    late = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    reflection = services.submit_reflection(
        reflection=draft(world), by=world["innovator"], now=late
    )
    assert reflection.is_late is False


def test_reflection_empty_submit_refused(world):
    reflection = draft(world, text="   ")
    with pytest.raises(ValidationError) as error:
        services.submit_reflection(reflection=reflection, by=world["innovator"])
    assert error.value.message_dict == {"text": ["Write your reflection or attach a file first."]}
    assert Reflection.objects.get().state == ReflectionState.DRAFT


def test_reflection_for_module_without_reflection_refused(world):
    with pytest.raises(ValidationError):
        services.save_reflection_draft(
            cohort_course=world["run"],
            module_key=module_key(world, 0),
            user=world["innovator"],
            text="x",
            by=world["innovator"],
        )


def test_reflection_for_locked_module_refused(world):
    from curriculum.models import ModulePage

    module = modules_of(world["course"])[2]
    ModulePage.objects.filter(pk=module.pk).update(reflection_kind="reflection")
    with pytest.raises(ValidationError) as error:
        services.save_reflection_draft(
            cohort_course=world["run"],
            module_key=module.translation_key,
            user=world["innovator"],
            text="Too early",
            by=world["innovator"],
        )
    assert error.value.messages == ["This module has not been released yet."]


def test_reflection_upload_pdf_accepted(world):
    upload = SimpleUploadedFile("Plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    reflection = draft(world, attachment=upload)
    version = reflection.versions.get()
    assert version.attachment_name == "Plan.pdf"
    assert version.attachment.name.startswith("curriculum/reflections/")
    assert version.attachment.name.endswith(".pdf")
    assert "Plan" not in version.attachment.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "Files of this type are not accepted."),
        ("plan.pdf", b"MZ\x90\x00rest", "Programs and scripts cannot be uploaded."),
        ("notes.txt", b"#!/bin/sh\nrm -rf /", "Programs and scripts cannot be uploaded."),
        ("plan.pdf", b"<html>hello</html>", "The file does not look like a PDF file."),
    ],
)
def test_reflection_upload_bad_file_refused(world, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as error:
        draft(world, attachment=upload)
    assert error.value.message_dict["attachment"][0].startswith(message)
    assert not ReflectionVersion.objects.exists()


def test_reflection_upload_too_large_refused(world):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF" + b"0" * 16)
    upload.size = 100 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        draft(world, attachment=upload)
    assert error.value.message_dict["attachment"] == [
        "The file is 100.0\xa0MB; files can be at most 10.0\xa0MB."
    ]


@pytest.mark.parametrize("who", ["mentor", "coordinator"])
def test_feedback_allowed(world, who):
    reflection = services.submit_reflection(reflection=draft(world), by=world["innovator"])
    feedback = services.give_feedback(
        reflection=reflection, decision="approved", comment="Good.", by=world[who]
    )
    assert feedback.author == world[who]


@pytest.mark.parametrize(
    "who",
    [
        "innovator",
        "other_innovator",
        "other_mentor",
        "ambassador_mk",
        "other_coordinator",
        "other_mentor_elsewhere",
    ],
)
def test_feedback_refused(world, who):
    reflection = services.submit_reflection(reflection=draft(world), by=world["innovator"])
    with pytest.raises(PermissionDenied):
        services.give_feedback(
            reflection=reflection, decision="approved", comment="Good.", by=world[who]
        )
    reflection.refresh_from_db()
    assert reflection.state == ReflectionState.SUBMITTED
    assert not Feedback.objects.exists()


def test_feedback_on_draft_refused(world):
    reflection = draft(world)
    with pytest.raises(ValidationError):
        services.give_feedback(
            reflection=reflection, decision="approved", comment="Good.", by=world["mentor"]
        )


def test_feedback_without_comment_refused(world):
    reflection = services.submit_reflection(reflection=draft(world), by=world["innovator"])
    with pytest.raises(ValidationError) as error:
        services.give_feedback(
            reflection=reflection, decision="approved", comment="", by=world["mentor"]
        )
    assert error.value.message_dict == {"comment": ["Write a few words of feedback."]}


def test_submit_by_other_innovator_refused(world):
    reflection = draft(world)
    with pytest.raises(PermissionDenied):
        services.submit_reflection(reflection=reflection, by=world["other_innovator"])


def test_reflection_upload_stored_outside_media_root(world, settings):
    from pathlib import Path

    upload = SimpleUploadedFile("Plan.pdf", b"%PDF-1.4 plan")
    version = draft(world, attachment=upload).versions.get()
    path = Path(version.attachment.path)
    assert path.is_file()
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        version.attachment.url  # noqa: B018
