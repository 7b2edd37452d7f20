"""Demo grants for INELI Balkans, built through the services (see DOMAIN.md).

Two calls: the innovation awards of 2026 (30 proposals, blind review, decided: five funded
projects with milestones and reports) and the 2027 seed grants, open now (2026-11-21), in
which innovator@example.org has a draft ready to submit. Idempotent: if the awards call
exists, nothing is added.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from cohorts.models import User

from . import services
from .enums import MilestoneStatus, Outcome, ProposalState, ReportKind
from .models import Decision, GrantCall, Proposal
from .selectors import ranking_table

ATHENS = zoneinfo.ZoneInfo("Europe/Athens")
AWARDS_TITLE = "INELI Balkans Innovation Awards 2026"
SEED_TITLE = "INELI Balkans Seed Grants 2027"

# (title, who it serves, what the service does, a key activity)
IDEAS = [
    (
        "Makerspace on Wheels",
        "teenagers in villages around the town",
        "a van with 3D printers, soldering kits and laptops that visits village schools every week",
        "fit out the van and train four volunteer mentors",
    ),
    (
        "Digital Skills Corner for Seniors",
        "people over 65",
        "weekly drop-in sessions where seniors learn e-government services, video calls "
        "and online banking",
        "recruit young volunteers as digital buddies",
    ),
    (
        "Seed Library",
        "urban gardeners and schools",
        "a lending collection of local heirloom seeds that borrowers return after harvest",
        "build the seed cabinet and a catalogue in the library system",
    ),
    (
        "Family Reading Backpacks",
        "families with pre-school children",
        "themed backpacks with picture books, games and a parents' guide for two weeks at home",
        "assemble 60 backpacks in three languages",
    ),
    (
        "Job Club at the Library",
        "unemployed young adults",
        "a weekly club with CV workshops, mock interviews and visits from local employers",
        "partner with the employment office",
    ),
    (
        "Podcast Studio for Local Voices",
        "young people and local associations",
        "a small recording studio and training to produce podcasts about the town's history",
        "equip a soundproofed room and run a summer school",
    ),
    (
        "Library of Things",
        "households on low incomes",
        "lending tools, sewing machines, camping gear and board games with a library card",
        "collect and catalogue 150 items",
    ),
    (
        "Homework Help Hub",
        "primary-school pupils from Roma communities",
        "afternoon homework support with trained volunteers and Romani-speaking mediators",
        "train volunteers with the local Roma NGO",
    ),
    (
        "Local History Digitisation with Citizens",
        "retired people and students",
        "citizen volunteers scan family photographs and record the stories behind them",
        "set up a scanning station and an online exhibition",
    ),
    (
        "Coding Club for Girls",
        "girls aged 10–14",
        "a weekly club on programming and robotics led by women engineers",
        "buy robotics kits and run two cohorts a year",
    ),
    (
        "Easy-Read Collection",
        "adults with intellectual disabilities",
        "a collection of easy-to-read books and reading circles with support workers",
        "select titles with the disability association",
    ),
    (
        "Welcome Desk for Refugees",
        "refugee and migrant families",
        "an information and language desk with volunteer interpreters and bilingual books",
        "train interpreters and translate library guides",
    ),
    (
        "Game Design Lab",
        "teenagers",
        "a lab where teenagers design board and video games about local legends",
        "run a game jam with the secondary school",
    ),
    (
        "Library Garden and Reading Terrace",
        "all residents",
        "turning the unused courtyard into a garden with outdoor reading and events",
        "plant the garden with the horticulture school",
    ),
    (
        "Braille and Audio Book Service",
        "blind and partially sighted readers",
        "home delivery of audio books and a tactile picture-book collection",
        "buy DAISY players and record local authors",
    ),
    (
        "Media Literacy Workshops",
        "secondary-school students",
        "workshops on spotting disinformation, with a fact-checking newsroom day",
        "write a workshop kit with journalists",
    ),
    (
        "Repair Café",
        "households and environmental groups",
        "monthly sessions where volunteers repair small appliances, clothes and bikes",
        "gather volunteer fixers and basic tools",
    ),
    (
        "Baby Rhyme Time",
        "parents of babies under two",
        "weekly rhyme and song sessions in the children's department",
        "train staff in early-literacy techniques",
    ),
    (
        "Entrepreneurship Corner",
        "small businesses and start-ups",
        "business databases, consultations and co-working desks in the library",
        "partner with the chamber of commerce",
    ),
    (
        "Mobile Library for Mountain Villages",
        "elderly residents of mountain villages",
        "a monthly book delivery route with internet access on board",
        "plan the route with the municipality",
    ),
    (
        "Escape Room about the Town's History",
        "young adults and tourists",
        "an escape room built in the library's basement with puzzles from the local archive",
        "design the puzzles with the history museum",
    ),
    (
        "Sign Language Story Hour",
        "deaf children and their families",
        "story hours told in sign language with picture books",
        "train two storytellers with the association of the deaf",
    ),
    (
        "Climate Action Library",
        "schools and environmental clubs",
        "a collection on climate and energy, with lending energy meters and workshops",
        "buy energy meters and run school workshops",
    ),
    (
        "Prison Reading Programme",
        "inmates of the regional prison",
        "a reading club and a rotating collection in the prison",
        "agree the programme with the prison administration",
    ),
    (
        "Virtual Reality Heritage Tours",
        "pupils and visitors",
        "virtual-reality tours of the region's monasteries and archaeological sites",
        "produce three 360-degree tours",
    ),
    (
        "Language Exchange Café",
        "young adults and newcomers",
        "weekly conversation tables pairing speakers of different languages",
        "recruit language hosts",
    ),
    (
        "Library Radio for the Hospital",
        "long-term hospital patients",
        "a bedside radio programme of readings and a book trolley on the wards",
        "record readings with local actors",
    ),
    (
        "Book Start for Newborns",
        "families of newborns",
        "a gift bag with a first book and a library card for every newborn in the municipality",
        "work with the maternity ward",
    ),
    (
        "Photo Archive of Our Neighbourhood",
        "residents of a new housing estate",
        "collecting and exhibiting photographs of the neighbourhood's changes over 50 years",
        "hold collection days and an exhibition",
    ),
    (
        "Tech Help Desk",
        "adults of all ages",
        "a help desk where trained teenagers help adults with phones, tablets and laptops",
        "train a team of teenage tech helpers",
    ),
]
BUDGET_ITEMS = [
    "Equipment",
    "Books and materials",
    "Training of staff and volunteers",
    "Promotion and printed materials",
    "Travel",
    "Software and licences",
    "Furniture",
    "Workshop costs",
]
AWARDS_CRITERIA = [
    ("Innovation", "How new is the service for the library and the region?", "2", True),
    ("Benefit to the community", "Who gains, how many people, how much?", "2", True),
    ("Feasibility", "Can the team deliver it with this plan and timeline?", "1.5", True),
    ("Value for money", "Is the budget realistic and well spent?", "1", True),
    ("Sustainability", "Will the service continue after the grant?", "1", True),
    ("Partnerships", "Local partners who share the work (n/a if none are needed).", "0.5", False),
]
SEED_CRITERIA = [
    ("Idea", "Is it a clear, new idea?", "1", True),
    ("Readiness", "Can it start within three months?", "1", True),
    ("Reach", "How many people will it serve?", "1", False),
]
JUROR_EMAILS = [
    "jury@example.org",
    "jury2@example.org",
    "jury3@example.org",
    "jury4@example.org",
    "jury5@example.org",
]
# A lenient and a harsh juror, so the normalised score has something to correct.
JUROR_BIAS = {
    "jury@example.org": 0,
    "jury2@example.org": 1,
    "jury3@example.org": 0,
    "jury4@example.org": -1,
    "jury5@example.org": 0,
}
COMMENTS = [
    "A clear need and a convincing plan. Consider how you will measure the impact.",
    "The idea is promising; the timeline looks tight for the activities described.",
    "Good partnerships. The budget for equipment seems high compared with the activities.",
    "Well argued and realistic. Think about how the service continues after the grant.",
    "An original service for the region. Describe the target group's involvement in more detail.",
]
NOTES = [
    "Similar to a project funded in 2024 in the same town.",
    "Strong applicant, weaker proposal.",
    "I would fund it if the budget were cut by a third.",
    "",
]


def _texts(idea, person):
    """The proposal's texts; they name no town or library, since the awards call is blind."""
    title, community, service, activity = idea
    return {
        "title": title,
        "summary": f"{title}: {service}, for {community}.",
        "problem": (
            f"In our town, {community} have few chances to use the library. "
            "Our surveys and conversations with local partners show a need the library can meet."
        ),
        "target_community": f"{community.capitalize()} in our town and the surrounding area.",
        "activities": (
            f"1. Prepare: {activity}.\n2. Launch {service}.\n3. Evaluate and share results."
        ),
        "timeline": (
            "Months 1–2: preparation. Months 3–10: the service runs. Months 11–12: evaluation."
        ),
    }


