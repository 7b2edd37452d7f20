"""The personal-data export and a backup while the load test writes: nothing lost.

Used by ``manage.py cluster_test`` (``--part backup``; docs/deployment.md, backups). In a
throwaway PostgreSQL database it builds the load test's data set (bench/loadtest.py), starts
gunicorn and the virtual users (innovators completing lessons, registering and starring
sessions, jurors submitting reviews) and, while they write:

1. **exports**: several people's ``/profile/export/`` through gunicorn with their own
   session, each between two counts of that person's rows: the export must parse, be
   theirs, and hold every lesson, registration and starred session committed before it was
   asked for (and no more than there are after it);
2. **``manage.py backup``** (the project's backup: the database as fixtures and the media
   folder in one archive) and **``pg_dump -Fc``**, each after reading the key of every row
   of every table: once the load has ended, each backup is restored into a scratch
   database (``pg_restore``; ``manage.py restore`` into an empty schema), which must hold
   every row committed before its backup started and still there when it ended (a row
   deleted meanwhile, an un-starred session, may or may not be in it; they are counted);
3. the load test's own accounting afterwards: every write the site accepted is in the
   database exactly once.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.db import connection

USERS = 20
SECONDS = 75
EXPORTS = 3


def _table_keys(model):
    """(table, key columns) of a model's rows: the primary key, or the two sides of an
    automatic many-to-many table (a restore from fixtures gives those rows new ids)."""
    meta = model._meta
    if meta.auto_created:
        return meta.db_table, [field.column for field in meta.fields if field.is_relation]
    return meta.db_table, [meta.pk.column]


def tables(*, exclude_apps=()):
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in exclude_apps:
            continue
        table, columns = _table_keys(model)
        found[table] = columns
    return found


def snapshot(cursor, table_columns):
    """{table: set of row keys} as committed now."""
    rows = {}
    for table, columns in table_columns.items():
        quoted = ", ".join(f'"{column}"' for column in columns)
        cursor.execute(f'SELECT {quoted} FROM "{table}"')  # noqa: S608 - our own table names
        rows[table] = set(cursor.fetchall())
    return rows


def missing_rows(before, after, restored):
    """Rows committed before a backup and still there after it that the restore lacks:
    ``({table: count missing}, rows deleted meanwhile, rows before in all)``."""
    missing, deleted, total = {}, 0, 0
    for table, keys in before.items():
        kept = keys & after.get(table, set())
        deleted += len(keys) - len(kept)
        total += len(keys)
        lost = kept - restored.get(table, set())
        if lost:
            missing[table] = len(lost)
    return missing, deleted, total


def _url_for(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _run(command, *, env=None, timeout=600):
    completed = subprocess.run(  # noqa: S603 - our own commands and arguments
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, command[:3]))} failed:\n{(completed.stderr or '')[-2000:]}"
        )
    return completed


def _person_counts(person_id, run_id, meeting_id):
    from curriculum.models import LessonProgress
    from events.models import Registration, Star

    return {
        "lessons_completed": LessonProgress.objects.filter(
            user_id=person_id, cohort_course_id=run_id
        ).count(),
        "registrations": Registration.objects.filter(
            user_id=person_id, meeting_id=meeting_id
        ).count(),
        "starred_sessions": Star.objects.filter(
            user_id=person_id, session__meeting_id=meeting_id
        ).count(),
    }


def check_export(node, user_plan, dataset):
    """One person's export through ``node`` between two counts of their rows."""
    from kohorta.privacy import EXPORT_FORMAT

    person = user_plan["user"]
    before = _person_counts(person, dataset.course_run.pk, dataset.meeting.pk)
    started = time.perf_counter()
    status, _headers, content, _cookies = node.request(
        "GET",
        "/profile/export/",
        cookies={settings.SESSION_COOKIE_NAME: user_plan["session"]},
    )
    took = (time.perf_counter() - started) * 1000
    after = _person_counts(person, dataset.course_run.pk, dataset.meeting.pk)
    if status != 200:
        return [f"the export of person {person} answered {status}"], None
    try:
        data = json.loads(content)
    except ValueError as error:
        return [f"the export of person {person} does not parse: {error}"], None
    problems = []
    if data.get("format") != EXPORT_FORMAT or data.get("person_id") != person:
        problems.append(f"the export of person {person} is not theirs ({data.get('person_id')})")
    sections = {}
    for part in (data.get("sections") or {}).values():
        if isinstance(part, dict):
            sections.update(part)
    found = {}
    for name in before:
        mine = [
            row
            for row in sections.get(name) or []
            if name != "lessons_completed" or row.get("cohort") == dataset.course_run.cohort.name
        ]
        if name != "lessons_completed":
            mine = [row for row in mine if row.get("meeting") == dataset.meeting.title]
        found[name] = len(mine)
        if not before[name] <= found[name] <= after[name]:
            problems.append(
                f"the export of person {person} has {found[name]} {name}: "
                f"{before[name]} were committed before it, {after[name]} after"
            )
    return problems, {"person": person, "ms": round(took), "before": before, "found": found}


