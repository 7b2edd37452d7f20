import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads in a test go to a temporary folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_root(db):
    """Wagtail needs a default site; tests that build pages add their own under it."""


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run ``transaction.on_commit`` callbacks (queued tasks) when the block exits.

    Usage::

        with run_on_commit():
            services.something(...)
    """

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner
