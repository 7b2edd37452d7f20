"""Two web nodes and two task workers on one PostgreSQL and one Redis (make cluster-test).

In CI's PostgreSQL pass. The workers' half queues 1,000 notifications twice (the second
time one worker is SIGKILLed in the middle) on the ORM broker: about a minute. The backup
part (its own throwaway database) runs the load test's virtual users for 75 s while three
personal-data exports, a pg_dump and a manage.py backup are taken, then restores both:
three to eight minutes with the migrations.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.xdist_group("gunicorn")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cluster needs PostgreSQL")
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the nodes share Redis")
def test_two_web_nodes_share_sessions_and_purges_and_two_workers_send_each_notification_once():
    # ... and the export and both backups taken under load lose nothing.
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "cluster_test"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kohorta.settings.dev"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "Every cluster check passed." in completed.stdout
