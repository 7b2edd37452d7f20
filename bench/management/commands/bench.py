import json
import signal
import sys
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from bench import registry, runner
from bench.database import KeptBuild, ThrowawayDatabase


def _exit_on_sigterm(*_args):
    sys.exit(143)


def _seconds(options, scale):
    """Steady seconds per page: --seconds, else none when --requests is given, else the scale's."""
    if options.get("seconds") is not None:
        return options["seconds"]
    return 0 if options.get("requests") else scale.http_seconds


class Command(BaseCommand):
    help = (
        "Measure Kohorta on a synthetic data set in a throwaway database, side by side with "
        "the stack's ceiling (gunicorn + production settings). See docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(registry.SCALES), default="iln")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help="Run only these scenarios: a name, a glob (http.*) or a prefix; may be repeated.",
        )
        parser.add_argument("--json", metavar="FILE", help="Also write the results as JSON.")
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 when a target is missed."
        )
        parser.add_argument("--repeat", type=int, help="Timed runs per in-process scenario.")
        parser.add_argument("--requests", type=int, help="Requests per page under load.")
        parser.add_argument("--concurrency", type=int, help="Concurrent connections under load.")
        parser.add_argument(
            "--seconds",
            type=float,
            help="Seconds of steady load per page (wrk-like; default by scale, 0: --requests).",
        )
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--skip-http", action="store_true", help="Leave gunicorn out.")
        parser.add_argument(
            "--list", action="store_true", help="List the scenarios and their targets; run nothing."
        )
        parser.add_argument(
            "--reuse-build",
            action="store_true",
            help=(
                "PostgreSQL only: keep the built data set as a template database and copy it "
                "on the next run with the same scale, seed, migrations and builders (for "
                "measuring a change again at scale large without ten minutes of building)."
            ),
        )
        parser.add_argument(
            "--use-current-database",
            action="store_true",
            help=(
                "Build into the database Django is connected to instead of a throwaway one "
                "(the harness's own tests use it inside their test database); no HTTP."
            ),
        )

    def handle(self, *args, **options):
        modules = registry.load_modules()
        scenarios = registry.select(registry.all_scenarios(modules), options["only"])
        if options["only"] and not scenarios:
            raise CommandError(f"No scenario matches {', '.join(options['only'])}; try --list.")
        if options["list"]:
            for scenario in scenarios:
                targets = "; ".join(
                    f"{target.label} ({target.source})" if target.source else target.label
                    for target in scenario.targets
                )
                self.stdout.write(f"{scenario.name:<28} {scenario.kind:<10} {targets or '–'}")
                self.stdout.write(f"    {scenario.description}")
            return
        in_process = [s for s in scenarios if s.kind == registry.IN_PROCESS]
        http = [s for s in scenarios if s.kind == registry.HTTP]
        if options["skip_http"] or options["use_current_database"]:
            if options["only"] and http and not in_process:
                raise CommandError("The selected scenarios need gunicorn; drop --skip-http.")
            http = []
        elif http and registry.REFERENCE not in {s.name for s in http}:
            http.insert(
                0, next(s for s in registry.all_scenarios(modules) if s.name == registry.REFERENCE)
            )

        scale = registry.SCALES[options["scale"]]
        repeat = options["repeat"] or scale.repeat
        started = time.perf_counter()
        dataset = registry.Dataset(scale=scale, seed=options["seed"], stdout=self.stdout)
        # Measured without DEBUG (no query log, no template debugging), whatever the settings.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"]):
            previous_handler = None
            if threading.current_thread() is threading.main_thread():
                # A SIGTERM unwinds like Ctrl+C: gunicorn and the throwaway database go too.
                previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
            static = runner.start_static_files() if http else None
            try:
                results, timings, vendor = self._run(
                    options, modules, in_process, http, dataset, scale, repeat, static
                )
            finally:
                if static is not None:
                    static.cleanup()
                if previous_handler is not None:
                    signal.signal(signal.SIGTERM, previous_handler)
        duration = round(time.perf_counter() - started, 1)

        self.stdout.write("")
        self.stdout.write(
            runner.format_tables(
                results,
                scale=scale,
                repeat=repeat,
                vendor=vendor,
                http_requests=options["requests"] or scale.http_requests,
                http_concurrency=options["concurrency"] or scale.http_concurrency,
                http_seconds=_seconds(options, scale),
            )
        )
        missed = [result for result in results if result.failed]
        self.stdout.write("")
        summary = (
            f"{len(results)} results in {duration} s; {len(missed)} target(s) missed or errors"
        )
        self.stdout.write(self.style.ERROR(summary) if missed else self.style.SUCCESS(summary))
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(
                    {
                        "scale": scale.name,
                        "database": vendor,
                        "repeat": repeat,
                        "duration_s": duration,
                        "build_s": timings,
                        "machine": runner.machine(),
                        "results": [result.as_json() for result in results],
                        "missed": [result.name for result in missed],
                    },
                    handle,
                    indent=2,
                    ensure_ascii=False,
                )
        if options["check"] and missed:
            raise CommandError(
                f"{len(missed)} target(s) missed: {', '.join(r.name for r in missed)}", returncode=1
            )

    def _run(self, options, modules, in_process, http, dataset, scale, repeat, static):
        if options["use_current_database"]:
            timings = runner.build_dataset(modules, dataset)
            return self._measure(in_process, dataset, repeat), timings, connection.vendor
        kept = None
        if options["reuse_build"]:
            if connection.vendor != "postgresql":
                raise CommandError("--reuse-build needs PostgreSQL (DATABASE_URL).")
            kept = KeptBuild(scale=scale.name, seed=options["seed"])
        reusing = kept is not None and kept.available()
        migrating = time.perf_counter()
        with ThrowawayDatabase(template=kept.name if reusing else None) as database:
            migrated = round(time.perf_counter() - migrating, 1)
            if reusing:
                dataset = kept.load(self.stdout)
                self.stdout.write(
                    f"Throwaway database {database.name} copied from the kept build "
                    f"{kept.name} in {migrated} s."
                )
                timings = {"copy_kept_build": migrated}
            else:
                self.stdout.write(
                    f"Throwaway {database.vendor} database {database.name} migrated in "
                    f"{migrated} s."
                )
                timings = {"migrate": migrated, **runner.build_dataset(modules, dataset)}
                if kept is not None:
                    kept.save(database, dataset)
                    self.stdout.write(f"Kept the build as {kept.name} for --reuse-build.")
            results = self._measure(in_process, dataset, repeat, static)
            if http:
                results += runner.measure_http(
                    http,
                    dataset,
                    database_url=database.url,
                    static=static,
                    scale=scale,
                    stdout=self.stdout,
                    requests=options["requests"],
                    concurrency=options["concurrency"],
                    seconds=_seconds(options, scale),
                )
            return results, timings, database.vendor

    def _measure(self, scenarios, dataset, repeat, static=None):
        if static is not None and scenarios:
            # collectstatic (compressing every file) overlaps a data build; a copied kept
            # build takes a second, and on a two-core machine the timings would share the
            # CPU with it (the coordinator's dashboard measured 270 ms instead of 95).
            self.stdout.write("Waiting for collectstatic before timing ...")
            static.wait()
        results = []
        for scenario in scenarios:
            self.stdout.write(f"Timing {scenario.name} ...")
            results.append(runner.measure_in_process(scenario, dataset, repeat))
        return results
