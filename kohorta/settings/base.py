"""Settings shared by every environment.

Everything that varies between machines is read from environment variables here, in
one place; dev, test and production only choose defaults and switches.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Kohorta
    "cms",
    "cohorts",
    "curriculum",
    "grants",
    "events",
    "notifications",
    "community",
    "bench",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "kohorta.apps.KohortaUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Others
    "django_countries",
    "django_q",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kohorta.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kohorta.personal_cache.BumpOnWriteMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the signed-in person kept in the shared cache (one MGET, no query).
    "kohorta.personal_cache.KeptPersonAuthenticationMiddleware",
    "kohorta.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.PageChooserMiddleware",
    "kohorta.translation_scope.ScopedTranslationMiddleware",
]

ROOT_URLCONF = "kohorta.urls"
WSGI_APPLICATION = "kohorta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "kohorta.context_processors.kohorta",
            ],
            # Local dates, numbers and money in every template (kohorta/formats.py).
            "builtins": [
                "kohorta.templatetags.kohorta_formats",
                "kohorta.templatetags.kohorta_translatable",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and task broker: local memory and the ORM by default, Redis via REDIS_URL.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kohorta.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "kohorta"),
        }
    }
    # Sessions are read from Redis and written through to the database (a Redis restart or
    # eviction loses no one's sign-in): a logged-in page reads no session row, and the same
    # read brings the signed-in person (kohorta/sessions.py).
    SESSION_ENGINE = "kohorta.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

Q_CLUSTER = {
    "name": env("Q_CLUSTER_NAME", "kohorta"),
    "workers": int(env("Q_WORKERS", "2")),
    # A task running longer is stopped; one not acknowledged is handed out again after
    # "retry" seconds (ORM broker). Shorter in the cluster test (bench/cluster_workers.py).
    "timeout": int(env("Q_TIMEOUT", "120")),
    "retry": int(env("Q_RETRY", "180")),
    "max_attempts": 3,
    "ack_failures": True,
    "save_limit": 1000,
    "catch_up": False,
    "label": _("Background tasks"),
}
# The task broker: Redis when REDIS_URL is set, the database otherwise; Q_BROKER=orm keeps
# the tasks in the database with Redis as the cache (several workers: docs/deployment.md).
Q_BROKER = env("Q_BROKER", "redis" if REDIS_URL else "orm")
if Q_BROKER == "redis" and REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# People and accounts
AUTH_USER_MODEL = "cohorts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "cohorts.forms.SignupProfileForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Trust II: no page says whether an address has an account, so nobody can probe who has
# one. Password reset answers the same for every address; sign-up with a known address e-mails its owner
# ("you already have an account") instead of saying so. See docs/security.md.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "kohorta.accounts.AccountAdapter"
# The client's address for rate limits: how many reverse proxies in front of the site
# append to X-Forwarded-For (0: none, use the connection's address), or the header a
# trusted proxy sets to the client's address (e.g. X-Real-IP, CF-Connecting-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("KOHORTA_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("KOHORTA_CLIENT_IP_HEADER") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kohorta"

# Wagtail admin uses the same login page as the site.
WAGTAIL_SITE_NAME = "Kohorta"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Inbox entries older than this are deleted by a daily schedule (notifications.tasks).
KOHORTA_NOTIFICATION_RETENTION_DAYS = int(env("KOHORTA_NOTIFICATION_RETENTION_DAYS", "180"))
# Jurors with unsubmitted reviews are reminded this many days before a call's reviews close.
KOHORTA_REVIEW_REMINDER_DAYS = int(env("KOHORTA_REVIEW_REMINDER_DAYS", "3"))
# Someone moved up from a meeting's or a session's waiting list has this many hours to
# confirm the place before it goes to the next person (0: the place is theirs at once).
KOHORTA_WAITLIST_CONFIRM_HOURS = int(env("KOHORTA_WAITLIST_CONFIRM_HOURS", "48"))
# A juror's review counts as overdue this many days after the assignment (or once the
# call's reviews have closed); the review-progress page offers to remind them.
KOHORTA_REVIEW_DUE_DAYS = int(env("KOHORTA_REVIEW_DUE_DAYS", "14"))
# Funded innovators are reminded of a milestone's report this many days before it is due.
KOHORTA_REPORT_REMINDER_DAYS = int(env("KOHORTA_REPORT_REMINDER_DAYS", "7"))
# Innovators are reminded of an unfinished module this many days before it is due.
KOHORTA_DUE_REMINDER_DAYS = int(env("KOHORTA_DUE_REMINDER_DAYS", "3"))
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"  # pages for signed-in people use the one login
WAGTAIL_I18N_ENABLED = True
# Wagtail's database backend; on PostgreSQL each language's text-search configuration
# (cms/search_backend.py). Languages not named here (PostgreSQL has no configuration for
# mk, bg, hr, sl, sq, pl) use "simple": lower-cased words, no stemming.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
KOHORTA_SEARCH_CONFIGS = {
    "en": "english",
    "ro": "romanian",
    "el": "greek",
    "sr": "serbian",
    "sr-latn": "serbian",
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_COMMENTS_ENABLED = True
# Slugs are ASCII: the admin transliterates titles (Cyrillic, Greek) and so does
# cms.models.KohortaPage for pages made in code or by wagtail-localize.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Languages: the interface and the content trees. The first is the default.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("mk", "Македонски"),
    ("pl", "Polski"),
    ("bg", "Български"),
    ("sr", "Српски"),
    ("sr-latn", "Srpski (latinica)"),
    ("el", "Ελληνικά"),
    ("sq", "Shqip"),
    ("hr", "Hrvatski"),
    ("ro", "Română"),
    ("sl", "Slovenščina"),
]
_content_codes = env_list("KOHORTA_CONTENT_LANGUAGES")
# Interface languages without a content tree of their own: their pages show the content of
# the language they are written in (Serbian in Latin script reads the Serbian tree).
INTERFACE_ONLY_LANGUAGES = {"sr-latn": "sr"}
WAGTAIL_CONTENT_LANGUAGES = [
    (code, name)
    for code, name in LANGUAGES
    if code not in INTERFACE_ONLY_LANGUAGES and (not _content_codes or code in _content_codes)
]
# Accept-Language tags with no catalogue of their own, answered in the nearest language:
# Bosnian and Montenegrin readers read Serbian in Latin script (LocaleMiddleware).
LANGUAGE_ALIASES = {
    "bs": "sr-latn",
    "cnr": "sr-latn",
    "me": "sr-latn",
    "sh": "sr-latn",
    "sr-latn": "sr-latn",
    "sr-me": "sr-latn",
}
# Country names in the languages django-countries has none for (manage.py country_catalogues).
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_countries"]
# wagtail-localize is the editors' translation workflow (segment editor, PO export and
# import); wagtail.contrib.simple_translation is left out so there is one "Translate".
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Dates as each language writes them (cms/formats/<locale>/formats.py; kohorta/formats.py).
FORMAT_MODULE_PATH = ["cms.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Static and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("KOHORTA_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("KOHORTA_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kohorta <noreply@kohorta.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Full-page cache for anonymous visitors (cms.cache); 0 turns it off.
KOHORTA_PAGE_CACHE_SECONDS = int(env("KOHORTA_PAGE_CACHE_SECONDS", "300"))
KOHORTA_BROWSER_CACHE_SECONDS = int(env("KOHORTA_BROWSER_CACHE_SECONDS", "60"))
# Per-session cache of the dashboard's panels (kohorta/personal_cache.py), emptied by any
# write. Its generation number must be shared by every web process: on by default only
# with Redis (the dev server and the tests are one process and turn it on themselves).
KOHORTA_PERSONAL_CACHE_SECONDS = int(
    env("KOHORTA_PERSONAL_CACHE_SECONDS", "120" if REDIS_URL else "0")
)
# Page types below the home page that route the Wagtail way (child by slug, level by level):
# a URL through them is resolved in one query by url_path (cms.models.KohortaPage.route).
KOHORTA_DEEP_ROUTED_PAGES = (
    "curriculum.CoursePage",
    "curriculum.ModulePage",
    "curriculum.LessonPage",
)
# Courses' shapes (modules, lessons, schedule) kept between requests (curriculum/structure.py),
# dropped when a course page is published, moved or deleted or a schedule changes. Like the
# personal cache it needs a cache every web process shares: on by default only with Redis.
KOHORTA_STRUCTURE_CACHE = env_bool("KOHORTA_STRUCTURE_CACHE", bool(REDIS_URL))
# Grant calls' ranking tables kept between requests (grants/ranking_cache.py), dropped by any
# write to the grants app's rows; seconds at most. Needs a shared cache: on only with Redis.
KOHORTA_RANKING_CACHE_SECONDS = int(
    env("KOHORTA_RANKING_CACHE_SECONDS", "600" if REDIS_URL else "0")
)
# A caching proxy or CDN in front of the site (Varnish, nginx ...) to purge on publish.
if env("KOHORTA_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("KOHORTA_FRONTEND_CACHE_URL"),
        }
    }

# Kohorta
KOHORTA_PHOTO_MAX_BYTES = 5 * 1024 * 1024
KOHORTA_PHOTO_MAX_PIXELS = 25_000_000
KOHORTA_INVITATION_DAYS = 14
KOHORTA_DEMO_SEEDERS = [
    "cohorts.demo",
    "cohorts.intake.demo",
    "cms.demo",
    "curriculum.demo",
    "grants.demo",
    "events.demo",
    "community.demo",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django-q": {"level": env("Q_LOG_LEVEL", "INFO")},  # django_q.conf.logger
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}
COUNTRIES_FIRST = ["AL", "BA", "BG", "HR", "XK", "ME", "MK", "RO", "RS", "SI", "GR"]

# ----------------------------------------------------------------------------------------
# Trust: Content-Security-Policy, two-factor enforcement, task retries.
# Kept in one block so other changes to this file merge cleanly. See docs/security.md.
# ----------------------------------------------------------------------------------------
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "kohorta.middleware.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "kohorta.middleware.RequireTwoFactorMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("kohorta.middleware.RequireTwoFactorMiddleware") + 1,
    "kohorta.middleware.SuperuserOnlyAdminMiddleware",
)
# Wagtail admin pages that would show every cohort's records to any coordinator: the site
# history, and wagtail-localize's snippet listing API (it checks no permission and lists
# every snippet, memberships with people's names included).
KOHORTA_SUPERUSER_ONLY_ADMIN_PATHS = (
    "/admin/reports/site-history/",
    "/admin/localize/api/snippets/",
    # wagtail-localize's translations report lists every translated object of every cohort.
    "/admin/localize/reports/",
)
# The site's own pages run no inline script and no inline style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Wagtail 8's admin still has inline scripts (date pickers, inline panels) and eval in its
# choosers, so paths under these prefixes get their own, looser policy (kohorta.middleware).
KOHORTA_CSP_ADMIN_PREFIXES = ("/admin/",)
KOHORTA_CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
# No Gravatar: it would send a hash of every admin user's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Staff, superusers and people holding these roles in any cohort must set up two-factor
# authentication before they can use anything but the account pages (production default).
# The roles are every role that reads other people's personal data.
KOHORTA_REQUIRE_2FA = env_bool("KOHORTA_REQUIRE_2FA", False)
KOHORTA_2FA_ROLES = tuple(
    env_list("KOHORTA_2FA_ROLES", "mentor,ambassador,jury,observer,coordinator")
)
# A task that raises stays on the broker and is delivered again after Q_CLUSTER["retry"]
# seconds, up to "max_attempts" times; the failures are listed in the admin (Failed tasks).
Q_CLUSTER["ack_failures"] = False
# Uploaded files served by kohorta.media.serve_media: only these folders, the rest 404.
KOHORTA_PUBLIC_MEDIA_PREFIXES = ("people/photos/", "images/", "original_images/", "branding/")
KOHORTA_BACKUP_DIR = Path(env("KOHORTA_BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
# ---------------------------------------------------------------------- end of Trust block

# Open Badges 3.0: the Ed25519 key credentials are signed with (kohorta/signing.py).
KOHORTA_SIGNING_KEY = env("KOHORTA_SIGNING_KEY", "")
KOHORTA_SIGNING_KEY_FILE = Path(
    env("KOHORTA_SIGNING_KEY_FILE", str(BASE_DIR / "var" / "signing-key"))
)
KOHORTA_SIGNING_KEY_FALLBACK = True  # dev and test: a generated key kept in the file above

# The office dashboard (cohorts/attention.py): reviews are flagged this many days before the
# call's reviews close, reports this many days before they are due.
KOHORTA_ATTENTION_REVIEWS_DAYS = int(os.environ.get("KOHORTA_ATTENTION_REVIEWS_DAYS", "7"))
KOHORTA_ATTENTION_REPORTS_DAYS = int(os.environ.get("KOHORTA_ATTENTION_REPORTS_DAYS", "14"))
