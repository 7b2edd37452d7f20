import os
from pathlib import Path


def save_pdf(name, pdf, *, suffix=".pdf"):
    """Write a PDF to $KOHORTA_DOCUMENT_DIR (to be looked at as PNG); a no-op otherwise."""
    folder = os.environ.get("KOHORTA_DOCUMENT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}{suffix}").write_bytes(pdf)
    return pdf
