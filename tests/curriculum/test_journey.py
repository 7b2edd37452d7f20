"""The issue's journey, through the pages: an innovator takes a lesson in Macedonian, sees
progress move, submits a reflection; the mentor sees it in the grid and approves it;
finishing the course gives a PDF certificate anyone can verify."""

import datetime
import io

from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Locale

from curriculum.models import Certificate, Reflection
from tests.factories.curriculum import home_page, lessons_of, modules_of


def test_journey_lesson_in_macedonian_to_verified_certificate(
    client, world, time_machine, run_on_commit
):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
    run, ana, mentor = world["run"], world["innovator"], world["mentor"]
    lessons = lessons_of(world["course"])
    mk = Locale.objects.get_or_create(language_code="mk")[0]
    home_page("mk")
    first_mk = lessons[0].copy_for_translation(mk, copy_parents=True)
    first_mk.title = "Што значи иновација"
    first_mk.save_revision().publish()
    for parent in first_mk.get_ancestors().filter(locale=mk, live=False):
        parent.specific.save_revision().publish()

    # A lesson in Macedonian; progress moves on the English course page.
    client.force_login(ana)
    assert "Што значи иновација" in client.get(first_mk.url).content.decode()
    client.post(
        reverse("curriculum:lesson_progress", args=[run.pk, first_mk.translation_key]),
        {"next": first_mk.url},
    )
    assert "1 of 6 lessons done (17%)." in client.get(world["course"].url).content.decode()

    # The rest of the lessons (one by its quiz).
    for lesson in lessons[1:]:
        lesson = lesson.specific
        if lesson.quiz_blocks:
            block = lesson.quiz_blocks[0]
            client.post(
                reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key]),
                {"page": lesson.pk, "block": block.id, "q0": "0"},
            )
        else:
            client.post(
                reverse("curriculum:lesson_progress", args=[run.pk, lesson.translation_key]),
                {"next": lesson.url},
            )
    assert "6 of 6 lessons done (100%)." in client.get(world["course"].url).content.decode()

    # The reflection of module 2, submitted.
    module = modules_of(world["course"])[1]
    client.post(
        reverse("curriculum:my_reflection", args=[run.pk, module.translation_key]),
        {"text": "A homework club with the two schools near our branch.", "submit": "1"},
    )
    reflection = Reflection.objects.get(author=ana)
    assert reflection.state == "submitted"
    assert not Certificate.objects.exists()

    # The mentor sees it first in their grid and approves it.
    client.force_login(mentor)
    grid = client.get(reverse("curriculum:mentor_dashboard", args=[run.pk])).content.decode()
    assert "Awaiting your feedback (1)" in grid
    assert reverse("curriculum:reflection", args=[reflection.pk]) in grid
    with run_on_commit():
        client.post(
            reverse("curriculum:reflection", args=[reflection.pk]),
            {"decision": "approved", "comment": "Concrete and well argued."},
        )

    # The feedback and the certificate were e-mailed to Ana; the PDF names her and has the code.
    certificate = Certificate.objects.get(user=ana)
    assert [message.to for message in mail.outbox] == [[ana.email], [ana.email]]
    client.force_login(ana)
    course_page = client.get(world["course"].url).content.decode()
    pdf_url = reverse("curriculum:certificate_pdf", args=[certificate.code])
    assert pdf_url in course_page
    pdf = client.get(pdf_url)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ana Stojanovska" in text
    assert certificate.code in text

    client.logout()
    verify = client.get(reverse("curriculum:verify", args=[certificate.code])).content.decode()
    assert "Valid certificate" in verify
    assert "Ana Stojanovska" in verify
