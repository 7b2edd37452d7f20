"""A programme with a full branding, for the document tests and the pictures in docs/."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
ACCENT = (122, 31, 92)


def _font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def _png(image, name):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def logo():
    image = Image.new("RGBA", (720, 180), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([10, 10, 170, 170], fill=ACCENT)
    draw.text((90, 90), "IB", font=_font(70), fill="white", anchor="mm")
    draw.text((200, 50), "INELI", font=_font(64), fill=ACCENT)
    draw.text((200, 115), "BALKANS", font=_font(40), fill=(60, 60, 60))
    return _png(image, "logo.png")


def signature():
    image = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20, 120), (60, 40), (90, 130), (130, 50), (160, 110), (210, 70), (250, 100)]
    points += [(300, 60), (340, 115), (380, 80), (450, 90)]
    draw.line(points, fill=(20, 40, 110), width=5, joint="curve")
    return _png(image, "signature.png")


def funders():
    image = Image.new("RGB", (900, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 180, 120], fill=(0, 51, 153))
    for i in range(12):
        import math

        x = 90 + 40 * math.cos(i * math.pi / 6)
        y = 60 + 40 * math.sin(i * math.pi / 6)
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(255, 204, 0))
    draw.text((200, 35), "Co-funded by the European Union", font=_font(34), fill=(0, 51, 153))
    draw.rectangle([760, 10, 900, 110], outline=(40, 40, 40), width=4)
    draw.text((830, 60), "FUND", font=_font(30), fill=(40, 40, 40), anchor="mm")
    return _png(image, "funders.png")


def brand(programme):
    """Give ``programme`` the demo branding (images go through the admin form's checks)."""
    from cohorts.branding import ProgrammeForm

    form = ProgrammeForm(
        data={
            "name": "INELI Balkans",
            "slug": programme.slug,
            "name_mk": "ИНЕЛИ Балкан",
            "name_bg": "ИНЕЛИ Балкани",
            "name_pl": "INELI Bałkany",
            "name_el": "INELI Βαλκάνια",
            "accent_colour": "#7A1F5C",
            "signatory_name": "Dr Vesna Trajkovska",
            "signatory_title": "Programme director",
            "funders_text": "Co-funded by the European Union",
            "website": "https://ineli.example.org",
        },
        files={"logo": logo(), "signature": signature(), "funders_logos": funders()},
        instance=programme,
    )
    assert form.is_valid(), form.errors
    return form.save()
