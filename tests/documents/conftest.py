import pytest

from .save import save_pdf as _save_pdf


@pytest.fixture
def save_pdf():
    return _save_pdf
