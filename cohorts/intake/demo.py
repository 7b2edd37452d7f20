"""Demo calls, applications, peer matching and topics, built through the services.

Runs after ``cohorts.demo``: an open INELI Balkans call (2027–2029) with applications,
and the ILN round's ~400 participants' applications, a country over the 20% cap, a
duplicate, a published matching (so iln@example.org sees a partner) and fortnightly
discussion topics. Idempotent and deterministic.
"""

import datetime

from django.utils import timezone

from .. import services
from ..demo import (
    FIRST_NAMES,
    INELI_COUNTRIES,
    LANGUAGE_OF,
    LAST_NAMES,
    LIBRARY_TOWNS,
    _person,
    _slug_email,
)
from ..enums import CohortStatus, Role
from ..models import (
    Application,
    ApplicationReview,
    Call,
    CallQuestion,
    Cohort,
    DiscussionTopic,
    MatchingRun,
    Membership,
    ReviewCriterion,
    User,
)
from . import services as intake
from . import topics
from .enums import CareerStage, Interest, MatchingRunStatus, Sector
from .matching import service as matching

INELI_RUBRIC = [
    {
        "name": "Motivation",
        "description": "Why now, and what the applicant wants to change in their library.",
        "scale_max": 5,
    },
    {
        "name": "Innovation idea",
        "description": "Is the new service idea clear, new for the place and feasible?",
        "scale_max": 5,
        "weight": 2,
    },
    {
        "name": "Commitment to the network",
        "description": "Two years of training, yearly meetings and sharing with colleagues.",
        "scale_max": 5,
    },
]
# (applicant index among the Serbian applications, reviewer, scores, recommendation, note,
# submitted): the ambassador has reviewed two, has a draft of one and has not yet opened the
# third the coordinator scored (so they see a blind review).
INELI_REVIEWS = [
    (0, "coordinator", (5, 4, 4), "accept", "Clear plan and a director who backs it.", True),
    (0, "ambassador", (4, 5, 4), "accept", "Known in the Serbian network; will share.", True),
    (1, "coordinator", (3, 2, 4), "waitlist", "Motivated; the idea needs more focus.", True),
    (1, "ambassador", (4, 3, 5), "accept", "Runs the regional reading club already.", True),
    (2, "coordinator", (2, 3, 2), "decline", "Little time for two years of training.", True),
    (3, "ambassador", (4, None, None), "none", "", False),
]

INELI_QUESTIONS = [
    {
        "label": "Which new library service would you like to develop during the programme?",
        "help_text": "A few sentences are enough.",
        "required": True,
    },
    {
        "label": "How will your library support your participation?",
        "help_text": "",
        "required": False,
    },
]
SERVICE_IDEAS = [
    "A maker space for teenagers with a 3D printer and coding clubs.",
    "E-learning circles for adults who want to improve their digital skills.",
    "A mobile library visiting villages without a branch.",
    "Storytelling afternoons in the languages of the town's minorities.",
    "A seed library and community garden in the library courtyard.",
    "Job-seeking help with CV workshops and interview practice.",
]
SECTOR_OF_ILN = {
    "University Library": Sector.ACADEMIC,
    "Public Library": Sector.PUBLIC,
    "School Library": Sector.SCHOOL,
    "State Library": Sector.SPECIAL,
    "Medical Library": Sector.SPECIAL,
    "Law Library": Sector.SPECIAL,
    "Special Library": Sector.SPECIAL,
    "Library School": Sector.STUDENT,
}
SECOND_LANGUAGE = {
    "PL": "pl",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "PE": "es",
    "BR": "pt",
    "PT": "pt",
    "DE": "de",
    "IT": "it",
    "FI": "fi",
    "SE": "sv",
    "NO": "nb",
    "DK": "da",
    "NL": "nl",
    "BE": "fr",
    "CA": "fr",
    "GR": "el",
    "RS": "sr",
    "MK": "mk",
    "BG": "bg",
    "RO": "ro",
    "HR": "hr",
    "TR": "tr",
    "JP": "ja",
    "KR": "ko",
    "TW": "zh-hant",
    "SG": "zh-hans",
    "MY": "ms",
    "ID": "id",
    "IN": "hi",
    "PK": "ur",
    "BD": "bn",
    "EG": "ar",
    "KE": "sw",
    "TZ": "sw",
    "IL": "he",
}
ILN_TOPICS = [
    ("Introductions", "Tell your partner about your library, your job and your town."),
    ("A day in your working life", "Walk your partner through a typical day."),
    ("Your users", "Who uses your library, and who does not? Why?"),
    ("Digital services", "Which online services does your library offer, and which work?"),
    ("Professional development", "How do you keep learning? Courses, networks, reading?"),
    ("Advocacy", "How does your library show its value to those who fund it?"),
    ("Collaboration", "Which partnerships with other organisations have worked for you?"),
    ("Looking ahead", "What will libraries in your country look like in ten years?"),
    ("Staying in touch", "How will you keep the connection going after the round?"),
]


