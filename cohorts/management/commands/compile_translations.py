import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile Kohorta's .po files to .mo: with GNU gettext's msgfmt when it is installed, "
        "else with Babel (pure Python), so a machine with only Python can run the site."
    )

    def handle(self, *args, **options):
        # Every app's catalogues (<app>/locale) and the project's (LOCALE_PATHS).
        roots = sorted(Path(settings.BASE_DIR).glob("*/locale"))
        roots += [Path(path) for path in settings.LOCALE_PATHS if Path(path) not in roots]
        roots = [root for root in roots if root.is_dir()]
        if not roots:
            self.stdout.write("No translation catalogues yet.")
            return
        if shutil.which("msgfmt"):
            call_command(
                "compilemessages", verbosity=0, ignore_patterns=[".venv", "var", "node_modules"]
            )
            self.stdout.write(f"Compiled translations with msgfmt in {len(roots)} folder(s).")
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file)
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                count += 1
        self.stdout.write(f"Compiled {count} catalogue(s) with Babel.")
