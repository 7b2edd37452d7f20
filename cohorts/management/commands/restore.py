import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .backup import BACKUP_FORMAT


def _content_types_first(fixture):
    """Load the content types before every other row.

    ``dumpdata`` writes the apps in INSTALLED_APPS order, the content types after the
    site's own apps and Wagtail's. While the rows before them load, a lookup of a model's
    content type (``ContentType.objects.get_for_model``) in a fresh process finds the table
    emptied by ``flush`` and creates the type with a new id; the backup's own row for it
    then collides (seen restoring a PostgreSQL backup in a new process: the test that runs
    backup and restore in one process had the types in its cache).
    """
    objects = json.loads(fixture.read_text())
    first = [item for item in objects if item.get("model") == "contenttypes.contenttype"]
    if not first:
        return
    rest = [item for item in objects if item.get("model") != "contenttypes.contenttype"]
    fixture.write_text(json.dumps(first + rest))


class Command(BaseCommand):
    help = (
        "Replace the database's content and the media folder with a `manage.py backup` "
        "archive made by the same Kohorta version. On a new database run "
        "`manage.py migrate` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the current data."
        )

    def handle(self, *args, archive, yes, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            try:
                with tarfile.open(archive, "r:gz") as tar:
                    tar.extractall(folder, filter="data")
                manifest = json.loads((folder / "manifest.json").read_text())
            except (tarfile.TarError, OSError, ValueError) as error:
                raise CommandError(f"{archive} is not a Kohorta backup: {error}") from None
            if manifest.get("format") != BACKUP_FORMAT:
                raise CommandError(f"{archive} is not a Kohorta backup ({manifest.get('format')}).")
            if (
                not yes
                and input(
                    "This replaces every row in the database and the media folder. Type 'yes': "
                )
                != "yes"
            ):
                raise CommandError("Restore cancelled.")
            fixture = folder / "database.json"
            _content_types_first(fixture)
            with transaction.atomic():
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
            media_root = Path(settings.MEDIA_ROOT)
            if (folder / "media").is_dir():
                if media_root.exists():
                    shutil.rmtree(media_root)
                shutil.copytree(folder / "media", media_root)
        self.stdout.write(
            f"Restored {manifest['objects']} objects from {archive} "
            f"(made {manifest['created_at']}). Rebuild the search index with "
            "`manage.py update_index`."
        )
