import os
import shutil
import subprocess
from pathlib import Path


def save_pdf(name, pdf, *, suffix=".pdf"):
    """Write a document to $KOHORTA_DOCUMENT_DIR, and each PDF page as a PNG beside it when
    poppler's pdftoppm is installed (``make e2e`` saves them in artifacts/documents, to be
    looked at); a no-op without the variable."""
    folder = os.environ.get("KOHORTA_DOCUMENT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / f"{name}{suffix}"
        path.write_bytes(pdf)
        pdftoppm = shutil.which("pdftoppm")
        if suffix == ".pdf" and pdftoppm:
            subprocess.run(  # noqa: S603 - our own file, a fixed tool
                [pdftoppm, "-r", "60", "-png", str(path), str(path.with_suffix(""))],
                check=True,
                timeout=120,
            )
    return pdf
