"""Demo people and programmes, built through the services (see DOMAIN.md)."""

import datetime

from . import services
from .enums import CohortStatus, Role
from .models import Cohort, Membership, Programme, User

DEMO_PASSWORD = "kohorta-demo"

# The 11 countries/areas of INELI Balkans, with how many innovators each sends (35 in all).
INELI_COUNTRIES = [
    ("AL", 3),
    ("BA", 4),
    ("BG", 3),
    ("HR", 3),
    ("MK", 3),
    ("XK", 3),
    ("ME", 3),
    ("RO", 3),
    ("RS", 4),
    ("SI", 3),
    ("GR", 3),
]

AMBASSADOR_ORGANISATIONS = [
    ("AL", "Albanian Library Association"),
    ("BA", "Public and University Library “Derviš Sušić”, Tuzla"),
    ("BA", "National and University Library of Republika Srpska"),
    ("BG", "Bulgarian Library and Information Association"),
    ("HR", "Rijeka City Library"),
    ("MK", "INOVA LIB, association for library development and innovation"),
    ("XK", "Eventor Hub"),
    ("ME", "Library Association of Montenegro"),
    ("RO", "National Library of Romania"),
    ("RS", "Belgrade City Library"),
    ("SI", "Zavod JARA"),
]

FIRST_NAMES = {
    "AL": ["Arta", "Besnik", "Elira", "Gentian", "Mimoza"],
    "BA": ["Amra", "Dženan", "Lejla", "Nermin", "Selma", "Mirza"],
    "BG": ["Desislava", "Georgi", "Iva", "Nikolay", "Radostina"],
    "HR": ["Ivana", "Marko", "Petra", "Tomislav", "Lucija"],
    "MK": ["Ana", "Bojan", "Elena", "Filip", "Marija"],
    "XK": ["Arbnora", "Driton", "Fjolla", "Valon", "Teuta"],
    "ME": ["Jelena", "Milica", "Nikola", "Stefan", "Tamara"],
    "RO": ["Andreea", "Bogdan", "Ioana", "Mihai", "Raluca"],
    "RS": ["Dragana", "Jovana", "Milan", "Nemanja", "Vesna", "Zoran"],
    "SI": ["Katja", "Luka", "Maja", "Matej", "Nina"],
    "GR": ["Eleni", "Giorgos", "Katerina", "Nikos", "Sofia"],
}
LAST_NAMES = {
    "AL": ["Hoxha", "Krasniqi", "Leka", "Shehu", "Dervishi"],
    "BA": ["Hadžić", "Kovačević", "Mehmedović", "Begić", "Jukić"],
    "BG": ["Dimitrova", "Ivanov", "Petrova", "Stoyanov", "Georgieva"],
    "HR": ["Horvat", "Kovačić", "Babić", "Marić", "Jurić"],
    "MK": ["Stojanovska", "Petrovski", "Nikolovska", "Trajkovski", "Ristovska"],
    "XK": ["Berisha", "Gashi", "Morina", "Rexhepi", "Shala"],
    "ME": ["Vujović", "Radović", "Popović", "Đukanović", "Bulatović"],
    "RO": ["Popescu", "Ionescu", "Dumitru", "Stan", "Constantin"],
    "RS": ["Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević"],
    "SI": ["Novak", "Horvat", "Kranjc", "Zupan", "Kovač"],
    "GR": ["Papadopoulou", "Georgiou", "Nikolaidis", "Konstantinou", "Pappas"],
}
LIBRARY_TOWNS = {
    "AL": ["Tirana", "Shkodër", "Durrës", "Korçë"],
    "BA": ["Tuzla", "Sarajevo", "Banja Luka", "Mostar"],
    "BG": ["Sofia", "Plovdiv", "Varna", "Burgas"],
    "HR": ["Rijeka", "Zagreb", "Split", "Osijek"],
    "MK": ["Skopje", "Bitola", "Ohrid", "Štip"],
    "XK": ["Prishtina", "Prizren", "Peja", "Gjakova"],
    "ME": ["Podgorica", "Nikšić", "Bar", "Cetinje"],
    "RO": ["Bucharest", "Cluj-Napoca", "Iași", "Timișoara"],
    "RS": ["Belgrade", "Novi Sad", "Niš", "Kragujevac"],
    "SI": ["Ljubljana", "Maribor", "Celje", "Koper"],
    "GR": ["Thessaloniki", "Athens", "Veria", "Patras"],
}
LANGUAGE_OF = {
    "AL": "sq",
    "BA": "bs",
    "BG": "bg",
    "HR": "hr",
    "MK": "mk",
    "XK": "sq",
    "ME": "sr",
    "RO": "ro",
    "RS": "sr",
    "SI": "sl",
    "GR": "el",
}
INTERFACE_LANGUAGE_OF = {
    "MK": "mk",
    "BG": "bg",
    "GR": "el",
    "RS": "sr",
    "HR": "hr",
    "RO": "ro",
    "SI": "sl",
    "AL": "sq",
    "XK": "sq",
}

