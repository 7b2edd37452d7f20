from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-not-secret-kohorta")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
KOHORTA_PERSONAL_CACHE_SECONDS = int(env("KOHORTA_PERSONAL_CACHE_SECONDS", "120"))  # one process
KOHORTA_STRUCTURE_CACHE = True  # one process
KOHORTA_RANKING_CACHE_SECONDS = int(env("KOHORTA_RANKING_CACHE_SECONDS", "600"))  # one process