def _interests(rng):
    return sorted(rng.sample(Interest.values, rng.randint(2, 5)))


def seed_ineli_call(*, rng, context, stdout):
    ineli = context["cohorts"]["ineli"]
    cohort = Cohort.objects.filter(programme=ineli.programme, slug="2027-2029").first()
    if cohort is None:
        cohort = services.create_cohort(
            programme=ineli.programme,
            name="INELI Balkans 2027–2029",
            slug="2027-2029",
            starts_on=datetime.date(2027, 9, 1),
            ends_on=datetime.date(2029, 8, 31),
            by=None,
            countries=[code for code, _count in INELI_COUNTRIES],
            languages=list(ineli.languages),
        )
        intake.save_call(
            cohort=cohort,
            by=None,
            deadline=datetime.datetime(2027, 3, 31, 23, 59, tzinfo=datetime.UTC),
            introduction=(
                "INELI Balkans is looking for 35 emerging library innovators from the Balkans "
                "for two years of online leadership training with mentors, yearly networking "
                "meetings and innovation grants for new library services."
            ),
            country_cap_percent=20,
            questions=INELI_QUESTIONS,
        )
        cohort = services.transition_cohort(cohort, CohortStatus.OPEN, by=None, note="Demo call")
    coordinator = User.objects.get(email="coordinator@example.org")
    services.add_member(cohort=cohort, user=coordinator, role=Role.COORDINATOR, by=None)
    ambassador = User.objects.get(email="ambassador@example.org")
    services.add_member(cohort=cohort, user=ambassador, role=Role.AMBASSADOR, by=None, country="RS")
    call = cohort.call
    questions = [str(q.pk) for q in call.questions.sources()]
    created = 0
    for country, count in INELI_COUNTRIES:
        for number in range(count - 1):
            first = FIRST_NAMES[country][(number + 1) % len(FIRST_NAMES[country])]
            last = LAST_NAMES[country][(number + 2) % len(LAST_NAMES[country])]
            name = f"{first} {last}"
            email = _slug_email(name, f"{country.lower()}.apply.example.org")
            town = LIBRARY_TOWNS[country][(number + 1) % len(LIBRARY_TOWNS[country])]
            person = _person(
                email,
                name,
                country=country,
                organisation=f"{town} Public Library",
                languages=[LANGUAGE_OF[country], "en"],
            )
            if Application.objects.filter(cohort=cohort, user=person).exists():
                continue
            draft = number == 1 and country in {"AL", "RO"}
            intake.save_application(
                cohort=cohort,
                user=person,
                by=None,
                submit=not draft,
                sector=rng.choice([Sector.PUBLIC, Sector.PUBLIC, Sector.SCHOOL, Sector.ACADEMIC]),
                career_stage=rng.choice([CareerStage.EARLY, CareerStage.MID]),
                country=country,
                organisation=f"{town} Public Library",
                languages=[LANGUAGE_OF[country], "en"],
                interests=_interests(rng),
                hopes="To learn how to plan and run a new service, and to meet colleagues.",
                answers={questions[0]: rng.choice(SERVICE_IDEAS)},
            )
            created += 1
    # The same Serbian librarian applied twice, with two e-mail addresses.
    twin = _person(
        "dragana.petrovic.lib@example.org",
        "Dragana Petrović",
        country="RS",
        organisation="Belgrade Public Library",
    )
    original = _person(
        "dragana.petrovic@rs.apply.example.org",
        "Dragana Petrovic",
        country="RS",
        organisation="Belgrade Public Library",
    )
    for person in (original, twin):
        if not Application.objects.filter(cohort=cohort, user=person).exists():
            intake.save_application(
                cohort=cohort,
                user=person,
                by=None,
                submit=True,
                sector=Sector.PUBLIC,
                career_stage=CareerStage.MID,
                country="RS",
                organisation="Belgrade Public Library",
                languages=["sr", "en"],
                interests=["children", "community"],
                hopes="To bring new services to young people in Belgrade.",
                answers={questions[0]: SERVICE_IDEAS[0]},
            )
            created += 1
    serbian = Application.objects.filter(cohort=cohort, country="RS", state="submitted").first()
    if serbian is not None and not serbian.notes.exists():
        intake.review_application(
            application=serbian,
            by=None,
            score=8,
            note="Strong idea; the library director supports it.",
        )
    reviews = seed_ineli_reviews(cohort, {"coordinator": coordinator, "ambassador": ambassador})
    context["ineli_call"] = cohort
    stdout.write(
        f"  INELI call: {created} new applications to {cohort.name}, {reviews} new reviews"
    )
    return cohort


