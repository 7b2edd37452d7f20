"""A fresh throwaway database for one benchmark run, made and dropped by the harness.

SQLite by default (a file in a temporary folder), PostgreSQL when ``DATABASE_URL`` points
at one: the harness then creates ``kohorta_bench_<pid>`` on that server and drops it at the
end, whatever happens. Django's default connection is switched to it the way the test
runner switches to a test database.
"""

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connections


class ThrowawayDatabase:
    def __init__(self, *, alias="default", stdout=None, template=None):
        self.alias = alias
        self.stdout = stdout
        # A kept build (``KeptBuild``) to copy instead of migrating an empty database.
        self.template = template
        self.url = None
        self.name = None
        self._tempdir = None
        self._original_name = None

    @property
    def connection(self):
        return connections[self.alias]

    @property
    def vendor(self):
        return self.connection.vendor

    def __enter__(self):
        connection = self.connection
        self._original_name = connection.settings_dict["NAME"]
        if self.vendor == "sqlite":
            self._tempdir = tempfile.mkdtemp(prefix="kohorta-bench-")
            self.name = str(Path(self._tempdir) / "bench.sqlite3")
            self.url = f"sqlite:///{self.name}"
        elif self.vendor == "postgresql":
            self.name = f"kohorta_bench_{os.getpid()}"
            copy = f' TEMPLATE "{self.template}"' if self.template else ""
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}"{copy}')
            self.url = _replace_database_name(os.environ.get("DATABASE_URL", ""), self.name)
        else:
            raise RuntimeError(f"The bench harness does not support {self.vendor!r} databases.")
        self._switch(self.name)
        if self.template:
            return self
        try:
            call_command("migrate", verbosity=0, interactive=False)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _switch(self, name):
        self.connection.close()
        settings.DATABASES[self.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name

    def __exit__(self, *exc_info):
        self._switch(self._original_name)
        if self.vendor == "postgresql" and self.name:
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        if self._tempdir:
            shutil.rmtree(self._tempdir, ignore_errors=True)
        return False


class KeptBuild:
    """A built data set kept between runs on PostgreSQL (``bench --reuse-build``).

    Building the ``large`` set takes about ten minutes; measuring one change again should
    not. After a build the throwaway database is copied to ``kohorta_bench_kept_<scale>_<fp>``
    (``CREATE DATABASE ... TEMPLATE``) and the dataset's attributes are pickled next to the
    project (``var/``); a later run with the same scale, seed and *fingerprint* (every
    migration and every bench module, by content) copies that database instead of migrating
    and building. A change to a migration or a builder makes a new fingerprint: the old
    copy is dropped and the set built again. Never used by ``--check`` runs in CI.
    """

    PREFIX = "kohorta_bench_kept_"

    def __init__(self, *, scale, seed, alias="default"):
        self.alias = alias
        self.scale = scale
        self.fingerprint = _fingerprint(scale, seed)
        self.name = f"{self.PREFIX}{scale}_{self.fingerprint}"
        self.pickle = (
            Path(settings.BASE_DIR) / "var" / f"bench-kept-{scale}-{self.fingerprint}.pickle"
        )

    def _cursor(self):
        return connections[self.alias]._nodb_cursor()

    def _databases(self):
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"{self.PREFIX}{self.scale}_%"],
            )
            return [row[0] for row in cursor.fetchall()]

    def available(self):
        return self.pickle.exists() and self.name in self._databases()

    def load(self, stdout=None):
        with open(self.pickle, "rb") as handle:
            dataset = pickle.load(handle)  # noqa: S301 - our own file in var/
        dataset._stdout = stdout
        return dataset

    def save(self, database, dataset):
        """Copy ``database`` (the throwaway one, built) and pickle ``dataset``; drop older copies."""
        connection = connections[self.alias]
        connection.close()
        with self._cursor() as cursor:
            for name in self._databases():
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{database.name}"')
        for old in self.pickle.parent.glob(f"bench-kept-{self.scale}-*.pickle"):
            old.unlink()
        self.pickle.parent.mkdir(parents=True, exist_ok=True)
        with open(self.pickle, "wb") as handle:
            pickle.dump(dataset, handle)


def _fingerprint(scale, seed):
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(f"{scale}:{seed}".encode())
    # What decides the data: the schema, the builders and the scales (not the runner).
    files = sorted(
        [
            *base.glob("*/migrations/*.py"),
            *base.glob("*/bench.py"),
            base / "bench" / "foundation.py",
            base / "bench" / "registry.py",
        ]
    )
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _replace_database_name(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
