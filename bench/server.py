"""The ceiling: gunicorn with the production settings against the bench database.

``bench.wsgi`` is the production WSGI application with one more URL, ``/__bench__/ok/``
(a view that returns "ok", the stack's ceiling). It exists only in processes the harness
starts; ``kohorta.wsgi`` (what production runs) never has it.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

PORTS = range(8201, 8211)
HOST = "127.0.0.1"
# Production runs with a shared Redis cache; the bench uses the machine's when it answers.
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/13"


def shared_cache_url():
    """``REDIS_URL``, else the local Redis if it answers, else "" (local-memory caches)."""
    import redis

    url = os.environ.get("REDIS_URL") or LOCAL_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: no shared cache
        return ""
    return url


def free_port(ports=PORTS):
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports.start}–{ports.stop - 1} on {HOST}.")


def production_env(*, database_url, static_root, port):
    """The environment gunicorn and collectstatic run with: production settings, plain HTTP."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kohorta.settings.production",
            # The same key as this process, so the session it creates is valid there.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "KOHORTA_STATIC_ROOT": str(static_root),
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    cache_url = shared_cache_url()
    if cache_url:
        # A prefix of its own: nothing cached by an earlier run or by the site is reused.
        env.update({"REDIS_URL": cache_url, "CACHE_KEY_PREFIX": f"kohorta-bench-{os.getpid()}"})
    return env


class StaticFiles:
    """``collectstatic`` into a temporary STATIC_ROOT, started early to overlap the data build."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="kohorta-bench-static-"))
        self.process = None
        self._log = None

    def start(self, env):
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout=300):
        code = self.process.wait(timeout=timeout)
        if code != 0:
            self._log.seek(0)
            raise RuntimeError(
                "collectstatic failed:\n" + self._log.read().decode(errors="replace")
            )

    def hashed_path(self, name):
        """The URL of a static file as production templates link it (manifest name)."""
        manifest = json.loads((self.root / "staticfiles.json").read_text())
        return settings.STATIC_URL + manifest["paths"][name]

    def cleanup(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self._log:
            self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class Gunicorn:
    """gunicorn with N workers, in its own process group so stopping it stops them all.

    Sync workers by default; ``threads`` above 1 makes them gthread workers, each serving
    that many requests at once (the load test's concurrent users).
    """

    def __init__(self, *, env, port, workers=2, threads=1):
        self.env = env
        self.port = port
        self.workers = workers
        self.threads = threads
        self.process = None
        self._log = None

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    def start(self, *, ready_path="/__bench__/ok/", timeout=60):
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as gunicorn
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
                "--backlog",
                "256",
                *(["--threads", str(self.threads)] if self.threads > 1 else []),
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base_url + ready_path, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        log = self.log_text()
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.base_url}{ready_path}:\n{log}")

    def log_text(self):
        if not self._log:
            return ""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-4000:]

    def worker_pids(self):
        """The worker processes: children of the gunicorn master."""
        if not self.process:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_rss_mb(self):
        """Resident memory of each worker in MB (Linux /proc)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self, timeout=15):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        finally:
            if self._log:
                self._log.close()
                self._log = None


def run_load_process(url, *, requests, concurrency, headers, expect_status, warmup, duration=None):
    """Drive ``url`` from a second process (``python -m bench.load``); returns its JSON."""
    command = [
        sys.executable,
        "-m",
        "bench.load",
        url,
        "--requests",
        str(requests),
        "--concurrency",
        str(concurrency),
        "--warmup",
        str(warmup),
        "--expect-status",
        str(expect_status),
    ]
    if duration:
        command += ["--duration", str(duration)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    completed = subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"The load generator failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)