def _budget(rng, maximum):
    lines = []
    for item in rng.sample(BUDGET_ITEMS, rng.randint(3, 5)):
        lines.append((item, Decimal(rng.randrange(300, 2400, 50))))
    total = sum(amount for _item, amount in lines)
    if total > maximum:
        factor = maximum / total
        lines = [(item, (amount * factor).quantize(Decimal("1"))) for item, amount in lines]
        excess = sum(amount for _item, amount in lines) - maximum
        if excess > 0:
            item, amount = lines[0]
            lines[0] = (item, amount - excess)
    return lines


def _review_values(rng, criteria, quality, bias):
    scores = {}
    for criterion in criteria:
        if not criterion.required and rng.random() < 0.3:
            scores[criterion.pk] = "na"
            continue
        value = round(quality + bias + rng.uniform(-0.8, 0.8))
        scores[criterion.pk] = max(criterion.scale_min, min(criterion.scale_max, value))
    return scores


def _recommendation(scores):
    values = [v for v in scores.values() if v != "na"]
    mean = sum(values) / len(values)
    return "yes" if mean >= 4 else "maybe" if mean >= 3 else "no"


# Macedonian and Serbian translations of the awards call's rubric and question (the last
# criterion is left untranslated: the pages show it in English, marked as such).
TRANSLATIONS = {
    "mk": {
        "Innovation": "Иновативност",
        "How new is the service for the library and the region?": (
            "Колку е нова услугата за библиотеката и регионот?"
        ),
        "Benefit to the community": "Корист за заедницата",
        "Who gains, how many people, how much?": "Кој добива, колку луѓе и колку?",
        "Feasibility": "Изводливост",
        "Can the team deliver it with this plan and timeline?": (
            "Може ли тимот да ја оствари со овој план и рокови?"
        ),
        "Value for money": "Вредност за парите",
        "Is the budget realistic and well spent?": "Дали буџетот е реален и добро потрошен?",
        "Sustainability": "Одржливост",
        "Will the service continue after the grant?": "Дали услугата ќе продолжи по грантот?",
        "How does your library's management support the project?": (
            "Како раководството на вашата библиотека го поддржува проектот?"
        ),
    },
    "sr": {
        "Innovation": "Иновативност",
        "How new is the service for the library and the region?": (
            "Колико је услуга нова за библиотеку и регион?"
        ),
        "Benefit to the community": "Корист за заједницу",
        "Who gains, how many people, how much?": "Ко добија, колико људи и колико?",
        "Feasibility": "Изводљивост",
        "Can the team deliver it with this plan and timeline?": (
            "Може ли тим да је оствари са овим планом и роковима?"
        ),
        "Value for money": "Вредност за новац",
        "Is the budget realistic and well spent?": "Да ли је буџет реалан и добро утрошен?",
        "Sustainability": "Одрживост",
        "Will the service continue after the grant?": "Да ли ће се услуга наставити после гранта?",
        "How does your library's management support the project?": (
            "Како руководство ваше библиотеке подржава пројекат?"
        ),
    },
}
UNTRANSLATED_CRITERION = "Partnerships"


