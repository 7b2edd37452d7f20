import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.factories.cohorts import UserFactory
from tests.factories.images import root_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    root_collection()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def png(size, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection().pk,
        },
    )


def test_image_upload_of_a_real_png_is_accepted(admin_client):
    response = upload(admin_client, "photo.png", png((64, 48)))

    assert response.status_code == 302
    assert get_image_model().objects.get().width == 64


def test_image_upload_with_too_many_pixels_is_refused(admin_client):
    response = upload(admin_client, "bomb.png", png((8000, 8000), mode="1"))

    assert response.status_code == 200
    assert "pixels" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_image_upload_of_text_named_jpg_is_refused(admin_client):
    response = upload(admin_client, "fake.jpg", b"<?php echo 'hello'; ?>")

    assert response.status_code == 200
    assert get_image_model().objects.count() == 0


def test_image_upload_with_disallowed_extension_is_refused(admin_client):
    response = upload(admin_client, "vector.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    assert response.status_code == 200
    assert get_image_model().objects.count() == 0
