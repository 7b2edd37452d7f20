"""Two web nodes on one PostgreSQL and one Redis, as production runs behind a proxy.

``python manage.py cluster_test`` (``make cluster-test``) builds the small bench data set in
a throwaway PostgreSQL database, starts two gunicorn instances (node A and node B, two
workers each, production settings, the same ``REDIS_URL``) on two loopback ports, and
checks what several web machines must share (docs/deployment.md):

1. a person signs in through node A's sign-in form; node B knows them at once (the
   session is in the database, the secret key the same);
2. node B serves a news article from the anonymous page cache; an editor unpublishes it
   through node A's admin; node B stops serving it at once (the purge is a generation
   number in the shared Redis).

3. two task workers (``qcluster``) share one queue: 1,000 notifications queued are sent
   exactly once across both, also when one worker's process group is SIGKILLed in the
   middle (bench/cluster_workers.py; ``--broker`` orm, the default, or redis).

4. the personal-data export and a backup (``manage.py backup`` and ``pg_dump``) while the
   load test's virtual users write lose nothing: each export holds the person's rows
   committed before it, each backup restores into a scratch database with every row
   committed before it started, and every write the site accepted is there once
   (bench/cluster_backup.py; its own throwaway database, after the others).

``--part web``, ``--part workers`` or ``--part backup`` runs one of them. Exits with status 1
when a check fails.
"""

import http.client
import re
import time
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils.html import escape

from bench import runner
from bench.database import ThrowawayDatabase
from bench.registry import SCALES, Dataset
from bench.server import HOST, Gunicorn, free_port, production_env, shared_cache_url

PASSWORD = "cluster-test-password-1"  # noqa: S105 - a throwaway database's user
BUILDERS = ("bench.foundation", "cms.bench")