def seed(*, rng, scale, stdout, context):
    cohort = context["cohorts"]["ineli"]
    if GrantCall.objects.filter(cohort=cohort, title=AWARDS_TITLE).exists():
        stdout.write("  grants: demo calls already present")
    else:
        _seed_calls(rng, context, cohort, stdout)
    _translate_awards_call(cohort)


def _translate_awards_call(cohort):
    """Macedonian and Serbian for the awards call's criteria and question (idempotent)."""
    from kohorta.translating import translate_for_demo

    call = GrantCall.objects.filter(cohort=cohort, title=AWARDS_TITLE).first()
    if call is None:
        return
    objects = [c for c in call.source_criteria() if c.name != UNTRANSLATED_CRITERION]
    for language, texts in TRANSLATIONS.items():
        for obj in [*objects, *call.source_questions()]:
            translate_for_demo(obj, language, texts)


def _seed_calls(rng, context, cohort, stdout):
    innovators = list(context["ineli_innovators"])
    demo_innovator = next(p for p in innovators if p.email == "innovator@example.org")
    jurors = [User.objects.get(email=email) for email in JUROR_EMAILS]
    coordinator = User.objects.get(email="coordinator@example.org")
    _seed_awards(rng, cohort, innovators, demo_innovator, jurors, coordinator, stdout)
    _seed_open_call(rng, cohort, innovators, demo_innovator, jurors, coordinator, stdout)