# Countries of an ILN round (the real rounds reached 78), with a weight for how many apply.
ILN_COUNTRIES = [
    ("AU", 9),
    ("PL", 9),
    ("US", 8),
    ("GB", 6),
    ("CA", 5),
    ("IN", 5),
    ("NZ", 4),
    ("NG", 4),
    ("ZA", 4),
    ("KE", 3),
    ("PH", 3),
    ("MY", 3),
    ("IE", 3),
    ("DE", 3),
    ("ES", 3),
    ("IT", 3),
    ("BR", 3),
    ("MX", 3),
    ("AR", 2),
    ("CL", 2),
    ("CO", 2),
    ("PE", 2),
    ("GH", 2),
    ("UG", 2),
    ("TZ", 2),
    ("EG", 2),
    ("PK", 2),
    ("BD", 2),
    ("LK", 2),
    ("NP", 2),
    ("ID", 2),
    ("SG", 2),
    ("JP", 2),
    ("KR", 2),
    ("TW", 1),
    ("FI", 1),
    ("SE", 1),
    ("NO", 1),
    ("DK", 1),
    ("NL", 1),
    ("BE", 1),
    ("PT", 1),
    ("GR", 1),
    ("RS", 1),
    ("MK", 1),
    ("BG", 1),
    ("RO", 1),
    ("HR", 1),
    ("TR", 1),
    ("IL", 1),
    ("JM", 1),
    ("TT", 1),
    ("FJ", 1),
    ("ZW", 1),
]
ILN_FIRST = [
    "Alex",
    "Sam",
    "Maria",
    "Jan",
    "Priya",
    "Chen",
    "Amina",
    "Lucas",
    "Olga",
    "Tomasz",
    "Aisha",
    "Kofi",
    "Emma",
    "Liam",
    "Yuki",
    "Carlos",
    "Fatima",
    "Noah",
    "Zofia",
    "Ravi",
    "Grace",
    "Mateo",
    "Anna",
    "David",
    "Sara",
    "Ali",
    "Mei",
    "Jonas",
    "Leila",
    "Ewa",
]
ILN_LAST = [
    "Smith",
    "Kowalska",
    "Nguyen",
    "García",
    "Okafor",
    "Patel",
    "Wang",
    "Müller",
    "Silva",
    "Nowak",
    "Kim",
    "Mensah",
    "Brown",
    "Rossi",
    "Tanaka",
    "Hassan",
    "Lopez",
    "Andersen",
    "Wiśniewska",
    "Sharma",
    "Taylor",
    "Costa",
    "Mwangi",
    "Cohen",
    "Ivanova",
    "Reyes",
]
ILN_SECTORS = [
    "University Library",
    "Public Library",
    "School Library",
    "State Library",
    "Medical Library",
    "Law Library",
    "Special Library",
    "Library School",
]

DEMO_LOGINS = [
    ("admin@example.org", "Kohorta Admin", "staff (Wagtail admin, superuser)"),
    ("coordinator@example.org", "Eleni Kanellopoulou", "coordinator, INELI Balkans"),
    ("mentor@example.org", "Dimitris Alexiou", "mentor, INELI Balkans"),
    ("innovator@example.org", "Ana Stojanovska", "innovator, INELI Balkans (North Macedonia)"),
    ("ambassador@example.org", "Vesna Marković", "ambassador for Serbia, INELI Balkans"),
    ("jury@example.org", "Katarzyna Zielińska", "jury, INELI Balkans"),
    (
        "observer@example.org",
        "Thomas Berger",
        "observer (funder), INELI Balkans: reads, changes nothing",
    ),
    ("iln@example.org", "Alex Carter", "participant, ILN round"),
    ("iln-coordinator@example.org", "Jessica Moore", "coordinator, ILN round"),
]


_PASSWORD_HASH = {}


def _person(email, full_name, **profile):
    """Get or create a demo person with the demo password (hashed once: hashing is slow)."""
    from django.contrib.auth.hashers import make_password

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = services.create_user(email=email, full_name=full_name, verified=True, **profile)
        if "hash" not in _PASSWORD_HASH:
            _PASSWORD_HASH["hash"] = make_password(DEMO_PASSWORD)
        user.password = _PASSWORD_HASH["hash"]
        user.save(update_fields=["password"])
    return user


