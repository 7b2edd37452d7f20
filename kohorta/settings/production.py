from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

DEBUG = False
# Credentials are signed only with the key from KOHORTA_SIGNING_KEY (check --deploy says so).
KOHORTA_SIGNING_KEY_FALLBACK = False
# Persistent database connections, checked before reuse: opening one (and SQLite's
# pragmas) cost a logged-in page more than its queries (docs/performance.md).
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is an operator's decision (DJANGO_HSTS_PRELOAD), not a default.
    "security.W021",
]

# Trust: two-factor authentication is required of staff and of every role
# that reads other people's personal data (KOHORTA_2FA_ROLES).
KOHORTA_REQUIRE_2FA = env_bool("KOHORTA_REQUIRE_2FA", True)
# Production runs behind one reverse proxy (SECURE_PROXY_SSL_HEADER above trusts it):
# rate limits count the address it appends to X-Forwarded-For, not the proxy's own.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("KOHORTA_TRUSTED_PROXY_COUNT", "1"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
