"""Runs the scenarios, checks the targets and prints the tables.

In-process scenarios: one warm-up, then ``repeat`` timed runs (wall-clock, nothing else
switched on), then one instrumented run that counts SQL queries
(``CaptureQueriesContext``) and peak Python memory (``tracemalloc``); tracing slows a run
down several times, so it never touches the timings.

HTTP scenarios: gunicorn with the production settings, loaded from a second process.
"""

import contextlib
import logging
import os
import statistics
import time
import tracemalloc
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from .registry import HTTP, IN_PROCESS, REFERENCE, WORKER_RSS_TARGET

OK, OVER, ERROR, NO_TARGET = "ok", "over", "error", "—"


@dataclass
class Result:
    name: str
    kind: str
    description: str
    metrics: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)  # [(Target, met: bool | None)]
    status: str = NO_TARGET
    error: str = ""

    def evaluate(self, targets):
        """Check ``targets`` against the metrics and set the status."""
        if self.error:
            self.status = ERROR
            self.targets = [(target, None) for target in targets]
            return self
        self.targets = [(target, target.check(self.metrics)) for target in targets]
        if not self.targets:
            self.status = NO_TARGET
        elif any(met is False for _target, met in self.targets):
            self.status = OVER
        elif any(met is None for _target, met in self.targets):
            self.status = ERROR
            self.error = "a target's metric was not measured"
        else:
            self.status = OK
        return self

    @property
    def failed(self):
        return self.status in (OVER, ERROR)

    def as_json(self):
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "metrics": self.metrics,
            "targets": [
                {
                    "metric": target.metric,
                    "limit": target.limit,
                    "at_most": target.at_most,
                    "label": target.label,
                    "source": target.source,
                    "met": met,
                }
                for target, met in self.targets
            ],
            "status": self.status,
            "error": self.error,
        }


def build_dataset(modules, dataset):
    """Run every module's ``build(dataset)`` in order, each in one transaction."""
    timings = {}
    for module in modules:
        builder = getattr(module, "build", None)
        if builder is None:
            continue
        dataset.log(f"Building {module.__name__} ...")
        started = time.perf_counter()
        with _quiet_task_queue(), transaction.atomic():
            builder(dataset)
        timings[module.__name__] = round(time.perf_counter() - started, 1)
        dataset.log(f"  done in {timings[module.__name__]} s")
    if connection.vendor == "postgresql":
        # A production database has its planner statistics and its visibility map
        # (autovacuum vacuums and analyses a table soon after a bulk load); the bench's,
        # written a minute ago, has neither yet: without statistics PostgreSQL plans the
        # ranking's joins as if the tables were empty (700 ms instead of 25 at scale
        # large), and without the visibility map an index-only scan still reads the heap.
        # A kept build (--reuse-build) is copied with both. VACUUM cannot run in a
        # transaction (--use-current-database inside a test's): there, ANALYZE alone.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        timings["analyze"] = round(time.perf_counter() - started, 1)
    return timings


@contextlib.contextmanager
def _quiet_task_queue():
    """Keep django-q's "Enqueued ..." line for each task a builder's service queues out of
    the output (the tasks stay queued in the throwaway database; nothing runs them)."""
    logger = logging.getLogger("django-q")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def measure_in_process(scenario, dataset, repeat):
    """Time ``scenario.run`` ``repeat`` times; then count its queries and peak memory once."""
    result = Result(scenario.name, IN_PROCESS, scenario.description)
    try:
        state = scenario.setup(dataset) if scenario.setup else dataset

        def once():
            if scenario.before_each:
                scenario.before_each(state)
            started = time.perf_counter()
            scenario.run(state)
            return time.perf_counter() - started

        for _ in range(scenario.warmup):
            once()
        times = sorted(once() for _ in range(scenario.repeat or repeat))
        if scenario.before_each:
            scenario.before_each(state)
        tracemalloc.start()
        try:
            with CaptureQueriesContext(connection) as queries:
                extra = scenario.run(state)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    except Exception as error:  # noqa: BLE001 - one broken scenario must not stop the run
        result.error = f"{type(error).__name__}: {error}"
        return result.evaluate(scenario.targets)
    result.metrics = {
        "runs": len(times),
        "min_ms": _ms(times[0]),
        "median_ms": _ms(statistics.median(times)),
        "max_ms": _ms(times[-1]),
        "queries": len(queries),
        "peak_kb": round(peak / 1024),
    }
    if isinstance(extra, dict):
        result.metrics.update(extra)
    return result.evaluate(scenario.targets)


def _ms(seconds):
    return round(seconds * 1000, 2)


def start_static_files():
    """Start ``collectstatic`` for the production settings now; it overlaps the data build."""
    from .server import StaticFiles, production_env

    static = StaticFiles()
    env = production_env(
        database_url=os.environ.get("DATABASE_URL", ""), static_root=static.root, port=0
    )
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]
    static.start(env)
    return static


