import random
import time

from django.core.management.base import BaseCommand

from cohorts.intake.enums import CareerStage, Interest, Sector
from cohorts.intake.matching.algorithm import DEFAULT_TOP_K, Participant, match

LANGUAGES = ["pl", "es", "fr", "de", "pt", "ar", "zh-hans", "hi", "ru", "sw"]


def synthetic_round(size, country_count, seed):
    """Participants like an ILN round: a few big countries, a long tail of small ones."""
    rng = random.Random(seed)
    countries = [f"C{n:02d}" for n in range(country_count)]
    weights = [rng.random() ** 2 + 0.05 for _ in countries]
    sectors = Sector.values
    people = []
    for index in range(size):
        country = countries[index] if index < country_count else rng.choices(countries, weights)[0]
        sector = rng.choice(sectors)
        people.append(
            Participant(
                id=index,
                country=country,
                sector=sector,
                career_stage=(
                    CareerStage.STUDENT
                    if sector == Sector.STUDENT
                    else rng.choice(CareerStage.values[1:])
                ),
                interests=frozenset(rng.sample(Interest.values, rng.randint(2, 5))),
                languages=frozenset(rng.sample(LANGUAGES, rng.randint(0, 2))),
                preferred_sector=rng.choice([*sectors, "", ""]),
                identities=frozenset({f"e:{index}"}),
            )
        )
    return people


class Command(BaseCommand):
    help = "Time the peer matching on a synthetic round; --exact also solves the full graph."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=1000)
        parser.add_argument("--countries", type=int, default=78)
        parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--exact", action="store_true", help="Also match on the full graph.")

    def handle(self, *, participants, countries, top_k, seed, exact, **options):
        people = synthetic_round(participants, countries, seed)
        runs = [("sparse", top_k)] + ([("exact", None)] if exact else [])
        totals = {}
        for label, k in runs:
            wall, cpu = time.perf_counter(), time.process_time()
            result = match(people, top_k=k, seed=seed)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            totals[label] = result.total
            self.stdout.write(
                f"{label:>6}: {participants} participants, {countries} countries, "
                f"top_k={k}: {wall:.2f} s wall, {cpu:.2f} s CPU, total score {result.total}, "
                f"{len(result.groups)} groups, {len(result.unplaced)} unplaced, "
                f"{result.candidate_edges} edges"
            )
        if exact:
            gap = 100 * (totals["exact"] - totals["sparse"]) / totals["exact"]
            self.stdout.write(f"sparse is {gap:.2f}% below the exact optimum")
