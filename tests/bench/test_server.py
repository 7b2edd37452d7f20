import os
from pathlib import Path

import pytest

from bench.server import Gunicorn, free_port, production_env, run_load_process

# Tests that start gunicorn on the harness's ports run in one xdist worker (make test -n).
pytestmark = pytest.mark.xdist_group("gunicorn")


def test_production_env_serves_plain_http_from_the_bench_database(settings, tmp_path):
    env = production_env(database_url="sqlite:////tmp/x.sqlite3", static_root=tmp_path, port=8205)
    assert env["DJANGO_SETTINGS_MODULE"] == "kohorta.settings.production"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == "false"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1"
    assert env["DATABASE_URL"] == "sqlite:////tmp/x.sqlite3"
    assert env["KOHORTA_STATIC_ROOT"] == str(tmp_path)
    assert env["DJANGO_SECRET_KEY"] == settings.SECRET_KEY


def test_free_port_is_in_the_bench_range():
    assert 8201 <= free_port() <= 8210


def test_gunicorn_serves_the_trivial_view_and_stops_with_its_workers():
    """Two workers with the test settings (no database, no collectstatic): a few seconds."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kohorta.settings.test")
    server = Gunicorn(env=env, port=free_port()).start()
    try:
        load = run_load_process(
            server.base_url + "/__bench__/ok/",
            requests=20,
            concurrency=2,
            headers={},
            expect_status=200,
            warmup=0,
        )
        workers = server.worker_pids()
        sizes = server.worker_rss_mb()
    finally:
        server.stop()
    assert (load["requests"], load["errors"], load["statuses"]) == (20, 0, {"200": 20})
    assert len(workers) == 2
    assert len(sizes) == 2
    assert all(size > 0 for size in sizes)
    assert server.process.poll() is not None
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_ceiling_reports_every_page_as_an_error_when_collectstatic_fails(tmp_path):
    import io

    from bench.foundation import SCENARIOS
    from bench.registry import HTTP, SCALES, Dataset
    from bench.runner import measure_http

    class BrokenStatic:
        root = tmp_path

        def wait(self):
            raise RuntimeError("collectstatic failed")

    http = [scenario for scenario in SCENARIOS if scenario.kind == HTTP]
    results = measure_http(
        http,
        Dataset(scale=SCALES["small"]),
        database_url="sqlite:////nowhere.sqlite3",
        static=BrokenStatic(),
        scale=SCALES["small"],
        stdout=io.StringIO(),
    )
    assert [(result.name, result.status) for result in results] == [
        ("http.ok", "error"),
        ("http.static", "error"),
        ("http.home", "error"),
        ("http.dashboard.mentor", "error"),
    ]
    assert results[0].error == "RuntimeError: collectstatic failed"


def test_ceiling_divides_each_page_by_the_trivial_runs_around_it(monkeypatch, tmp_path):
    import io

    from bench import server
    from bench.foundation import SCENARIOS
    from bench.registry import HTTP, SCALES, Dataset
    from bench.runner import measure_http

    class Static:
        root = tmp_path

        def wait(self):
            pass

        def hashed_path(self, name):
            return f"/static/{name}"

    class FakeGunicorn:
        base_url = "http://127.0.0.1:8209"

        def __init__(self, **kwargs):
            self.stopped = False

        def start(self):
            return self

        def worker_rss_mb(self):
            return [100.0, 110.0]

        def stop(self):
            FakeGunicorn.stopped = True

    trivial_rates = iter([100.0, 300.0, 200.0, 200.0])
    page_rates = {"/static/kohorta/kohorta.css": 500.0, "/dashboard/": 40.0}
    calls = []

    def fake_load(url, **options):
        path = url.removeprefix(FakeGunicorn.base_url)
        calls.append(path)
        # The home page is at 100 req/s.
        rps = next(trivial_rates) if path == "/__bench__/ok/" else page_rates.get(path, 100.0)
        return {
            "requests": 10,
            "concurrency": 2,
            "rps": rps,
            "p50_ms": 1.0,
            "p90_ms": 1.0,
            "p99_ms": 1.0,
            "max_ms": 1.0,
            "errors": 0,
            "statuses": {"200": 10},
        }

    monkeypatch.setattr(server, "Gunicorn", FakeGunicorn)
    monkeypatch.setattr(server, "run_load_process", fake_load)
    monkeypatch.setattr("bench.foundation.ensure_home_page", lambda dataset: "/en/")
    monkeypatch.setattr("bench.foundation.session_cookie", lambda user: {"Cookie": "s=1"})
    dataset = Dataset(scale=SCALES["small"])
    dataset.mentor = None
    results = measure_http(
        [scenario for scenario in SCENARIOS if scenario.kind == HTTP],
        dataset,
        database_url="sqlite:////nowhere.sqlite3",
        static=Static(),
        scale=SCALES["small"],
        stdout=io.StringIO(),
    )
    assert calls == [
        "/__bench__/ok/",
        "/static/kohorta/kohorta.css",
        "/__bench__/ok/",
        "/en/",
        "/__bench__/ok/",
        "/dashboard/",
        "/__bench__/ok/",
    ]
    by_name = {result.name: result for result in results}
    assert by_name["http.ok"].metrics["rps"] == 200.0
    assert by_name["http.ok"].metrics["rps_runs"] == [100.0, 300.0, 200.0, 200.0]
    assert {name: result.metrics.get("ratio") for name, result in by_name.items()} == {
        "http.ok": 1.0,
        "http.static": 2.5,  # 500 / mean(100, 300)
        "http.home": 0.4,  # 100 / mean(300, 200)
        "http.dashboard.mentor": 0.2,  # 40 / mean(200, 200)
        "http.worker_rss": None,
    }
    assert {name: result.status for name, result in by_name.items()} == {
        "http.ok": "—",
        "http.static": "—",
        "http.home": "—",
        "http.dashboard.mentor": "ok",
        "http.worker_rss": "ok",
    }
    assert by_name["http.worker_rss"].metrics["rss_mb"] == 110.0
    assert FakeGunicorn.stopped is True