def measure_http(
    scenarios,
    dataset,
    *,
    database_url,
    static,
    scale,
    stdout,
    requests=None,
    concurrency=None,
    seconds=None,
):
    """Start gunicorn, load each HTTP scenario's page, then read the workers' memory.

    ``scenarios`` must include the reference (``http.ok``); it runs first. ``static`` is the
    ``collectstatic`` started by ``start_static_files``. Returns one result per scenario and
    one for the workers' memory.
    """
    from .server import Gunicorn, free_port, production_env, run_load_process

    # A number of requests given on the command line wins over the scale's steady seconds.
    seconds = seconds if seconds is not None else (None if requests else scale.http_seconds)
    requests = requests or scale.http_requests
    concurrency = concurrency or scale.http_concurrency
    scenarios = sorted(scenarios, key=lambda scenario: scenario.name != REFERENCE)
    port = free_port()
    env = production_env(database_url=database_url, static_root=static.root, port=port)
    # The database gunicorn serves from (the one given, else this process's own).
    scheme = database_url.partition(":")[0]
    vendor = (
        ("postgresql" if scheme.startswith("postgres") else "sqlite")
        if scheme
        else connection.vendor
    )
    shared_cache = bool(env.get("REDIS_URL"))

    def targets(scenario):
        """The scenario's targets that apply to this run (see ``Target.production_path``)."""
        return [t for t in scenario.targets if t.applies(vendor, shared_cache)]

    results = []
    gunicorn = None
    try:
        try:
            static.wait()
        except Exception as error:  # noqa: BLE001 - reported as every HTTP scenario's error
            return _all_failed(scenarios, error)
        dataset.http_static_url = static.hashed_path
        plans = {}
        for scenario in scenarios:
            try:
                plans[scenario.name] = scenario.setup(dataset)
            except Exception as error:  # noqa: BLE001
                failed = Result(scenario.name, HTTP, scenario.description)
                failed.error = f"{type(error).__name__}: {error}"
                results.append(failed.evaluate(scenario.targets))
        # What the workers read is committed; let go of the database before they start.
        connection.close()
        stdout.write(f"Starting gunicorn (2 workers) on 127.0.0.1:{port} ...")
        try:
            gunicorn = Gunicorn(env=env, port=port).start()
        except Exception as error:  # noqa: BLE001
            return _all_failed(scenarios, error)

        def load(scenario):
            plan = plans[scenario.name]
            if seconds:
                stdout.write(f"  {scenario.name}: {seconds:g} s at concurrency {concurrency}")
            else:
                stdout.write(f"  {scenario.name}: {requests} requests at concurrency {concurrency}")
            return run_load_process(
                gunicorn.base_url + plan.path,
                requests=requests,
                concurrency=concurrency,
                headers=plan.headers,
                expect_status=plan.expect_status,
                warmup=2 * concurrency,
                duration=seconds,
            )

        # The trivial view runs first and again after every page; a page's ratio divides by
        # the mean of the trivial runs just before and just after it, so a machine that gets
        # busier or quieter during the run skews the ratios less.
        loads, errors, page_reference = {}, {}, {}
        runnable = [scenario for scenario in scenarios if scenario.name in plans]
        reference = runnable[0] if runnable and runnable[0].name == REFERENCE else None
        reference_rates = []

        def load_reference():
            try:
                measured = load(reference)
            except Exception as error:  # noqa: BLE001
                errors[REFERENCE] = f"{type(error).__name__}: {error}"
                return None
            loads.setdefault(REFERENCE, measured)
            if measured["errors"]:
                return None
            reference_rates.append(measured["rps"])
            return measured["rps"]

        before = load_reference() if reference else None
        for scenario in runnable:
            if scenario is reference:
                continue
            try:
                loads[scenario.name] = load(scenario)
            except Exception as error:  # noqa: BLE001
                errors[scenario.name] = f"{type(error).__name__}: {error}"
            after = load_reference() if reference else None
            around = [rate for rate in (before, after) if rate]
            if around:
                page_reference[scenario.name] = sum(around) / len(around)
            before = after
        if reference_rates:
            mean = sum(reference_rates) / len(reference_rates)
            loads[REFERENCE]["rps"] = round(mean, 1)
            loads[REFERENCE]["rps_runs"] = reference_rates
            page_reference[REFERENCE] = mean
        for scenario in runnable:
            result = Result(scenario.name, HTTP, scenario.description)
            if scenario.name in loads:
                measured = loads[scenario.name]
                keys = ("requests", "concurrency", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms")
                result.metrics = {key: measured[key] for key in keys}
                result.metrics.update(
                    errors=measured["errors"],
                    statuses=measured["statuses"],
                    path=plans[scenario.name].path,
                )
                if "rps_runs" in measured:
                    result.metrics["rps_runs"] = measured["rps_runs"]
                if scenario.name in page_reference:
                    result.metrics["ratio"] = round(
                        measured["rps"] / page_reference[scenario.name], 3
                    )
                if measured["errors"]:
                    result.error = (
                        f"{measured['errors']} of {measured['requests']} requests failed: "
                        f"{measured['statuses']}"
                    )
            if scenario.name in errors:
                result.error = errors[scenario.name]
            results.append(result.evaluate(targets(scenario)))
        sizes = gunicorn.worker_rss_mb()
        rss = Result(
            "http.worker_rss",
            HTTP,
            "resident memory of each gunicorn worker after the load (the largest is checked)",
            metrics={"rss_mb": max(sizes) if sizes else None, "workers_mb": sizes},
        )
        results.append(rss.evaluate((WORKER_RSS_TARGET,)))
    finally:
        if gunicorn is not None:
            gunicorn.stop()
    return results


def _all_failed(scenarios, error):
    results = []
    for scenario in scenarios:
        result = Result(scenario.name, HTTP, scenario.description)
        result.error = f"{type(error).__name__}: {error}"
        results.append(result.evaluate(scenario.targets))
    return results


def machine():
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in load] if load else None,
    }