def _slug_email(name, domain):
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part.lower() for part in ascii_name.replace("-", " ").split()) + "@" + domain


def seed(*, rng, scale, stdout, context):
    admin = User.objects.filter(email="admin@example.org").first()
    if admin is None:
        admin = _person(
            "admin@example.org",
            "Kohorta Admin",
            is_staff=True,
            is_superuser=True,
            country="GR",
            organisation="Future Library",
        )
    context["admin"] = admin

    ineli_programme = Programme.objects.filter(
        slug="ineli-balkans"
    ).first() or services.create_programme(
        name="INELI Balkans",
        slug="ineli-balkans",
        by=None,
        description=(
            "International Network of Emerging Library Innovators in the Balkans: two years of "
            "online leadership training, yearly networking meetings and innovation grants."
        ),
        website="https://www.futurelibrary.gr",
    )
    if not ineli_programme.names:
        services.set_programme_branding(
            programme=ineli_programme,
            by=None,
            names={
                "mk": "ИНЕЛИ Балкан",
                "bg": "ИНЕЛИ Балкани",
                "sr": "ИНЕЛИ Балкан",
                "el": "INELI Βαλκάνια",
                "pl": "INELI Bałkany",
            },
            accent_colour="#7A1F5C",
            signatory_name="Dr Vesna Trajkovska",
            signatory_title="Programme director",
            funders_text="Co-funded by the European Union",
        )
    iln_programme = Programme.objects.filter(slug="iln").first() or services.create_programme(
        name="International Librarians Network",
        slug="iln",
        by=None,
        description="Free online peer mentoring for librarians, matched with a partner in another country.",
    )
    ineli = Cohort.objects.filter(programme=ineli_programme, slug="2025-2027").first()
    if ineli is None:
        ineli = services.create_cohort(
            programme=ineli_programme,
            name="INELI Balkans 2025–2027",
            slug="2025-2027",
            starts_on=datetime.date(2025, 9, 1),
            ends_on=datetime.date(2027, 8, 31),
            by=None,
            countries=[code for code, _count in INELI_COUNTRIES],
            languages=["en", "mk", "bg", "sr", "el", "sq", "hr", "ro", "sl"],
        )
        services.transition_cohort(ineli, CohortStatus.RUNNING, by=None, note="Demo cohort")
    iln = Cohort.objects.filter(programme=iln_programme, slug="round-2026-b").first()
    if iln is None:
        iln = services.create_cohort(
            programme=iln_programme,
            name="ILN round 2026 (September–December)",
            slug="round-2026-b",
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2026, 12, 31),
            by=None,
            countries=[code for code, _weight in ILN_COUNTRIES],
            languages=["en"],
        )
        services.transition_cohort(iln, CohortStatus.RUNNING, by=None, note="Demo round")
    context["programmes"] = {"ineli": ineli_programme, "iln": iln_programme}
    context["cohorts"] = {"ineli": ineli, "iln": iln}

    # INELI staff roles.
    coordinator = _person(
        "coordinator@example.org",
        "Eleni Kanellopoulou",
        country="GR",
        organisation="Future Library",
        preferred_language="en",
        languages=["el", "en"],
    )
    services.add_member(cohort=ineli, user=coordinator, role=Role.COORDINATOR, by=None)
    mentor_names = [
        ("mentor@example.org", "Dimitris Alexiou", "GR", "Future Library"),
        ("mentor2@example.org", "Snežana Ilić", "RS", "Belgrade City Library"),
        ("mentor3@example.org", "Mihaela Radu", "RO", "National Library of Romania"),
        ("mentor4@example.org", "Tanja Kranjc", "SI", "Ljubljana City Library"),
        ("mentor5@example.org", "Petar Georgiev", "BG", "Sofia City Library"),
    ]
    mentors = []
    for email, name, country, organisation in mentor_names:
        mentor = _person(
            email,
            name,
            country=country,
            organisation=organisation,
            languages=[LANGUAGE_OF[country], "en"],
        )
        services.add_member(cohort=ineli, user=mentor, role=Role.MENTOR, by=None)
        mentors.append(mentor)
    jury_names = [
        ("jury@example.org", "Katarzyna Zielińska", "PL", "University of Warsaw Library"),
        ("jury2@example.org", "Martin Schuster", "AT", "Vienna Public Libraries"),
        ("jury3@example.org", "Ioanna Vlachou", "GR", "Veria Central Public Library"),
        ("jury4@example.org", "Hana Dvořáková", "CZ", "Moravian Library"),
        ("jury5@example.org", "Goran Babić", "HR", "Rijeka City Library"),
    ]
    for email, name, country, organisation in jury_names:
        juror = _person(email, name, country=country, organisation=organisation)
        services.add_member(cohort=ineli, user=juror, role=Role.JURY, by=None)
    # A funder's programme officer who follows the cohort: reads its dashboards, rankings,
    # registrations and selection lists, changes nothing.
    observer = _person(
        "observer@example.org", "Thomas Berger", country="US", organisation="Global Libraries"
    )
    services.add_member(cohort=ineli, user=observer, role=Role.OBSERVER, by=None)

    # The 11 ambassador organisations, one contact person each.
    for index, (country, organisation) in enumerate(AMBASSADOR_ORGANISATIONS):
        if country == "RS":
            email, name = "ambassador@example.org", "Vesna Marković"
        else:
            first = FIRST_NAMES[country][(index + 2) % len(FIRST_NAMES[country])]
            last = LAST_NAMES[country][(index + 3) % len(LAST_NAMES[country])]
            name = f"{first} {last}"
            email = f"ambassador.{country.lower()}{index}@example.org"
        ambassador = _person(
            email,
            name,
            country=country,
            organisation=organisation,
            preferred_language=INTERFACE_LANGUAGE_OF.get(country, "en"),
            languages=[LANGUAGE_OF[country], "en"],
        )
        services.add_member(
            cohort=ineli, user=ambassador, role=Role.AMBASSADOR, by=None, country=country
        )

    # 35 innovators from the 11 countries; the demo innovator is the first from North Macedonia.
    innovators = []
    for country, count in INELI_COUNTRIES:
        firsts = list(FIRST_NAMES[country])
        lasts = list(LAST_NAMES[country])
        rng.shuffle(firsts)
        rng.shuffle(lasts)
        for number in range(count):
            town = LIBRARY_TOWNS[country][number % len(LIBRARY_TOWNS[country])]
            organisation = f"{town} Public Library"
            if country == "MK" and number == 0:
                email, name = "innovator@example.org", "Ana Stojanovska"
            else:
                name = f"{firsts[number % len(firsts)]} {lasts[number % len(lasts)]}"
                email = _slug_email(name, f"{country.lower()}.ineli.example.org")
            person = _person(
                email,
                name,
                country=country,
                organisation=organisation,
                preferred_language=INTERFACE_LANGUAGE_OF.get(country, "en"),
                languages=[LANGUAGE_OF[country], "en"],
                bio=f"Librarian at {organisation}, working on services for young people and adults.",
            )
            services.add_member(cohort=ineli, user=person, role=Role.INNOVATOR, by=None)
            innovators.append(person)
    # Mentor groups: 7 innovators each, never a mentor from the innovator's own organisation.
    for index, innovator in enumerate(
        sorted(innovators, key=lambda person: (str(person.country), person.email))
    ):
        mentor = mentors[index % len(mentors)]
        if innovator.email == "innovator@example.org":
            mentor = mentors[0]
        services.assign_mentor(cohort=ineli, mentor=mentor, innovator=innovator, by=None)
    context["ineli_innovators"] = innovators
    context["ineli_mentors"] = mentors

    # ILN round: ~400 participants from 54 countries (scaled for benchmarks).
    iln_coordinator = _person(
        "iln-coordinator@example.org",
        "Jessica Moore",
        country="AU",
        organisation="International Librarians Network",
    )
    services.add_member(cohort=iln, user=iln_coordinator, role=Role.COORDINATOR, by=None)
    total = 400 * max(1, scale)
    weights = [weight for _code, weight in ILN_COUNTRIES]
    codes = [code for code, _weight in ILN_COUNTRIES]
    existing = set(
        Membership.objects.filter(cohort=iln, role=Role.INNOVATOR).values_list(
            "user__email", flat=True
        )
    )
    participants = 0
    for number in range(total):
        country = codes[number] if number < len(codes) else rng.choices(codes, weights=weights)[0]
        first, last = rng.choice(ILN_FIRST), rng.choice(ILN_LAST)
        if number == 0:
            email, name, country = "iln@example.org", "Alex Carter", "AU"
        else:
            email, name = f"iln{number:04d}@iln.example.org", f"{first} {last}"
        sector = rng.choice(ILN_SECTORS)
        if email in existing:
            participants += 1
            continue
        person = _person(
            email, name, country=country, organisation=f"{sector}, {country}", languages=["en"]
        )
        services.add_member(cohort=iln, user=person, role=Role.INNOVATOR, by=None)
        participants += 1
    context["logins"] = DEMO_LOGINS
    stdout.write(
        f"  people: INELI {len(innovators)} innovators, {len(mentors)} mentors, "
        f"{len(AMBASSADOR_ORGANISATIONS)} ambassadors; ILN {participants} participants"
    )
