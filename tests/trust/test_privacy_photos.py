"""Profile photos: a replaced or cleared photo is deleted, and erasure leaves no photo behind.

Photos are public files (``/media/people/photos/...``): a file left on disk keeps
answering at its old address, after the person changed their photo or deleted their
account. Speaker photos in the image library go on erasure too, with their renditions,
unless something else uses the image.
"""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cohorts import services
from events.models import Speaker
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory
from tests.factories.events import SpeakerFactory, make_meeting
from tests.factories.images import make_image
from tests.trust.matrix import close_response

pytestmark = pytest.mark.django_db


def png(colour="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), "image/png")


def profile_form(user, **extra):
    return {
        "full_name": user.full_name,
        "country": "MK",
        "organisation": "",
        "preferred_language": "en",
        "bio": "",
        **extra,
    }


def fetch(client, url):
    response = client.get(url)
    close_response(response)  # without closing the test's connection (PostgreSQL)
    return response.status_code


@pytest.fixture
def ana():
    ana = UserFactory(full_name="Ana Stojanovska", email="ana@example.org")
    services.update_profile(user=ana, by=ana, photo=png())
    return ana


def test_replacing_the_photo_deletes_the_old_file(
    client, ana, settings, django_capture_on_commit_callbacks
):
    old_url, old_path = ana.photo.url, Path(ana.photo.path)
    assert fetch(client, old_url) == 200
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cohorts:profile"), profile_form(ana, photo=png("red")))
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.photo.name.startswith("people/photos/")
    assert ana.photo.name != old_url.removeprefix(settings.MEDIA_URL)
    assert not old_path.exists()
    assert fetch(client, old_url) == 404
    assert fetch(client, ana.photo.url) == 200
    assert sorted(p.name for p in old_path.parent.iterdir()) == [Path(ana.photo.name).name]


def test_clearing_the_photo_deletes_the_file(client, ana, django_capture_on_commit_callbacks):
    old_url, old_path = ana.photo.url, Path(ana.photo.path)
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:profile"), profile_form(ana, **{"photo-clear": "on"})
        )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.photo.name == ""
    assert not old_path.exists()
    assert fetch(client, old_url) == 404


def test_saving_the_profile_without_a_new_photo_keeps_it(
    client, ana, django_capture_on_commit_callbacks
):
    path = Path(ana.photo.path)
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cohorts:profile"), profile_form(ana, bio="Librarian."))
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.bio, ana.photo.path) == ("Librarian.", str(path))
    assert path.exists()


def test_a_rolled_back_replacement_keeps_the_old_file(ana):
    path = Path(ana.photo.path)
    with pytest.raises(RuntimeError), services.transaction.atomic():
        services.update_profile(user=ana, by=ana, photo=png("red"))
        raise RuntimeError("the request failed after the save")
    assert path.exists()


def test_erasure_leaves_no_photo_behind(client, ana, django_capture_on_commit_callbacks):
    """Replaced twice, then erased: none of the three photos answers any more."""
    urls = [ana.photo.url]
    for colour in ("red", "blue"):
        with django_capture_on_commit_callbacks(execute=True):
            services.update_profile(user=ana, by=ana, photo=png(colour))
        urls.append(ana.photo.url)
    assert len(set(urls)) == 3
    assert [fetch(client, url) for url in urls] == [404, 404, 200]
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:profile_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302
    assert [fetch(client, url) for url in urls] == [404, 404, 404]


def test_erasure_deletes_the_speaker_photo_and_its_renditions(
    client, ana, django_capture_on_commit_callbacks
):
    meeting = make_meeting(CohortFactory())
    image = make_image(title="Ana at the podium", size=(200, 200))
    rendition = image.get_rendition("fill-96x96")
    SpeakerFactory(meeting=meeting, user=ana, name=ana.full_name, photo=image)
    paths = [Path(image.file.path), Path(rendition.file.path)]
    urls = [image.file.url, rendition.url]
    assert [fetch(client, url) for url in urls] == [200, 200]
    with django_capture_on_commit_callbacks(execute=True):
        from kohorta.privacy import anonymise_person

        anonymise_person(user=ana, by=ana)
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert [path.exists() for path in paths] == [False, False]
    assert [fetch(client, url) for url in urls] == [404, 404]
    assert Speaker.objects.get(meeting=meeting).photo is None


def test_erasure_keeps_a_speaker_image_used_elsewhere(ana, django_capture_on_commit_callbacks):
    meeting = make_meeting(CohortFactory())
    image = make_image(title="Panel of speakers")
    SpeakerFactory(meeting=meeting, user=ana, name=ana.full_name, photo=image)
    SpeakerFactory(meeting=meeting, name="Milan Petrović", photo=image)
    with django_capture_on_commit_callbacks(execute=True):
        from kohorta.privacy import anonymise_person

        anonymise_person(user=ana, by=ana)
    assert get_image_model().objects.filter(pk=image.pk).exists()
    assert Path(image.file.path).exists()
    assert Speaker.objects.get(user=ana).photo is None


def test_delete_orphan_photos_removes_files_left_from_before(ana, settings):
    """Photos replaced before old files were deleted: the command removes them, not others."""
    folder = Path(settings.MEDIA_ROOT) / "people" / "photos"
    orphan, fresh = folder / ("0" * 32 + ".png"), folder / ("f" * 32 + ".png")
    for path in (orphan, fresh):
        path.write_bytes(b"old photo")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    os.utime(ana.photo.path, (old, old))
    out = io.StringIO()
    call_command("delete_orphan_photos", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        f"people/photos/{orphan.name}",
        "1 orphan photo(s) would delete.",
    ]
    assert orphan.exists()
    out = io.StringIO()
    call_command("delete_orphan_photos", stdout=out)
    assert out.getvalue().splitlines() == [
        f"people/photos/{orphan.name}",
        "1 orphan photo(s) deleted.",
    ]
    assert (orphan.exists(), fresh.exists(), Path(ana.photo.path).exists()) == (
        False,
        True,
        True,
    )
