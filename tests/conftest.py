import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _keep_file_database_open():
    """With the kept test database file (make test-fast), closing a streamed response would
    close the test's connection inside its transaction (Django closes a connection whose
    autocommit differs from the settings'); an in-memory database is never closed, so the
    file-backed run keeps a connection that is inside a transaction open the same way."""
    if os.environ.get("KOHORTA_TEST_DB") != "file":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseWrapper

    original = DatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_transaction(self):
        if not self.in_atomic_block:
            original(self)

    DatabaseWrapper.close_if_unusable_or_obsolete = close_unless_in_transaction
    yield
    DatabaseWrapper.close_if_unusable_or_obsolete = original


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads in a test go to a temporary folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request leaves its page's language
    active in the thread, and services called directly afterwards would answer in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached parts are keyed on row ids, which the
    database hands out again after a test's rollback."""
    from django.core.cache import cache

    cache.clear()


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


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only on PostgreSQL (CI's second pass), and skip on SQLite."""
    import os

    from django.db import connection

    if os.environ.get("KOHORTA_REQUIRE_POSTGRES") and connection.vendor != "postgresql":
        raise pytest.UsageError(
            "KOHORTA_REQUIRE_POSTGRES is set but the database is not PostgreSQL."
        )
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (CI runs the suite on it too)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    else:
        # Tests of what only the SQLite pass has (the ORM broker, restoring a file).
        skip = pytest.mark.skip(reason="runs in the SQLite pass")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)