def seed_ineli_reviews(cohort, reviewers):
    """The call's rubric (3 criteria, 1–5) and a few reviews by the coordinator and the
    Serbian ambassador; reviews already there are left as they are. Returns how many were new.
    """
    call = cohort.call
    if not ReviewCriterion.objects.filter(call=call).exists():
        intake.save_rubric(call=call, by=None, criteria=INELI_RUBRIC)
    criteria = list(ReviewCriterion.objects.filter(call=call).order_by("position", "pk"))
    serbian = list(
        Application.objects.filter(cohort=cohort, country="RS", state="submitted").order_by(
            "submitted_at", "pk"
        )[:4]
    )
    created = 0
    for index, who, values, recommendation, note, submit in INELI_REVIEWS:
        if index >= len(serbian):
            continue
        application, reviewer = serbian[index], reviewers[who]
        if ApplicationReview.objects.filter(application=application, reviewer=reviewer).exists():
            continue
        intake.save_review(
            application=application,
            by=reviewer,
            scores={c.pk: v for c, v in zip(criteria, values, strict=True) if v is not None},
            note=note,
            recommendation=recommendation,
            submit=submit,
        )
        created += 1
    return created


def seed_iln_round(*, rng, context, stdout):
    iln = context["cohorts"]["iln"]
    start = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))
    memberships = list(
        Membership.objects.filter(cohort=iln, role=Role.INNOVATOR)
        .select_related("user")
        .order_by("user__email")
    )
    have = set(Application.objects.filter(cohort=iln).values_list("user_id", flat=True))
    for number, membership in enumerate(memberships):
        user = membership.user
        if user.pk in have:
            continue
        sector_name = user.organisation.split(",")[0]
        sector = SECTOR_OF_ILN.get(sector_name, Sector.PUBLIC)
        languages = ["en"]
        country = str(user.country)
        if country in SECOND_LANGUAGE and rng.random() < 0.8:
            languages.append(SECOND_LANGUAGE[country])
        intake.import_application(
            cohort=iln,
            user=user,
            by=None,
            accepted=True,
            submitted_at=start + datetime.timedelta(minutes=7 * number),
            sector=sector,
            career_stage=(
                CareerStage.STUDENT
                if sector == Sector.STUDENT
                else rng.choice([CareerStage.EARLY, CareerStage.MID, CareerStage.SENIOR])
            ),
            country=country,
            organisation=user.organisation,
            languages=languages,
            interests=_interests(rng),
            hopes="To add a new country to my network and share experience.",
            preferred_partner_sector=rng.choice(["", "", Sector.ACADEMIC, Sector.PUBLIC]),
        )
    # Late applicants from Poland push it over the 20% cap; the latest move to a later round.
    late_start = start + datetime.timedelta(days=40)
    for number in range(90):
        email = f"late{number:03d}@pl.iln.example.org"
        person = _person(
            email,
            f"{rng.choice(['Anna', 'Piotr', 'Zofia', 'Tomasz', 'Ewa', 'Marek'])} "
            f"{rng.choice(['Nowak', 'Kowalska', 'Wiśniewski', 'Wójcik', 'Kamińska'])}",
            country="PL",
            organisation=f"Public Library no. {number + 1}, Kraków",
            languages=["pl", "en"],
        )
        intake.import_application(
            cohort=iln,
            user=person,
            by=None,
            submitted_at=late_start + datetime.timedelta(minutes=3 * number),
            sector=Sector.PUBLIC,
            career_stage=CareerStage.EARLY,
            country="PL",
            organisation=person.organisation,
            languages=["pl", "en"],
            interests=_interests(rng),
            hopes="To meet librarians abroad.",
        )
    moved = intake.apply_country_cap(cohort=iln, by=None, percent=20)
    # Alex Carter applied a second time with a +tag address: a duplicate to merge.
    twin = _person("iln+again@example.org", "Alex Carter", country="AU", organisation="")
    intake.import_application(
        cohort=iln,
        user=twin,
        by=None,
        submitted_at=late_start,
        sector=Sector.PUBLIC,
        career_stage=CareerStage.MID,
        country="AU",
        organisation="Public Library, AU",
        languages=["en"],
        interests=["digital"],
        hopes="Applied twice by mistake.",
    )

    seed_iln_past_round(context=context)
    run = MatchingRun.objects.filter(cohort=iln, status=MatchingRunStatus.PUBLISHED).first()
    if run is None:
        run = matching.create_run(cohort=iln, by=None)
        matching.publish_run(run=run, by=None)
    # Every run: the people seeder above gives the dropout their membership back.
    seed_iln_changes(iln=iln, run=run)
    for (title, body), day in zip(ILN_TOPICS, topics.fortnights(iln), strict=False):
        if not DiscussionTopic.objects.filter(cohort=iln, starts_on=day).exists():
            topics.schedule_topic(cohort=iln, starts_on=day, title=title, body=body, by=None)
    countries = Application.objects.filter(cohort=iln).values("country").distinct().count()
    stdout.write(
        f"  ILN round: {Application.objects.filter(cohort=iln).count()} applications from "
        f"{countries} countries, {len(moved)} moved to a later round by the cap; "
        f"{run} published ({run.pairs.count()} groups, total score {run.total_score}, "
        f"{run.duration_ms} ms)"
    )


