import io
import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

BACKUP_FORMAT = "kohorta-backup/1"
# Every row is kept with its id (content types and permissions too, so generic relations
# stay right); sessions are left out, so a restore signs everyone out.
EXCLUDED_MODELS = ["sessions"]


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
