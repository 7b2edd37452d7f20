import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection


def root_collection():
    """Tests run without migrations, which would have made the root collection."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def make_image(title="Picture", size=(1200, 800), colour=(11, 92, 173)):
    root_collection()
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.jpg")
    )