def seed_iln_past_round(*, context):
    """An earlier ILN round (finished) with a published matching of 41 of today's people.

    Among them iln@example.org: today's matching never gives anyone a partner from it.
    """
    iln = context["cohorts"]["iln"]
    past = Cohort.objects.filter(programme=iln.programme, slug="round-2026-a").first()
    if past is not None:
        return past
    past = services.create_cohort(
        programme=iln.programme,
        name="ILN round 2026 (January–April)",
        slug="round-2026-a",
        starts_on=datetime.date(2026, 1, 15),
        ends_on=datetime.date(2026, 4, 30),
        by=None,
        countries=[country.code for country in iln.countries],
        languages=["en"],
    )
    services.transition_cohort(past, CohortStatus.RUNNING, by=None, note="Demo past round")
    coordinator = User.objects.filter(email="iln-coordinator@example.org").first()
    if coordinator is not None:
        services.add_member(cohort=past, user=coordinator, role=Role.COORDINATOR, by=None)
    people = list(
        User.objects.filter(
            memberships__cohort=iln, memberships__role=Role.INNOVATOR, email__endswith="example.org"
        )
        .exclude(email__endswith="pl.iln.example.org")
        .order_by("email")[:40]
    )
    alex = User.objects.filter(email="iln@example.org").first()
    if alex is not None and alex not in people:
        people.append(alex)
    for person in people:
        services.add_member(cohort=past, user=person, role=Role.INNOVATOR, by=None)
    run = matching.create_run(cohort=past, by=None)
    matching.publish_run(run=run, by=None)
    services.transition_cohort(past, CohortStatus.FINISHED, by=None, note="Demo past round")
    return past


