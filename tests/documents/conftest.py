import io
import os
from pathlib import Path

import pytest
from PIL import Image


@pytest.fixture
def save_pdf():
    """Write a PDF to $KOHORTA_DOCUMENT_DIR (for looking at it as PNG); no-op otherwise."""

    def save(name, pdf):
        folder = os.environ.get("KOHORTA_DOCUMENT_DIR")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{name}.pdf").write_bytes(pdf)
        return pdf

    return save


def png(colour=(122, 31, 92), size=(480, 120), text=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (255, 255, 255))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[1], size[1]], fill=colour)
    if text:
        draw.text((size[1] + 12, size[1] // 2 - 6), text, fill=colour)
    image.save(buffer, format="PNG")
    return buffer.getvalue()
