from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_photo(file):
    """Refuse photos that are too large, not a real image, or a decompression bomb."""
    from PIL import Image

    if getattr(file, "_committed", False):
        return  # already stored: it was checked on upload, and reading it again leaks a handle
    max_bytes = settings.KOHORTA_PHOTO_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; the largest allowed is %(max)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > settings.KOHORTA_PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels (%(width)s×%(height)s)."),
                    code="too_many_pixels",
                    params={"width": width, "height": height},
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(
            _("Upload a photo in JPEG, PNG, WebP or GIF format."), code="not_an_image"
        ) from error
    finally:
        file.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Upload a photo in JPEG, PNG, WebP or GIF format."), code="wrong_format"
        )


def strip_photo(file):
    """Re-encode a validated photo: drops metadata (EXIF location, camera serials) and
    anything appended after the image data, and turns it upright. Returns a new file."""
    import io
    from pathlib import PurePath

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        clean = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        buffer = io.BytesIO()
        clean.save(buffer, format=image_format)
    name = PurePath(file.name or "photo").stem + "." + image_format.lower().replace("jpeg", "jpg")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")