class Backups:
    """``manage.py backup`` and ``pg_dump`` of the database at ``url`` while it is written,
    each between two snapshots of the rows' keys; restored and checked afterwards."""

    def __init__(self, *, url, env, folder):
        self.url, self.env, self.folder = url, env, Path(folder)
        self.results = {}
        self.failures = []

    def take(self, stdout):
        for kind in ("pg_dump", "manage.py backup"):
            exclude = ("sessions",) if kind == "manage.py backup" else ()
            table_columns = tables(exclude_apps=exclude)
            with connection.cursor() as cursor:
                before = snapshot(cursor, table_columns)
            started = time.perf_counter()
            if kind == "pg_dump":
                path = self.folder / "kohorta.dump"
                _run(["pg_dump", "-Fc", "-f", str(path), "-d", self.url])
            else:
                path = self.folder / "kohorta-backup.tar.gz"
                _run([sys.executable, "manage.py", "backup", "--output", str(path)], env=self.env)
            took = time.perf_counter() - started
            with connection.cursor() as cursor:
                after = snapshot(cursor, table_columns)
            written = sum(len(after[t] - before[t]) for t in table_columns)
            stdout.write(
                f"  {kind} while the load writes: {took:.1f} s, {path.stat().st_size // 1024} KB; "
                f"{written} rows written meanwhile"
            )
            if not written:
                self.failures.append(f"{kind}: no row was written while it ran (not a test)")
            self.results[kind] = {
                "path": path,
                "before": before,
                "after": after,
                "tables": table_columns,
                "seconds": round(took, 1),
                "written_meanwhile": written,
            }

    def restore_and_check(self, stdout):
        failures = list(self.failures)
        scratch = f"kohorta_restore_{os.getpid()}"
        scratch_url = _url_for(self.url, scratch)
        for kind, result in self.results.items():
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{scratch}"')
            try:
                started = time.perf_counter()
                if kind == "pg_dump":
                    _run(["pg_restore", "--no-owner", "-d", scratch_url, str(result["path"])])
                else:
                    # An empty schema of the same version, then the project's restore.
                    dump = self.folder / "kohorta.dump"
                    _run(
                        ["pg_restore", "--schema-only", "--no-owner", "-d", scratch_url, str(dump)]
                    )
                    _run(
                        [sys.executable, "manage.py", "restore", "--yes", str(result["path"])],
                        env={**self.env, "DATABASE_URL": scratch_url},
                    )
                took = time.perf_counter() - started
                restored = _snapshot_of(scratch_url, result["tables"])
            finally:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            missing, deleted, total = missing_rows(result["before"], result["after"], restored)
            stdout.write(
                f"  {kind} restored into a scratch database in {took:.1f} s: "
                f"{total - deleted - sum(missing.values())} of {total - deleted} rows committed "
                f"before it (and not deleted meanwhile: {deleted}) are there"
            )
            if missing:
                failures.append(
                    f"{kind}: rows committed before it missing after restore: {missing}"
                )
        return failures


def _snapshot_of(url, table_columns):
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        return snapshot(cursor, table_columns)


def run(*, stdout, database, static, node_class, gunicorn_class, free_port, production_env):
    """The whole part; returns the failures (empty: passed)."""
    from bench import loadtest
    from bench.management.commands.loadtest import _drive_start, _drive_wait
    from bench.registry import Dataset

    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        return [f"{' and '.join(missing)} not found: install PostgreSQL's client tools"]
    failures = []
    dataset = Dataset(scale=loadtest.load_scale(USERS), seed=2015, stdout=stdout)
    loadtest.build(dataset, users=USERS)
    static.wait()
    port = free_port()
    plan = loadtest.make_plan(
        dataset, users=USERS, seconds=SECONDS, base_url=f"http://127.0.0.1:{port}", seed=2015
    )
    connection.close()
    with tempfile.TemporaryDirectory(prefix="kohorta-backup-") as folder:
        env = production_env(database_url=database.url, static_root=static.root, port=port)
        env["KOHORTA_MEDIA_ROOT"] = str(Path(folder) / "media")
        gunicorn = gunicorn_class(env=env, port=port, workers=2, threads=4).start()
        node = node_class("load", port)
        stdout.write(f"Export and backups while {USERS} virtual users write for {SECONDS} s:")
        backups = Backups(url=database.url, env=env, folder=folder)
        try:
            process, plan_file = _drive_start(plan)
            try:
                time.sleep(SECONDS / 5)
                innovators = [user for user in plan["users"] if "lessons" in user]
                for user_plan in innovators[:EXPORTS]:
                    found, measured = check_export(node, user_plan, dataset)
                    failures += found
                    if measured:
                        stdout.write(
                            f"  export of person {measured['person']} ({measured['ms']} ms): "
                            f"{measured['found']} (committed before it: {measured['before']})"
                        )
                backups.take(stdout)
                record = _drive_wait(process, plan_file, timeout=SECONDS + 180)
            finally:
                if process.poll() is None:
                    process.kill()
        finally:
            gunicorn.stop()
        found = loadtest.count_rows(dataset, plan)
        writes = loadtest.account(record["writes"], found)
        meeting = loadtest.meeting_checks(dataset, found)
        summary = loadtest.summarise_requests(record["requests"])
        rollups = loadtest.rollup_mismatches(dataset, plan)
        load_failures = loadtest.failures(summary, writes, meeting, rollups)
        stdout.write(
            f"  the load: {len(record['requests'])} requests in {record['duration_s']} s; "
            f"writes accepted and found once: "
            + ", ".join(f"{kind} {row['accepted']}" for kind, row in writes.items())
        )
        failures += load_failures
        failures += backups.restore_and_check(stdout)
    return failures
