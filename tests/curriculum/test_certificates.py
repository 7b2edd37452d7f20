import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from curriculum import services
from curriculum.models import Certificate
from tests.factories.curriculum import lessons_of, modules_of


@pytest.fixture
def finished(world, time_machine):
    """The innovator has done every lesson; the reflection of module 2 is still to approve."""
    import datetime

    time_machine.move_to(datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    run, user = world["run"], world["innovator"]
    for lesson in lessons_of(world["course"]):
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )
    reflection = services.save_reflection_draft(
        cohort_course=run,
        module_key=modules_of(world["course"])[1].translation_key,
        user=user,
        text="Service design for teenagers",
        by=user,
    )
    return services.submit_reflection(reflection=reflection, by=user)


def test_certificate_not_issued_before_reflection_approved(world, finished):
    assert not Certificate.objects.exists()
    assert services.missing_for_certificate(
        cohort_course=world["run"], user=world["innovator"]
    ) == ["The reflection for “Module 2” is not approved yet."]


def test_certificate_issued_automatically_and_pdf_verifiable(
    client, world, finished, run_on_commit
):
    with run_on_commit():
        services.give_feedback(
            reflection=finished, decision="approved", comment="Well argued.", by=world["mentor"]
        )

    certificate = Certificate.objects.get()
    assert certificate.user == world["innovator"]
    assert certificate.details["name"] == "Ana Stojanovska"
    assert certificate.details["modules"] == ["Module 1", "Module 2", "Module 3"]
    # Two e-mails: the mentor's feedback, and the certificate.
    assert sorted(message.subject for message in mail.outbox) == [
        "Your course certificate",
        "Your reflection was approved",
    ]
    notice = next(m for m in mail.outbox if m.subject == "Your course certificate")
    assert certificate.code in notice.body

    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ana Stojanovska" in text
    assert certificate.code in text

    client.logout()
    response = client.get(reverse("curriculum:verify", args=[certificate.code]))
    assert response.status_code == 200
    assert "Valid certificate" in response.content.decode()


def test_certificate_in_innovators_language(world, finished):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=world["innovator"].pk).update(preferred_language="mk")
    world["innovator"].refresh_from_db()
    services.give_feedback(
        reflection=finished, decision="approved", comment="Good.", by=world["mentor"]
    )
    certificate = Certificate.objects.get()
    assert certificate.language == "mk"
    from curriculum.certificates import render_certificate_pdf

    pdf = render_certificate_pdf(certificate)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert certificate.code in text


def test_certificate_revoke_and_reissue(client, world, finished):
    services.give_feedback(
        reflection=finished, decision="approved", comment="Good.", by=world["mentor"]
    )
    certificate = Certificate.objects.get()
    client.force_login(world["coordinator"])

    response = client.post(
        reverse("curriculum:revoke_certificate", args=[certificate.code]),
        {"reason": "Issued by mistake"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Issued by mistake"
    page = client.get(reverse("curriculum:verify", args=[certificate.code]))
    assert "This certificate has been revoked." in page.content.decode()

    client.post(reverse("curriculum:reissue_certificate", args=[certificate.code]))
    new = Certificate.objects.get(revoked_at__isnull=True)
    assert new.code != certificate.code
    assert Certificate.objects.count() == 2


@pytest.mark.parametrize("who", ["mentor", "innovator", "other_coordinator", "ambassador_mk"])
def test_certificate_revoke_refused(client, world, finished, who):
    services.give_feedback(
        reflection=finished, decision="approved", comment="Good.", by=world["mentor"]
    )
    certificate = Certificate.objects.get()
    client.force_login(world[who])
    response = client.post(
        reverse("curriculum:revoke_certificate", args=[certificate.code]),
        {"reason": "No"},
        follow=True,
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("innovator", 200),
        ("coordinator", 200),
        ("other_innovator", 404),
        ("mentor", 404),
        ("other_coordinator", 404),
    ],
)
def test_certificate_pdf_permissions(client, world, finished, who, status):
    services.give_feedback(
        reflection=finished, decision="approved", comment="Good.", by=world["mentor"]
    )
    certificate = Certificate.objects.get()
    client.force_login(world[who])
    response = client.get(
        reverse("curriculum:certificate_pdf", args=[certificate.code]), follow=True
    )
    assert response.status_code == status


def test_verify_unknown_code(client, db):
    response = client.get(reverse("curriculum:verify", args=["NOPE-NOPE-NOPE"]))
    assert response.status_code == 200
    assert "No certificate has the code" in response.content.decode()


def test_bulk_issue_runs_as_task(client, world, finished, run_on_commit):
    # Approved without the automatic path: a certificate revoked earlier blocks re-issue by the
    # system, so bulk issue only reaches people who never had one.
    from curriculum.models import Reflection

    Reflection.objects.filter(pk=finished.pk).update(state="approved")
    client.force_login(world["coordinator"])
    with run_on_commit():
        response = client.post(reverse("curriculum:bulk_certificates", args=[world["run"].pk]))
    assert response.status_code == 302
    assert list(Certificate.objects.values_list("user__full_name", flat=True)) == [
        "Ana Stojanovska"
    ]


def test_bulk_issue_refused_for_other_coordinator(client, world, finished):
    client.force_login(world["other_coordinator"])
    response = client.post(
        reverse("curriculum:bulk_certificates", args=[world["run"].pk]), follow=True
    )
    assert response.status_code == 404
