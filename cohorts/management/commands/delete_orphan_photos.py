"""Delete profile photos no account points at any more.

A photo replaced before ``services.update_profile`` deleted the old file stayed in
``people/photos/`` and kept answering at its public address, also after the account was
erased. New replacements delete the old file; this command removes the ones left over. Files
changed in the last hour are skipped: an upload whose profile save has not committed yet
is not an orphan.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from cohorts.models import User

FOLDER = "people/photos"


class Command(BaseCommand):
    help = "Delete profile photos in people/photos/ that no account uses (replaced or erased)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without deleting them."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            _folders, files = default_storage.listdir(FOLDER)
        except FileNotFoundError:
            files = []
        used = set(User.objects.exclude(photo="").values_list("photo", flat=True))
        recent = timezone.now() - datetime.timedelta(hours=1)
        orphans = [
            name
            for name in (f"{FOLDER}/{file}" for file in sorted(files))
            if name not in used and default_storage.get_modified_time(name) < recent
        ]
        for name in orphans:
            if not dry_run:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{len(orphans)} orphan photo(s) {verb}.")
