import json
import signal
import subprocess
import sys
import tempfile
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from bench import loadtest, runner
from bench.database import ThrowawayDatabase
from bench.management.commands.bench import _exit_on_sigterm
from bench.registry import Dataset
from bench.server import Gunicorn, free_port, production_env


class Command(BaseCommand):
    help = (
        "Drive concurrent virtual users (public pages, lesson completion, reviews, meeting "
        "registration and stars) through gunicorn against a throwaway PostgreSQL database, "
        "then check every accepted write is in the database exactly once. See docs/security.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="Concurrent virtual users.")
        parser.add_argument("--seconds", type=int, default=60, help="How long they run.")
        parser.add_argument("--json", metavar="FILE", help="Also write the results as JSON.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--threads", type=int, default=8, help="Threads per worker.")
        parser.add_argument("--seed", type=int, default=2015)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test checks concurrent writes, so it runs on PostgreSQL only: set "
                "DATABASE_URL=postgres://USER@HOST:PORT/NAME (make loadtest uses "
                "postgres://postgres@127.0.0.1:5432/kohorta_load when it is unset)."
            )
        if options["users"] < 2 or options["seconds"] < 1:
            raise CommandError("Give at least 2 users and 1 second.")
        started = time.perf_counter()
        previous_handler = None
        if threading.current_thread() is threading.main_thread():
            previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"]):
            static = runner.start_static_files()
            try:
                result = self._run(options, static)
            finally:
                static.cleanup()
                if previous_handler is not None:
                    signal.signal(signal.SIGTERM, previous_handler)
        result["total_s"] = round(time.perf_counter() - started, 1)
        self.stdout.write("")
        self.stdout.write(loadtest.format_report(result))
        self.stdout.write("")
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=2, ensure_ascii=False, default=str)
        if result["failures"]:
            if result["server_log"]:
                self.stdout.write("gunicorn's log (the end):\n" + result["server_log"])
            for reason in result["failures"]:
                self.stdout.write(self.style.ERROR(reason))
            raise CommandError(
                f"Load test failed: {len(result['failures'])} problem(s) in {result['total_s']} s.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"No errors, no lost or duplicated writes; {result['total_s']} s in all."
            )
        )

    def _run(self, options, static):
        users, seconds = options["users"], options["seconds"]
        dataset = Dataset(
            scale=loadtest.load_scale(users), seed=options["seed"], stdout=self.stdout
        )
        migrating = time.perf_counter()
        with ThrowawayDatabase() as database:
            timings = {"migrate": round(time.perf_counter() - migrating, 1)}
            self.stdout.write(
                f"Throwaway {database.vendor} database {database.name} migrated in "
                f"{timings['migrate']} s."
            )
            timings.update(loadtest.build(dataset, users=users))
            static.wait()
            port = free_port()
            plan = loadtest.make_plan(
                dataset,
                users=users,
                seconds=seconds,
                base_url=f"http://127.0.0.1:{port}",
                seed=options["seed"],
            )
            # What the workers read is committed; let go of the database before they start.
            connection.close()
            server = f"{options['workers']} workers x {options['threads']} threads"
            self.stdout.write(f"Starting gunicorn ({server}) on 127.0.0.1:{port} ...")
            env = production_env(database_url=database.url, static_root=static.root, port=port)
            gunicorn = Gunicorn(
                env=env, port=port, workers=options["workers"], threads=options["threads"]
            ).start()
            try:
                self.stdout.write(f"{users} virtual users for {seconds} s ...")
                record = _drive(plan, timeout=seconds + 180)
                server_log = gunicorn.log_text()
            finally:
                gunicorn.stop()
            found = loadtest.count_rows(dataset, plan)
            writes = loadtest.account(record["writes"], found)
            meeting = loadtest.meeting_checks(dataset, found)
            summary = loadtest.summarise_requests(record["requests"])
            rollups = loadtest.rollup_mismatches(dataset, plan)
            failures = loadtest.failures(summary, writes, meeting, rollups)
            total = len(record["requests"])
            return {
                "users": users,
                "seconds": seconds,
                "database": database.vendor,
                "server": server,
                "build_s": timings,
                "machine": runner.machine(),
                "duration_s": record["duration_s"],
                "total_requests": total,
                "rps": round(total / record["duration_s"], 1) if record["duration_s"] else None,
                "requests": summary,
                "writes": writes,
                "meeting": meeting,
                "innovators": sum("lessons" in user for user in plan["users"]),
                "rollup_mismatches": rollups,
                "failures": failures,
                "server_log": server_log if failures else "",
            }


def _drive(plan, *, timeout):
    """Run the virtual users in a second process (``python -m bench.virtual_users``)."""
    process, handle = _drive_start(plan)
    return _drive_wait(process, handle, timeout=timeout)


def _drive_start(plan):
    """Start the virtual users; returns the process and the plan's file (for _drive_wait)."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by _drive_wait
        "w", suffix=".json", prefix="kohorta-load-"
    )
    json.dump(plan, handle)
    handle.flush()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "bench.virtual_users", handle.name],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, handle


def _drive_wait(process, handle, *, timeout):
    """Their record once they are done (bench.virtual_users prints it as JSON)."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        handle.close()
    if process.returncode != 0:
        raise RuntimeError(f"The virtual users failed:\n{stderr[-2000:]}")
    return json.loads(stdout)
