"""A fresh throwaway database for one benchmark run, made and dropped by the harness.

SQLite by default (a file in a temporary folder), PostgreSQL when ``DATABASE_URL`` points
at one: the harness then creates ``kohorta_bench_<pid>`` on that server and drops it at the
end, whatever happens. Django's default connection is switched to it the way the test
runner switches to a test database.
"""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connections


class ThrowawayDatabase:
    def __init__(self, *, alias="default", stdout=None):
        self.alias = alias
        self.stdout = stdout
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
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            self.url = _replace_database_name(os.environ.get("DATABASE_URL", ""), self.name)
        else:
            raise RuntimeError(f"The bench harness does not support {self.vendor!r} databases.")
        self._switch(self.name)
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


def _replace_database_name(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