def _seed_awards(rng, cohort, innovators, demo_innovator, jurors, coordinator, stdout):
    now = timezone.now()
    call = services.create_call(
        cohort=cohort,
        by=None,
        title=AWARDS_TITLE,
        description=(
            "Initial grants and administrative support for the five most successful new library "
            "services designed by the innovators during the training, to be implemented in their "
            "own libraries."
        ),
        eligibility=(
            "Innovators of the INELI Balkans 2025–2027 cohort, alone or with co-applicants."
        ),
        opens_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=ATHENS),
        closes_at=now + datetime.timedelta(days=1),
        timezone="Europe/Athens",
        total_budget=Decimal("45000"),
        max_per_proposal=Decimal("9000"),
        awards=5,
        jurors_per_proposal=3,
        blind_review=True,
        same_country_conflicts=True,
        extra_questions="How does your library's management support the project?",
    )
    criteria = [
        services.create_criterion(
            call=call,
            by=None,
            name=name,
            guidance=guidance,
            weight=Decimal(weight),
            required=required,
            position=index,
        )
        for index, (name, guidance, weight, required) in enumerate(AWARDS_CRITERIA)
    ]
    question = str(call.source_questions()[0].pk)
    applicants = [demo_innovator] + [p for p in innovators if p != demo_innovator][:29]
    others = [p for p in innovators if p not in applicants]
    proposals, quality = [], {}
    for index, (person, idea) in enumerate(zip(applicants, IDEAS, strict=True)):
        proposal = services.create_proposal(call=call, by=person, title=idea[0])
        co_applicants = [others[index % len(others)]] if index % 6 == 3 and others else []
        proposal = services.save_proposal(
            proposal=proposal,
            by=person,
            budget_lines=_budget(rng, call.max_per_proposal),
            co_applicants=co_applicants,
            answers={question: "The director has approved the project and a staff member's time."},
            **_texts(idea, person),
        )
        proposals.append(proposal)
        quality[proposal.pk] = 4.4 if person == demo_innovator else rng.uniform(1.8, 4.3)
        if index == 29:
            continue  # one draft never submitted
        services.transition_proposal(proposal, ProposalState.SUBMITTED, by=person)
        if person == demo_innovator or index in (5, 11):
            services.transition_proposal(proposal, ProposalState.DRAFT, by=person, note="fix typos")
            services.save_proposal(
                proposal=proposal,
                by=person,
                timeline="Months 1–3: preparation with partners. Months 4–10: the service runs. "
                "Months 11–12: evaluation and a public report.",
            )
            services.transition_proposal(proposal, ProposalState.SUBMITTED, by=person)
    for proposal in proposals[27:29]:
        services.transition_proposal(proposal, ProposalState.WITHDRAWN, by=proposal.applicant)
    for proposal in proposals[:27]:
        target = (
            ProposalState.INELIGIBLE if proposal in proposals[25:27] else ProposalState.ELIGIBLE
        )
        services.transition_proposal(proposal, target, by=coordinator, note="screening")
    reviewable = proposals[:25]
    for proposal in reviewable:
        services.transition_proposal(proposal, ProposalState.IN_REVIEW, by=coordinator)
    # Declared conflicts: three jurors know an applicant personally.
    for juror, proposal, note in [
        (jurors[0], reviewable[7], "The applicant was my intern in 2023."),
        (jurors[1], reviewable[12], "We co-wrote a grant application last year."),
        (jurors[3], reviewable[18], "Close friend of the applicant."),
    ]:
        services.declare_conflict(proposal=proposal, by=juror, note=note)
    services.auto_assign(call=call, by=coordinator, per_proposal=3)
    reviews = {"submitted": 0, "draft": 0, "not started": 0}
    for proposal in reviewable:
        for assignment in proposal.assignments.select_related("juror"):
            juror = assignment.juror
            roll = rng.random()
            if roll < 0.06:
                reviews["not started"] += 1
                continue
            scores = _review_values(rng, criteria, quality[proposal.pk], JUROR_BIAS[juror.email])
            submit = roll >= 0.12
            services.save_review(
                proposal=proposal,
                by=juror,
                scores=scores,
                comment_to_applicant=rng.choice(COMMENTS),
                private_note=rng.choice(NOTES),
                recommendation=_recommendation(scores),
                submit=submit,
            )
            reviews["submitted" if submit else "draft"] += 1
    # The awards follow the ranking's default order (the normalised score), so a letter's
    # "among the best five" is the position the coordinator sees.
    rows = ranking_table(call)
    winners = [row.proposal for row in rows[: call.awards]]
    for row in rows:
        proposal = row.proposal
        if proposal in winners:
            services.record_decision(
                proposal=proposal,
                by=coordinator,
                outcome=Outcome.AWARD,
                amount=proposal.budget_total,
                rationale=f"The jury ranked the proposal {row.position} of {len(rows)}, "
                "among the best five of the call.",
            )
        else:
            services.record_decision(
                proposal=proposal,
                by=coordinator,
                outcome=Outcome.NOT_FUNDED,
                rationale="The call funds five projects; this proposal ranked below them.",
            )
    services.send_decisions(
        call=call,
        by=coordinator,
        reason="The jury met on the closing day; the missing reviews would not change the five.",
    )
    # The demo's decision e-mails count as sent: queued tasks then do nothing.
    Decision.objects.filter(proposal__call=call).update(emailed_at=now)
    for number, proposal in enumerate(winners):
        award = Proposal.objects.get(pk=proposal.pk).award
        parts = [
            ("Service launched", datetime.date(2026, 11, 15), Decimal("0.4"), ReportKind.PROGRESS),
            ("Mid-term review", datetime.date(2027, 3, 1), Decimal("0.3"), ReportKind.PROGRESS),
            (
                "Final report and evaluation",
                datetime.date(2027, 7, 31),
                Decimal("0.3"),
                ReportKind.FINAL,
            ),
        ]
        for index, (title, due_on, share, kind) in enumerate(parts):
            amount = (award.amount * share).quantize(Decimal("1"))
            if index == len(parts) - 1:
                amount = award.amount - sum(m.amount for m in award.milestones.all())
            milestone = services.add_milestone(
                award=award,
                by=coordinator,
                title=title,
                due_on=due_on,
                amount=amount,
                report_kind=kind,
            )
            if index == 0 and number % 2 == 0:
                services.submit_report(
                    milestone=milestone,
                    by=proposal.applicant,
                    text="The service opened to the public; the first sessions were fully booked.",
                )
                services.set_milestone_status(
                    milestone=milestone, by=coordinator, status=MilestoneStatus.COMPLETED
                )
            elif index == 0:
                services.set_milestone_status(
                    milestone=milestone, by=coordinator, status=MilestoneStatus.IN_PROGRESS
                )
    services.update_call(
        call=call,
        by=None,
        closes_at=datetime.datetime(2026, 6, 30, 17, 0, tzinfo=ATHENS),
        reviews_close_at=datetime.datetime(2026, 9, 15, 17, 0, tzinfo=ATHENS),
    )
    stdout.write(
        f"  grants: “{AWARDS_TITLE}”: {len(proposals)} proposals, {len(winners)} awarded; reviews "
        f"{reviews['submitted']} submitted, {reviews['draft']} draft, "
        f"{reviews['not started']} not started"
    )