class Node:
    """A minimal HTTP client for one node: no redirects followed, cookies by hand."""

    def __init__(self, name, port):
        self.name, self.port = name, port

    def request(self, method, path, *, cookies=None, form=None):
        headers = {"Host": f"{HOST}:{self.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            set_cookies = {}
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    set_cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content, set_cookies
        finally:
            conn.close()


def _csrf(content):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if not found:
        raise AssertionError("no CSRF token in the form")
    return found.group(1)


class Command(BaseCommand):
    help = (
        "Two gunicorn nodes on one PostgreSQL and one Redis: a session made on one is valid "
        "on the other; an unpublish on one purges the other's anonymous cache at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--part", choices=("all", "web", "workers", "backup"), default="all")
        parser.add_argument(
            "--broker",
            choices=("orm", "redis"),
            default="orm",
            help="the task broker of the two workers (default: orm, the one for several)",
        )
        parser.add_argument("--count", type=int, default=1000, help="notifications per round")

    def handle(self, *args, **options):
        self.options = options
        if not shared_cache_url():
            raise CommandError("cluster_test needs REDIS_URL (the nodes share its cache).")
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", HOST, "localhost"]):
            static = runner.start_static_files()
            try:
                failures = []
                if options["part"] != "backup":
                    with ThrowawayDatabase(stdout=self.stdout) as database:
                        self._require_postgresql(database)
                        failures += self._run(database, static)
                if options["part"] in ("all", "backup"):
                    with ThrowawayDatabase(stdout=self.stdout) as database:
                        self._require_postgresql(database)
                        failures += self._check_backup(database, static)
            finally:
                static.cleanup()
        for line in failures:
            self.stdout.write(self.style.ERROR(f"FAIL {line}"))
        if failures:
            raise CommandError(f"{len(failures)} cluster check(s) failed", returncode=1)
        self.stdout.write(self.style.SUCCESS("Every cluster check passed."))

    @staticmethod
    def _require_postgresql(database):
        if database.vendor != "postgresql":
            raise CommandError("cluster_test runs on PostgreSQL (DATABASE_URL).")

    def _check_backup(self, database, static):
        from bench import cluster_backup

        return cluster_backup.run(
            stdout=self.stdout,
            database=database,
            static=static,
            node_class=Node,
            gunicorn_class=Gunicorn,
            free_port=free_port,
            production_env=production_env,
        )

    def _run(self, database, static):
        from importlib import import_module

        part = self.options["part"]
        builders = BUILDERS if part != "workers" else BUILDERS[:1]
        dataset = Dataset(scale=SCALES["small"], stdout=self.stdout)
        runner.build_dataset([import_module(name) for name in builders], dataset)
        failures = []
        if part in ("all", "workers"):
            failures += self._check_workers(database, static)
        if part in ("all", "web"):
            failures += self._run_web(database, static, dataset)
        return failures

    def _check_workers(self, database, static):
        from bench import cluster_workers

        static.wait()
        failures = []
        broker = self.options["broker"]
        self.stdout.write(f"Two task workers, {broker} broker:")
        for round_name, kill in (("steady", False), ("killed", True)):
            found, _measured = cluster_workers.run_round(
                stdout=self.stdout,
                database_url=database.url,
                static_root=static.root,
                broker_kind=broker,
                round_name=round_name,
                kill=kill,
                count=self.options["count"],
            )
            failures += found
        return failures

    def _run_web(self, database, static, dataset):
        from wagtail.models import Page

        from bench.foundation import session_cookie
        from cms.models import NewsPage
        from cohorts.models import User

        person = dataset.innovator
        person.set_password(PASSWORD)
        person.save()
        editor = User.objects.create_superuser(email="editor@cluster.invalid", password=PASSWORD)
        # An article in English only: unpublished, nothing else answers at its address.
        article = next(
            page
            for page in NewsPage.objects.live().filter(locale__language_code="en")
            if Page.objects.filter(translation_key=page.translation_key, live=True).count() == 1
        )
        article_url = article.url
        editor_cookies = dict(
            part.split("=", 1) for part in session_cookie(editor)["Cookie"].split("; ")
        )
        static.wait()
        connection.close()
        nodes, failures = [], []
        try:
            for name in ("A", "B"):
                port = free_port()
                env = production_env(database_url=database.url, static_root=static.root, port=port)
                gunicorn = Gunicorn(env=env, port=port).start()
                nodes.append((Node(name, port), gunicorn))
                self.stdout.write(f"Node {name}: gunicorn on {HOST}:{port}")
            (a, _), (b, _) = nodes
            failures += self._check_session(a, b, person)
            failures += self._check_purge(a, b, article, article_url, editor_cookies)
        finally:
            for _node, gunicorn in nodes:
                gunicorn.stop()
        return failures

    def _check_session(self, a, b, person):
        status, _headers, content, cookies = a.request("GET", "/accounts/login/")
        if status != 200:
            return [f"node A's sign-in page answered {status}"]
        token = _csrf(content)
        status, headers, _content, set_cookies = a.request(
            "POST",
            "/accounts/login/",
            cookies=cookies,
            form={"login": person.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        session = set_cookies.get("sessionid")
        if status != 302 or not session:
            return [f"signing in through node A answered {status} without a session"]
        status, headers, content, _ = b.request(
            "GET", "/dashboard/", cookies={"sessionid": session}
        )
        self.stdout.write(f"  session made on A, /dashboard/ on B: {status}")
        if status != 200 or escape(person.full_name) not in content:
            return [f"node B did not know the session made on node A ({status})"]
        status, headers, _content, _ = b.request("GET", "/dashboard/")
        if status != 302:
            return [f"node B's dashboard without a session answered {status}, not a redirect"]
        return []

    def _check_purge(self, a, b, article, url, editor_cookies):
        first = b.request("GET", url)
        second = b.request("GET", url)
        self.stdout.write(f"  {url} on B, twice: {first[0]}, {second[0]}")
        if first[0] != 200 or second[0] != 200 or escape(article.title) not in second[2]:
            return [f"node B did not serve the article ({first[0]}, {second[0]})"]
        path = f"/admin/pages/{article.pk}/unpublish/"
        status, _headers, content, cookies = a.request("GET", path, cookies=editor_cookies)
        if status != 200:
            return [f"node A's unpublish page answered {status}"]
        status, _headers, _content, _ = a.request(
            "POST",
            path,
            cookies={**editor_cookies, **cookies},
            form={"csrfmiddlewaretoken": _csrf(content)},
        )
        if status != 302:
            return [f"unpublishing through node A answered {status}"]
        started = time.perf_counter()
        after = b.request("GET", url)
        self.stdout.write(
            f"  unpublished through A; {url} on B at once: {after[0]} "
            f"({(time.perf_counter() - started) * 1000:.0f} ms)"
        )
        if after[0] == 200 and escape(article.title) in after[2]:
            return ["node B still served the unpublished article from its cache"]
        return []
