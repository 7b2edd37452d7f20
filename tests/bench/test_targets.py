import pytest

from bench.registry import (
    HTTP,
    Request,
    Scenario,
    Target,
    max_queries,
    min_ratio,
    select,
    under_ms,
)
from bench.runner import ERROR, NO_TARGET, OK, OVER, Result, format_tables


def _result(metrics, *targets):
    return Result("x", "in-process", "", metrics=metrics).evaluate(targets)


def test_target_at_most_is_met_at_the_limit():
    assert under_ms(150).check({"median_ms": 150.0}) is True
    assert under_ms(150).check({"median_ms": 150.01}) is False


def test_target_at_least_is_met_at_the_limit():
    assert min_ratio(0.2).check({"ratio": 0.2}) is True
    assert min_ratio(0.2).check({"ratio": 0.19}) is False


def test_target_without_its_metric_is_unknown():
    assert max_queries(12).check({"median_ms": 3}) is None


def test_target_labels_read_as_bounds():
    assert under_ms(150).label == "median ≤ 150 ms"
    assert max_queries(12).label == "queries ≤ 12"
    assert min_ratio(0.5).label == "≥ 0.5× trivial"
    assert Target("rss_mb", 200).label == "rss_mb ≤ 200 MB"


def test_result_with_every_target_met_is_ok():
    result = _result({"median_ms": 90, "queries": 4}, under_ms(150), max_queries(12))
    assert result.status == OK
    assert result.failed is False


def test_result_with_one_target_missed_is_over():
    result = _result({"median_ms": 90, "queries": 13}, under_ms(150), max_queries(12))
    assert result.status == OVER
    assert result.failed is True
    assert [met for _target, met in result.targets] == [True, False]


def test_result_without_targets_reports_only():
    assert _result({"median_ms": 9000}).status == NO_TARGET


def test_result_with_error_fails_whatever_its_metrics():
    result = Result("x", "in-process", "", metrics={"median_ms": 1}, error="boom")
    assert result.evaluate((under_ms(150),)).status == ERROR
    assert result.failed is True


def test_result_missing_a_targeted_metric_is_an_error():
    result = _result({"median_ms": 1}, max_queries(12))
    assert result.status == ERROR


def test_select_matches_names_globs_and_prefixes():
    scenarios = [
        Scenario(name=name, description="", run=print)
        for name in ("dashboard.mentor", "dashboard.coordinator", "home.cached", "http.home")
    ]
    names = lambda chosen: [scenario.name for scenario in chosen]  # noqa: E731
    assert names(select(scenarios, ["home.cached"])) == ["home.cached"]
    assert names(select(scenarios, ["dashboard"])) == ["dashboard.mentor", "dashboard.coordinator"]
    assert names(select(scenarios, ["*.home", "home.*"])) == ["home.cached", "http.home"]
    assert names(select(scenarios, [])) == names(scenarios)


def test_scenario_needs_what_its_kind_runs():
    with pytest.raises(ValueError, match="needs run"):
        Scenario(name="a", description="")
    with pytest.raises(ValueError, match="needs setup"):
        Scenario(name="b", description="", kind=HTTP)
    assert Request("/x/").expect_status == 200


def test_tables_show_targets_results_and_ratios():
    in_process = _result(
        {"runs": 3, "min_ms": 1.0, "median_ms": 2.0, "max_ms": 3.0, "queries": 4, "peak_kb": 10},
        under_ms(150),
    )
    http = Result(
        "http.home",
        HTTP,
        "",
        metrics={"rps": 400.0, "p50_ms": 5.0, "p99_ms": 9.0, "ratio": 0.4, "errors": 0},
    ).evaluate((min_ratio(0.5),))
    rss = Result(
        "http.worker_rss", HTTP, "", metrics={"rss_mb": 120.5, "workers_mb": [120.5, 99.0]}
    )
    rss.evaluate((Target("rss_mb", 200),))
    text = format_tables(
        [in_process, http, rss],
        scale=type("S", (), {"name": "small"}),
        repeat=3,
        vendor="sqlite",
        http_requests=100,
        http_concurrency=4,
    )
    lines = text.splitlines()
    assert lines[3].split() == [
        "x",
        "1.0",
        "2.0",
        "3.0",
        "4",
        "10",
        "median",
        "≤",
        "150",
        "ms",
        "ok",
    ]
    assert lines[8].split() == [
        "http.home",
        "400.0",
        "5.0",
        "9.0",
        "0.40",
        "0",
        "≥",
        "0.5×",
        "trivial",
        "over",
    ]
    assert lines[9] == "Worker RSS after the load: 120.5, 99.0 MB; target rss_mb ≤ 200 MB: ok"


def test_discovery_starts_with_the_foundation_then_app_modules():
    from bench.registry import bench_module_names

    names = bench_module_names()
    assert names[0] == "bench.foundation"
    assert all(name.endswith(".bench") for name in names[1:])


def test_discovery_is_replaced_by_the_setting(settings):
    from bench.registry import bench_module_names

    settings.KOHORTA_BENCH_MODULES = ["tests.bench.bench_fixture"]
    assert bench_module_names() == ["tests.bench.bench_fixture"]