# Output ----------------------------------------------------------------------------------


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _targets_text(result):
    return "; ".join(target.label for target, _met in result.targets) or "–"


def format_tables(
    results,
    *,
    scale,
    repeat,
    vendor,
    http_requests=None,
    http_concurrency=None,
    http_seconds=None,
):
    lines = []
    in_process = [result for result in results if result.kind == IN_PROCESS]
    http = [result for result in results if result.kind == HTTP]
    if in_process:
        lines.append(
            f"In-process, scale {scale.name}, {vendor}: median of {repeat} timed runs after a "
            "warm-up; queries and peak memory from one more, instrumented run"
        )
        header = (
            "scenario",
            "min ms",
            "median ms",
            "max ms",
            "queries",
            "peak KB",
            "target",
            "result",
        )
        rows = [
            (
                result.name,
                _fmt(result.metrics.get("min_ms")),
                _fmt(result.metrics.get("median_ms")),
                _fmt(result.metrics.get("max_ms")),
                _fmt(result.metrics.get("queries")),
                _fmt(result.metrics.get("peak_kb")),
                _targets_text(result),
                result.status,
            )
            for result in in_process
        ]
        lines += _table(header, rows)
        lines += _extras(in_process)
    if http:
        from .server import shared_cache_url

        if lines:
            lines.append("")
        lines.append(
            f"Ceiling: gunicorn, 2 sync workers, production settings, {vendor}, "
            f"{'Redis' if shared_cache_url() else 'local-memory'} cache; "
            + (
                f"{http_seconds:g} s of steady load a page"
                if http_seconds
                else f"{http_requests} requests a page"
            )
            + f" at concurrency {http_concurrency} from a second process"
        )
        header = ("page", "req/s", "p50 ms", "p99 ms", "× trivial", "errors", "target", "result")
        rows = []
        for result in http:
            if result.name == "http.worker_rss":
                continue
            rows.append(
                (
                    result.name,
                    _fmt(result.metrics.get("rps")),
                    _fmt(result.metrics.get("p50_ms")),
                    _fmt(result.metrics.get("p99_ms")),
                    _fmt(result.metrics.get("ratio"), 2),
                    _fmt(result.metrics.get("errors")),
                    _targets_text(result),
                    result.status,
                )
            )
        lines += _table(header, rows)
        for result in http:
            if result.metrics.get("rps_runs"):
                runs = ", ".join(_fmt(rate) for rate in result.metrics["rps_runs"])
                lines.append(
                    f"{result.name} ran before and after each page ({runs} req/s); each page's "
                    "ratio divides by the mean of the runs around it."
                )
        for result in http:
            if result.name == "http.worker_rss":
                workers = ", ".join(
                    f"{size:.1f}" for size in result.metrics.get("workers_mb") or []
                )
                lines.append(
                    f"Worker RSS after the load: {workers or '–'} MB; target {_targets_text(result)}: "
                    f"{result.status}"
                )
    errors = [result for result in results if result.error]
    if errors:
        lines.append("")
        lines += [f"{result.name}: {result.error}" for result in errors]
    return "\n".join(lines)


def _extras(results):
    """Numbers a scenario returned beyond the standard ones (e.g. matching scores)."""
    standard = {"runs", "min_ms", "median_ms", "max_ms", "queries", "peak_kb"}
    lines = []
    for result in results:
        extra = {key: value for key, value in result.metrics.items() if key not in standard}
        if extra:
            lines.append(
                f"  {result.name}: "
                + ", ".join(f"{key} {_fmt(value, 3)}" for key, value in extra.items())
            )
    return lines


def _table(header, rows):
    widths = [max(len(str(row[index])) for row in [header, *rows]) for index in range(len(header))]
    numeric = {1, 2, 3, 4, 5}

    def line(row):
        cells = []
        for index, cell in enumerate(row):
            cell = str(cell)
            cells.append(
                cell.rjust(widths[index]) if index in numeric else cell.ljust(widths[index])
            )
        return "  ".join(cells).rstrip()

    return [line(header), line(["-" * width for width in widths]), *[line(row) for row in rows]]