def _seed_open_call(rng, cohort, innovators, demo_innovator, jurors, coordinator, stdout):
    call = services.create_call(
        cohort=cohort,
        by=None,
        title=SEED_TITLE,
        description=(
            "Small grants of up to 3,000 EUR to try out a new service idea in three months."
        ),
        eligibility="Innovators of the INELI Balkans 2025–2027 cohort.",
        opens_at=datetime.datetime(2026, 11, 1, 9, 0, tzinfo=ATHENS),
        closes_at=datetime.datetime(2027, 1, 31, 17, 0, tzinfo=ATHENS),
        timezone="Europe/Athens",
        total_budget=Decimal("12000"),
        max_per_proposal=Decimal("3000"),
        awards=4,
        jurors_per_proposal=2,
        blind_review=False,
    )
    criteria = [
        services.create_criterion(
            call=call,
            by=None,
            name=name,
            guidance=guidance,
            weight=Decimal(weight),
            required=required,
            position=index,
        )
        for index, (name, guidance, weight, required) in enumerate(SEED_CRITERIA)
    ]
    ideas = list(reversed(IDEAS))
    applicants = [p for p in reversed(innovators) if p != demo_innovator][:6]
    proposals = []
    for person, idea in zip(applicants, ideas, strict=False):
        proposal = services.create_proposal(call=call, by=person, title=f"{idea[0]} (pilot)")
        proposal = services.save_proposal(
            proposal=proposal,
            by=person,
            budget_lines=_budget(rng, call.max_per_proposal),
            **_texts(idea, person),
        )
        services.transition_proposal(proposal, ProposalState.SUBMITTED, by=person)
        proposals.append(proposal)
    draft = services.create_proposal(
        call=call, by=demo_innovator, title="Tech Help Desk for Skopje"
    )
    services.save_proposal(
        proposal=draft,
        by=demo_innovator,
        budget_lines=[
            ("Laptops and tablets for practice", Decimal("1600")),
            ("Training the teenage helpers", Decimal("600")),
        ],
        **{**_texts(IDEAS[-1], demo_innovator), "title": "Tech Help Desk for Skopje"},
    )
    for proposal in proposals[:4]:
        services.transition_proposal(proposal, ProposalState.ELIGIBLE, by=coordinator)
        services.transition_proposal(proposal, ProposalState.IN_REVIEW, by=coordinator)
    for proposal in proposals[:4]:
        for juror in (jurors[0], jurors[1]):
            services.assign_juror(proposal=proposal, juror=juror, by=coordinator)
    for proposal in proposals[:3]:
        scores = _review_values(rng, criteria, rng.uniform(2.5, 4.5), 0)
        services.save_review(
            proposal=proposal,
            by=jurors[1],
            scores=scores,
            comment_to_applicant=rng.choice(COMMENTS),
            private_note=rng.choice(NOTES),
            recommendation=_recommendation(scores),
            submit=True,
        )
    stdout.write(
        f"  grants: “{SEED_TITLE}” open: {len(proposals)} submitted, innovator@ has a draft; "
        "jury@ has 4 proposals to review"
    )
