import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import Resolver404, resolve

from cohorts.enums import Role
from cohorts.models import Membership
from tests.bench import bench_fixture

# Tests that start gunicorn on the harness's ports run in one xdist worker (make test -n).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("gunicorn")]


@pytest.fixture
def fixture_modules(settings):
    settings.KOHORTA_BENCH_MODULES = ["tests.bench.bench_fixture"]
    bench_fixture.BUILT.clear()


def _run(tmp_path, *args):
    path = tmp_path / "bench.json"
    call_command(
        "bench",
        "--use-current-database",
        "--repeat",
        "2",
        "--json",
        str(path),
        *args,
        stdout=io.StringIO(),
    )
    return json.loads(path.read_text())


def _by_name(report):
    return {result["name"]: result for result in report["results"]}


def test_bench_foundation_small_scale_times_the_mentor_dashboard(tmp_path):
    report = _run(
        tmp_path, "--scale", "small", "--only", "dashboard.mentor", "--only", "home.uncached"
    )
    results = _by_name(report)
    assert report["scale"] == "small"
    assert report["database"] == connection.vendor
    assert list(results) == ["dashboard.mentor", "home.uncached"]
    dashboard = results["dashboard.mentor"]
    assert dashboard["error"] == ""
    assert dashboard["metrics"]["runs"] == 2
    assert dashboard["metrics"]["min_ms"] <= dashboard["metrics"]["median_ms"]
    assert dashboard["metrics"]["median_ms"] <= dashboard["metrics"]["max_ms"]
    assert dashboard["metrics"]["queries"] > 0
    assert [target["label"] for target in dashboard["targets"]] == ["median ≤ 150 ms"]
    assert results["home.uncached"]["error"] == ""
    assert results["home.uncached"]["metrics"]["queries"] > 0
    assert (
        results["home.uncached"]["targets"] == []
    )  # the public pages' targets are on news.uncached
    # The small data set: 40 innovators in 4 mentor groups and a coordinator.
    roles = {
        role: Membership.objects.filter(role=role).count()
        for role in (Role.INNOVATOR, Role.MENTOR, Role.COORDINATOR)
    }
    assert roles == {Role.INNOVATOR: 40, Role.MENTOR: 4, Role.COORDINATOR: 1}


def test_bench_reports_ok_over_and_error_per_target(tmp_path, fixture_modules):
    report = _run(tmp_path, "--scale", "small")
    results = _by_name(report)
    assert bench_fixture.BUILT == ["small"]
    assert {name: result["status"] for name, result in results.items()} == {
        "fixture.two_queries": "over",
        "fixture.score": "ok",
        "fixture.broken": "error",
        "fixture.untargeted": "—",
    }
    assert results["fixture.two_queries"]["metrics"]["queries"] == 2
    assert results["fixture.score"]["metrics"]["score"] == 42
    assert results["fixture.broken"]["error"] == "RuntimeError: this scenario is broken on purpose"
    assert report["missed"] == ["fixture.two_queries", "fixture.broken"]


def test_bench_check_exits_non_zero_when_a_target_is_missed(tmp_path, fixture_modules):
    with pytest.raises(CommandError) as raised:
        _run(tmp_path, "--scale", "small", "--check", "--only", "fixture.two_queries")
    assert raised.value.returncode == 1
    assert str(raised.value) == "1 target(s) missed: fixture.two_queries"


def test_bench_check_passes_when_every_target_is_met(tmp_path, fixture_modules):
    report = _run(tmp_path, "--scale", "small", "--check", "--only", "fixture.score")
    assert [result["status"] for result in report["results"]] == ["ok"]
    assert report["missed"] == []


def test_bench_only_unknown_scenario_is_refused(fixture_modules):
    with pytest.raises(CommandError, match="No scenario matches nothing.here"):
        call_command("bench", "--only", "nothing.here", "--use-current-database")


def test_bench_http_only_without_gunicorn_is_refused():
    with pytest.raises(CommandError, match="need gunicorn"):
        call_command("bench", "--only", "http.*", "--use-current-database")


def test_bench_list_names_every_scenario_with_its_target(capsys):
    call_command("bench", "--list")
    out = capsys.readouterr().out
    for name in ("dashboard.mentor", "dashboard.coordinator", "home.uncached", "http.ok"):
        assert name in out
    assert "≥ 0.2× trivial (issue 8)" in out


def test_bench_url_exists_only_in_the_bench_urlconf():
    assert resolve("/__bench__/ok/", urlconf="bench.urls").url_name == "bench_ok"
    with pytest.raises(Resolver404):
        resolve("/__bench__/ok/", urlconf="kohorta.urls")


def test_bench_ok_view_answers_ok(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/__bench__/ok/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_database_url_gets_the_throwaway_name():
    from bench.database import _replace_database_name

    assert (
        _replace_database_name(
            "postgres://kohorta:pw@db:5432/kohorta?sslmode=require", "kohorta_bench_7"
        )
        == "postgres://kohorta:pw@db:5432/kohorta_bench_7?sslmode=require"
    )


def test_in_process_timings_wait_for_collectstatic(monkeypatch):
    """A copied kept build is ready in a second: the timings must not share the CPU with
    the collectstatic started to overlap a build (it doubled the dashboards' medians)."""
    from bench import runner
    from bench.management.commands.bench import Command

    events = []

    class Static:
        def wait(self):
            events.append("collectstatic done")

    monkeypatch.setattr(
        runner, "measure_in_process", lambda scenario, dataset, repeat: events.append(scenario.name)
    )
    scenarios = [SimpleNamespace(name="dashboard.coordinator")]
    Command(stdout=io.StringIO())._measure(scenarios, None, 1, Static())
    assert events == ["collectstatic done", "dashboard.coordinator"]
    events.clear()
    Command(stdout=io.StringIO())._measure(scenarios, None, 1)
    assert events == ["dashboard.coordinator"]
