import os
from pathlib import Path

from bench.server import Gunicorn, free_port, production_env, run_load_process


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
