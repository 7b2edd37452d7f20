"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kohorta.settings.production",
    "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "kohorta.example.org",
    "WAGTAILADMIN_BASE_URL": "https://kohorta.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_HOST": "smtp.example.org",
    "KOHORTA_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
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


def test_production_check_deploy_asks_for_the_signing_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "KOHORTA_SIGNING_KEY"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "(kohorta.E001) KOHORTA_SIGNING_KEY is not set" in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr


def _printed_settings(expressions, env=PRODUCTION_ENV):
    """The last line ``manage.py shell`` prints for ``settings.<expression>``, ... ."""
    code = f"from django.conf import settings as s; print({', '.join(expressions)})"
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_redis_url_switches_cache_and_broker():
    printed = _printed_settings(
        ["s.CACHES['default']['BACKEND']", "s.Q_CLUSTER.get('redis')", "s.Q_CLUSTER.get('orm')"],
        env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"},
    )
    assert printed == "kohorta.cache.RedisCache redis://127.0.0.1:6379/3 None"


def test_q_broker_orm_keeps_tasks_in_the_database_with_redis_as_the_cache():
    printed = _printed_settings(
        [
            "s.CACHES['default']['BACKEND']",
            "s.Q_CLUSTER.get('redis')",
            "s.Q_CLUSTER.get('orm')",
            "s.Q_CLUSTER['timeout']",
            "s.Q_CLUSTER['retry']",
        ],
        env={
            **PRODUCTION_ENV,
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "Q_BROKER": "orm",
            "Q_TIMEOUT": "8",
            "Q_RETRY": "10",
        },
    )
    assert printed == "kohorta.cache.RedisCache None default 8 10"


def test_production_keeps_database_connections():
    printed = _printed_settings(
        ["s.DATABASES['default']['CONN_MAX_AGE']", "s.DATABASES['default']['CONN_HEALTH_CHECKS']"]
    )
    assert printed == "60 True"


def test_redis_cache_keeps_one_client_per_pool():
    import redis

    from kohorta.cache import RedisCache

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = RedisCache(url, {"KEY_PREFIX": "kohorta-test-client"})
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    backend.set("answer", {"value": 42})
    assert backend.get("answer") == {"value": 42}
    backend.delete("counter")
    assert backend.add("counter", 1)
    assert backend.incr("counter") == 2
    backend.delete_many(["answer", "counter"])
    assert backend.get("answer") is None


def test_default_broker_is_the_orm():
    from django.conf import settings

    assert settings.Q_CLUSTER.get("orm") == "default" or "redis" in settings.Q_CLUSTER


def test_production_requires_2fa_and_secure_cookies():
    printed = _printed_settings(
        [
            "s.KOHORTA_REQUIRE_2FA",
            "s.SESSION_COOKIE_SECURE",
            "s.CSRF_COOKIE_SECURE",
            "s.SECURE_HSTS_SECONDS",
            "'kohorta.middleware.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE",
        ]
    )
    assert printed == "True True True 31536000 True"


def test_logging_names_django_q_own_logger(settings):
    """django-q logs as "django-q" (not its package name): Q_LOG_LEVEL must reach it."""
    from django_q.conf import logger

    assert logger.name in settings.LOGGING["loggers"]
