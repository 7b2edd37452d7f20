"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kohorta.settings.production",
    "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "kohorta.example.org",
    "WAGTAILADMIN_BASE_URL": "https://kohorta.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_HOST": "smtp.example.org",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr


def test_redis_url_switches_cache_and_broker():
    code = (
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.Q_CLUSTER.get('redis'), settings.Q_CLUSTER.get('orm'))"
    )
    result = _manage(
        "shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-3:-1] == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3 None",
    ]


def test_default_broker_is_the_orm():
    from django.conf import settings

    assert settings.Q_CLUSTER.get("orm") == "default" or "redis" in settings.Q_CLUSTER


def test_production_requires_2fa_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.KOHORTA_REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, 'kohorta.middleware.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True True 31536000 True"
