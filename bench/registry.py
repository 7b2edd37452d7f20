"""What an app gives the harness: data builders, scenarios and their targets.

An app takes part by shipping a ``<app>/bench.py`` module (found over INSTALLED_APPS)
with any of:

``build(dataset)``
    Adds the app's share of the synthetic data set through the app's services, sized by
    ``dataset.scale`` (see ``Scale``). Builders run in INSTALLED_APPS order, after the
    foundation's (``bench.foundation``: people, cohorts, mentor groups), each in one
    transaction. Put what scenarios need on the dataset (``dataset.course = ...``).

``SCENARIOS``
    A list of ``Scenario``: in-process ones are timed several times with their SQL query
    count and peak memory; HTTP ones are driven through gunicorn with a bounded load and
    compared with the trivial view's throughput.

See docs/performance.md for a worked example.
"""

import fnmatch
import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings

IN_PROCESS = "in-process"
HTTP = "http"

# The foundation's own data and scenarios; always first.
FOUNDATION_MODULE = "bench.foundation"
# The HTTP scenario every other one's throughput is divided by: the trivial view.
REFERENCE = "http.ok"


@dataclass(frozen=True)
class Scale:
    """Sizes of the synthetic data set; ``iln`` is the one the targets are written for."""

    name: str
    innovators: int
    mentors: int
    lessons: int
    lesson_progress: float
    proposals: int
    jurors_per_proposal: int
    criteria: int
    sessions: int
    registrations: int
    applicants: int
    news_pages: int
    news_languages: int
    # How the harness measures at this scale.
    repeat: int
    http_requests: int
    http_concurrency: int
    # Seconds of steady load per page (wrk's -d); 0: a fixed number of requests instead.
    http_seconds: float = 0


SCALES = {
    "small": Scale(
        name="small",
        innovators=40,
        mentors=4,
        lessons=8,
        lesson_progress=0.5,
        proposals=20,
        jurors_per_proposal=3,
        criteria=6,
        sessions=12,
        registrations=40,
        applicants=60,
        news_pages=12,
        news_languages=4,
        repeat=5,
        http_requests=200,
        http_concurrency=4,
    ),
    "iln": Scale(
        name="iln",
        innovators=1000,
        mentors=50,
        lessons=40,
        lesson_progress=0.5,
        proposals=500,
        jurors_per_proposal=5,
        criteria=6,
        sessions=120,
        registrations=1000,
        applicants=1000,
        news_pages=200,
        news_languages=4,
        repeat=15,
        http_requests=800,
        http_concurrency=8,
        http_seconds=10,
    ),
    "large": Scale(
        name="large",
        innovators=5000,
        mentors=250,
        lessons=40,
        lesson_progress=0.5,
        proposals=2000,
        jurors_per_proposal=5,
        criteria=6,
        sessions=300,
        registrations=5000,
        applicants=5000,
        news_pages=1000,
        news_languages=4,
        repeat=10,
        http_requests=3000,
        http_concurrency=16,
        http_seconds=10,
    ),
}


class Dataset:
    """The synthetic data set, passed to every builder and scenario ``setup``.

    ``scale`` gives the sizes, ``rng`` a deterministic random stream per builder,
    ``log(text)`` prints progress. Builders hang what they made on it as attributes;
    the foundation's are listed in ``bench.foundation``.
    """

    def __init__(self, *, scale, seed=2015, stdout=None):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self._stdout = stdout

    def rng_for(self, name):
        """A random stream of its own for one builder, so adding an app changes no other's data."""
        return random.Random(f"{self.seed}:{name}")

    def __getstate__(self):
        # Kept builds (bench.database.KeptBuild) pickle the data set without the console.
        return {**self.__dict__, "_stdout": None}

    def log(self, text):
        if self._stdout is not None:
            self._stdout.write(text)


