import random
import time
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cohorts.demo import DEMO_LOGINS, DEMO_PASSWORD
from cohorts.models import Programme


class Command(BaseCommand):
    help = (
        "Build the demo programmes (INELI Balkans and an ILN round) through the services. "
        "Idempotent and deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2015, help="Random seed (default 2015).")
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the ILN round's 400 participants."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the database has no programme yet; always print the logins.",
        )

    def handle(self, *args, seed, scale, if_empty, **options):
        if if_empty and Programme.objects.exists():
            self.stdout.write("The database already holds programmes; not seeding again.")
        else:
            context = {}
            for module_path in settings.KOHORTA_DEMO_SEEDERS:
                try:
                    module = import_module(module_path)
                except ModuleNotFoundError as error:
                    if error.name == module_path:
                        continue
                    raise
                started = time.monotonic()
                self.stdout.write(f"Seeding {module_path} ...")
                # Each app gets its own random stream, so adding one app's data never
                # changes another's.
                rng = random.Random(f"{seed}:{module_path}")
                with transaction.atomic():
                    module.seed(rng=rng, scale=scale, stdout=self.stdout, context=context)
                self.stdout.write(f"  done in {time.monotonic() - started:.1f}s")
        self.print_logins()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for email, name, role in DEMO_LOGINS:
            self.stdout.write(f"  {email:<32} {name:<24} {role}")
