import contextlib
import io
import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

BACKUP_FORMAT = "kohorta-backup/1"
# Every row is kept with its id (content types and permissions too, so generic relations
# stay right); sessions are left out, so a restore signs everyone out.
EXCLUDED_MODELS = ["sessions"]


@contextlib.contextmanager
def _one_snapshot():
    """Every table read in one transaction that sees one moment of the database.

    ``dumpdata`` reads model after model; with the site writing meanwhile, each read in its
    own transaction would see a later moment than the one before (a review written between
    the reviews and the scores would leave its scores without their review, and the restore
    would fail on the foreign key). On PostgreSQL the transaction is REPEATABLE READ: one
    snapshot for every query, and writers are never blocked. SQLite's transaction is one
    snapshot already (WAL readers see the database as it was when they began). Called
    inside a transaction (a test's), it reads in that one.
    """
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class Command(BaseCommand):
    help = (
        "Write the database (as Django fixtures) and the media folder into one .tar.gz. "
        "Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive path (default: KOHORTA_BACKUP_DIR/kohorta-YYYYmmdd-HHMMSS.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.KOHORTA_BACKUP_DIR) / f"kohorta-{stamp}.tar.gz"
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        data = io.StringIO()
        with _one_snapshot():
            call_command(
                "dumpdata",
                exclude=EXCLUDED_MODELS,
                stdout=data,
                verbosity=0,
            )
        database = data.getvalue().encode()
        objects = json.loads(database)
        counts = {}
        for item in objects:
            counts[item["model"]] = counts.get(item["model"], 0) + 1
        manifest = {
            "format": BACKUP_FORMAT,
            "created_at": timezone.now().isoformat(),
            "objects": len(objects),
            "counts": counts,
        }
        media_root = Path(settings.MEDIA_ROOT)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name, payload in (
                ("manifest.json", json.dumps(manifest, indent=2).encode()),
                ("database.json", database),
            ):
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                info.mtime = int(time.time())
                info.mode = 0o600
                archive.addfile(info, io.BytesIO(payload))
            if media_root.is_dir():
                archive.add(media_root, arcname="media")
        partial.replace(output)
        output.chmod(0o600)
        self.stdout.write(
            f"Backup written to {output} ({len(objects)} objects"
            f"{' and the media folder' if media_root.is_dir() else ''})."
        )
