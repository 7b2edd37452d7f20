from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum import services
from curriculum.models import Feedback, Reflection, ReflectionVersion
from tests.factories.cohorts import UserFactory
from tests.factories.curriculum import modules_of
from tests.trust.matrix import close_response


def form_url(world):
    key = modules_of(world["course"])[1].translation_key
    return reverse("curriculum:my_reflection", args=[world["run"].pk, key])


def submitted(world, **kwargs):
    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=world["innovator"],
        text="A service design for seniors",
        by=world["innovator"],
        **kwargs,
    )
    return services.submit_reflection(reflection=reflection, by=world["innovator"])


def test_reflection_form_save_and_submit(client, world):
    client.force_login(world["innovator"])
    response = client.post(form_url(world), {"text": "Draft one", "save": "1"})
    assert response.status_code == 302
    assert Reflection.objects.get().state == "draft"

    response = client.post(form_url(world), {"text": "Final text", "submit": "1"}, follow=True)
    assert (
        "Submitted. Dimitris Alexiou, your mentor, gets a notification."
        in response.content.decode()
    )
    reflection = Reflection.objects.get()
    assert reflection.state == "submitted"
    assert list(reflection.versions.values_list("text", flat=True)) == ["Final text"]


def test_reflection_form_executable_upload_shows_error_next_to_field(client, world):
    client.force_login(world["innovator"])
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    response = client.post(
        form_url(world), {"text": "Keep this text", "attachment": upload, "submit": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Files of this type are not accepted." in html
    assert "Keep this text" in html
    assert not Reflection.objects.exists()


def test_reflection_form_empty_submit_shows_error(client, world):
    client.force_login(world["innovator"])
    response = client.post(form_url(world), {"text": "", "submit": "1"})
    assert response.status_code == 200
    assert "Write your reflection or attach a file first." in response.content.decode()
    assert Reflection.objects.get().state == "draft"


def test_reflection_form_other_cohort_is_404(client, world):
    client.force_login(world["other_coordinator"])
    assert client.get(form_url(world), follow=True).status_code == 404


def test_mentor_feedback_form_bad_input(client, world):
    reflection = submitted(world)
    client.force_login(world["mentor"])
    url = reverse("curriculum:reflection", args=[reflection.pk])
    response = client.post(url, {"decision": "approved", "comment": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Feedback.objects.exists()


def test_mentor_feedback_form_needs_revision(client, world):
    reflection = submitted(world)
    client.force_login(world["mentor"])
    url = reverse("curriculum:reflection", args=[reflection.pk])
    response = client.post(url, {"decision": "needs_revision", "comment": "Add a budget."})
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.state == "needs_revision"

    client.force_login(world["innovator"])
    page = client.get(form_url(world))
    assert "Add a budget." in page.content.decode()


def test_reflection_detail_permissions(client, world):
    reflection = submitted(world)
    url = reverse("curriculum:reflection", args=[reflection.pk])
    for who, status in [
        ("mentor", 200),
        ("coordinator", 200),
        ("other_mentor", 404),
        ("other_innovator", 404),
        ("ambassador_mk", 404),
        ("other_coordinator", 404),
    ]:
        client.force_login(world[who])
        assert client.get(url, follow=True).status_code == status, who


def test_reflection_file_download_headers_and_permissions(client, world):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    reflection = submitted(world, attachment=upload)
    version = ReflectionVersion.objects.get(reflection=reflection)
    url = reverse("curriculum:reflection_file", args=[version.pk])

    client.force_login(world["mentor"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"

    for who in ["other_mentor", "other_innovator", "ambassador_mk", "other_coordinator"]:
        client.force_login(world[who])
        assert client.get(url, follow=True).status_code == 404, who


def draft(world, text="My unsent thoughts", **kwargs):
    return services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=world["innovator"],
        text=text,
        by=world["innovator"],
        **kwargs,
    )


def status_of(client, url):
    """The status of a GET, closing a streamed file so no handle is left open."""
    response = client.get(url)
    close_response(response)  # without closing the test's connection (PostgreSQL)
    return response.status_code


def readers(world):
    """Everyone who reads the innovator's submitted work, and a superuser."""
    return {
        "mentor": world["mentor"],
        "coordinator": world["coordinator"],
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def test_draft_version_file_is_the_authors_alone(client, world):
    reflection = draft(world, attachment=SimpleUploadedFile("draft.pdf", b"%PDF-1.4 draft"))
    version = ReflectionVersion.objects.get(reflection=reflection)
    url = reverse("curriculum:reflection_file", args=[version.pk])
    for who, reader in readers(world).items():
        client.force_login(reader)
        assert status_of(client, url) == 404, who
    client.force_login(world["innovator"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 draft"


def test_never_submitted_reflection_page_is_the_authors_alone(client, world):
    reflection = draft(world)
    url = reverse("curriculum:reflection", args=[reflection.pk])
    for who, reader in readers(world).items():
        client.force_login(reader)
        assert status_of(client, url) == 404, who
        assert client.post(url, {"decision": "approved", "comment": "Fine."}).status_code == 404
    assert not Feedback.objects.exists()


def test_revision_draft_file_hidden_until_submitted(client, world):
    reflection = submitted(world, attachment=SimpleUploadedFile("one.pdf", b"%PDF-1.4 one"))
    services.give_feedback(
        reflection=reflection,
        decision="needs_revision",
        comment="Add a budget.",
        by=world["mentor"],
    )
    draft(world, text="Second try", attachment=SimpleUploadedFile("two.pdf", b"%PDF-1.4 two"))
    first, second = ReflectionVersion.objects.filter(reflection=reflection).order_by("number")
    assert (first.is_draft, second.is_draft) == (False, True)
    first_url = reverse("curriculum:reflection_file", args=[first.pk])
    second_url = reverse("curriculum:reflection_file", args=[second.pk])
    detail_url = reverse("curriculum:reflection", args=[reflection.pk])
    for who, reader in readers(world).items():
        client.force_login(reader)
        assert status_of(client, first_url) == 200, who
        assert status_of(client, second_url) == 404, who
        html = client.get(detail_url).content.decode()
        assert "A service design for seniors" in html
        assert "Second try" not in html and "two.pdf" not in html
    services.submit_reflection(reflection=reflection, by=world["innovator"])
    client.force_login(world["mentor"])
    response = client.get(second_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 two"
