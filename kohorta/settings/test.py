import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, Q_CLUSTER

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
    if os.environ.get("KOHORTA_TEST_DB") == "file":
        # The quick edit-and-test loop (make test-fast): a migrated database file kept
        # between runs with pytest-django's --reuse-db; new migrations are applied to it.
        DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
KOHORTA_PAGE_CACHE_SECONDS = 0  # tests of the page cache turn it on
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests; avoids the "No directory" warning
KOHORTA_PERSONAL_CACHE_SECONDS = 0  # tests of the per-session cache turn it on
KOHORTA_STRUCTURE_CACHE = True  # as in production: every test exercises its invalidation
KOHORTA_RANKING_CACHE_SECONDS = 600  # the same: every grants test goes through the kept table
# Sessions in the database on both passes (production reads them from Redis when REDIS_URL
# is set): the suites' query counts are the same on SQLite and on PostgreSQL + Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# pytest-xdist workers (make test runs two): each has its own database (pytest-django adds
# the suffix) and, on Redis, its own database number, since tests empty the cache.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _url = urlsplit(CACHES["default"]["LOCATION"])
    _db = int(_url.path.strip("/") or 0) - int(_worker[2:])
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{max(_db, 0)}"))