@dataclass(frozen=True)
class Target:
    """A bound on one metric of a result: ``median_ms <= 150`` or ``ratio >= 0.2``.

    Metrics of in-process scenarios: ``min_ms``, ``median_ms``, ``max_ms``, ``queries``,
    ``peak_kb`` and any number the scenario's ``run`` returns in a dict. HTTP scenarios:
    ``rps``, ``p50_ms``, ``p99_ms``, ``errors`` and ``ratio`` (throughput over the trivial
    view's). The ceiling adds ``rss_mb``.
    """

    metric: str
    limit: float
    at_most: bool = True
    source: str = ""
    # Checked only on the production path: PostgreSQL with the shared Redis cache
    # (``make bench-pg``); a run on SQLite or without Redis lists it as not applying.
    production_path: bool = False

    def applies(self, vendor, shared_cache):
        return not self.production_path or (vendor == "postgresql" and shared_cache)

    @property
    def label(self):
        return self._label() + (" on PostgreSQL + Redis" if self.production_path else "")

    def _label(self):
        sign = "≤" if self.at_most else "≥"
        unit = {"median_ms": " ms", "p50_ms": " ms", "p99_ms": " ms", "rss_mb": " MB"}.get(
            self.metric, ""
        )
        if self.metric == "ratio":
            return f"{sign} {self.limit:g}× trivial"
        name = {"median_ms": "median", "queries": "queries", "p99_ms": "p99"}.get(
            self.metric, self.metric
        )
        return f"{name} {sign} {self.limit:g}{unit}"

    def check(self, metrics):
        """True when met, False when missed, None when the metric was not measured."""
        value = metrics.get(self.metric)
        if value is None:
            return None
        return value <= self.limit if self.at_most else value >= self.limit


def under_ms(limit, source=""):
    return Target("median_ms", limit, True, source)


def max_queries(limit, source=""):
    return Target("queries", limit, True, source)


def min_ratio(limit, source="", *, production_path=False):
    return Target("ratio", limit, False, source, production_path)


def max_p99_ms(limit, source=""):
    return Target("p99_ms", limit, True, source)


# Checked by the harness on the gunicorn workers after the load.
WORKER_RSS_TARGET = Target("rss_mb", 200, True, "issue 8")


@dataclass(frozen=True)
class Request:
    """What an HTTP scenario's ``setup`` returns: the path to load, and headers (a cookie)."""

    path: str
    headers: dict = field(default_factory=dict)
    expect_status: int = 200


@dataclass(frozen=True)
class Scenario:
    """One measurement.

    In-process (``kind=IN_PROCESS``): ``setup(dataset) -> state`` once, untimed; then
    ``before_each(state)`` (untimed, e.g. clear a cache) and ``run(state)`` (timed) for
    the warm-up, the timed runs and one instrumented run that counts SQL queries and
    peak memory. ``run`` may return a dict of extra numbers (e.g. a matching score)
    which become metrics that targets can check.

    HTTP (``kind=HTTP``): ``setup(dataset) -> Request``, run in the harness's process
    before gunicorn starts; the harness then loads ``Request.path`` through gunicorn.
    """

    name: str
    description: str
    setup: Any = None
    run: Any = None
    before_each: Any = None
    targets: tuple = ()
    kind: str = IN_PROCESS
    repeat: int | None = None
    warmup: int = 1

    def __post_init__(self):
        if self.kind not in (IN_PROCESS, HTTP):
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.kind == IN_PROCESS and self.run is None:
            raise ValueError(f"{self.name}: an in-process scenario needs run(state)")
        if self.kind == HTTP and self.setup is None:
            raise ValueError(f"{self.name}: an HTTP scenario needs setup(dataset) -> Request")


def bench_module_names():
    """The modules taking part: the foundation, then ``<app>.bench`` for each installed app.

    ``settings.KOHORTA_BENCH_MODULES`` replaces the discovery when set (the harness's tests
    use it to run tiny scenarios of their own).
    """
    configured = getattr(settings, "KOHORTA_BENCH_MODULES", None)
    if configured is not None:
        return list(configured)
    names = [FOUNDATION_MODULE]
    for config in apps.get_app_configs():
        candidate = f"{config.name}.bench"
        if config.name != "bench" and _has_submodule(candidate):
            names.append(candidate)
    return names


def _has_submodule(name):
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def load_modules():
    return [import_module(name) for name in bench_module_names()]


def all_scenarios(modules):
    scenarios = []
    seen = set()
    for module in modules:
        for scenario in getattr(module, "SCENARIOS", ()):
            if scenario.name in seen:
                raise ValueError(f"Two scenarios are called {scenario.name!r}")
            seen.add(scenario.name)
            scenarios.append(scenario)
    return scenarios


def select(scenarios, patterns):
    """Scenarios whose name matches one of ``patterns`` (exact, glob or dotted prefix)."""
    if not patterns:
        return list(scenarios)
    chosen = []
    for scenario in scenarios:
        for pattern in patterns:
            if (
                scenario.name == pattern
                or fnmatch.fnmatchcase(scenario.name, pattern)
                or scenario.name.startswith(pattern.rstrip(".") + ".")
            ):
                chosen.append(scenario)
                break
    return chosen