def seed_iln_changes(*, iln, run):
    """After the matching was published: one person drops out, three join late (again on
    every run, so seeding twice leaves the same round).

    So the coordinator can try "Re-match the affected people" (one partner left alone and
    the late joiners are matched; everyone else keeps their partner).
    """
    alex = User.objects.filter(email="iln@example.org").values_list("pk", flat=True).first()
    pair = run.pairs.exclude(person_a=alex).exclude(person_b=alex).exclude(person_c=alex)
    pair = pair.filter(person_c__isnull=True).order_by("pk").first()
    if pair is not None:
        membership = Membership.objects.filter(
            cohort=iln, user_id=pair.person_a_id, role=Role.INNOVATOR
        ).first()
        if membership is not None:
            services.remove_member(membership=membership, by=None)
    for email, name, country in (
        ("late.joiner1@iln.example.org", "Aroha Ngata", "NZ"),
        ("late.joiner2@iln.example.org", "Thabo Nkosi", "ZA"),
        ("late.joiner3@iln.example.org", "Siobhán Byrne", "IE"),
    ):
        person = _person(email, name, country=country, organisation="City Library")
        # A late joiner applied late and was accepted: an application like everyone's.
        intake.import_application(
            cohort=iln,
            user=person,
            by=None,
            accepted=True,
            submitted_at=timezone.now(),
            sector=Sector.PUBLIC,
            career_stage=CareerStage.EARLY,
            country=country,
            organisation="City Library",
            languages=["en"],
            interests=[Interest.COMMUNITY, Interest.DIGITAL],
            hopes="I joined the round late and hope to find a partner.",
        )
        services.add_member(cohort=iln, user=person, role=Role.INNOVATOR, by=None)


def seed(*, rng, scale, stdout, context):
    seed_ineli_call(rng=rng, context=context, stdout=stdout)
    seed_iln_round(rng=rng, context=context, stdout=stdout)
    translate_demo_content(context=context)


# Macedonian and Serbian for the INELI call's questions and the ILN round's first topics
# (the INELI call's second question has no Serbian: /sr/ shows it in English, marked).
TRANSLATIONS = {
    "mk": {
        INELI_QUESTIONS[0]["label"]: (
            "Која нова библиотечна услуга би сакале да ја развиете во текот на програмата?"
        ),
        INELI_QUESTIONS[0]["help_text"]: "Доволни се неколку реченици.",
        INELI_QUESTIONS[1]["label"]: "Како вашата библиотека ќе го поддржи вашето учество?",
        "Introductions": "Запознавање",
        ILN_TOPICS[0][1]: "Раскажете му на партнерот за вашата библиотека, работа и град.",
        "A day in your working life": "Еден ден од вашиот работен живот",
        ILN_TOPICS[1][1]: "Опишете му на партнерот еден вообичаен работен ден.",
        "Your users": "Вашите корисници",
        ILN_TOPICS[2][1]: "Кој ја користи вашата библиотека, а кој не? Зошто?",
    },
    "sr": {
        INELI_QUESTIONS[0]["label"]: (
            "Коју нову библиотечку услугу бисте желели да развијете током програма?"
        ),
        INELI_QUESTIONS[0]["help_text"]: "Довољно је неколико реченица.",
        "Introductions": "Упознавање",
        ILN_TOPICS[0][1]: "Испричајте партнеру о својој библиотеци, послу и граду.",
        "A day in your working life": "Један дан вашег радног живота",
        ILN_TOPICS[1][1]: "Проведите партнера кроз један уобичајен радни дан.",
        "Your users": "Ваши корисници",
        ILN_TOPICS[2][1]: "Ко користи вашу библиотеку, а ко не? Зашто?",
    },
}


def translate_demo_content(*, context):
    """The translations above, made as an editor makes them (idempotent)."""
    from kohorta.translating import translate_for_demo

    ineli = context["cohorts"]["ineli"]
    call = Call.objects.filter(cohort__programme=ineli.programme, cohort__slug="2027-2029").first()
    iln = context["cohorts"]["iln"]
    titles = [title for title, _body in ILN_TOPICS[:3]]
    objects = [
        *(call.questions.sources() if call else []),
        *DiscussionTopic.objects.sources().filter(cohort=iln, title__in=titles),
    ]
    for language, texts in TRANSLATIONS.items():
        for obj in objects:
            wording = obj.label if isinstance(obj, CallQuestion) else obj.title
            if wording in texts:
                translate_for_demo(obj, language, texts)
