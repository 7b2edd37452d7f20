"""Demo discussions (run by ``manage.py seed_demo`` after the other apps' seeders).

INELI Balkans discusses the course's lesson prompts in English and Macedonian with the
mentors answering; a mentor group talks in its private thread; the ILN round's topic
threads get replies from many countries; iln@ (Alex Carter) and their partner exchange a
few messages; 60 people are in the directory. Everything goes through the services; posts
are then dated back over the past weeks, as a real discussion would be. Idempotent: a
thread that already has posts is left alone.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.enums import Role
from cohorts.models import MentorGroup, MentorGroupMember, User

from . import services
from .models import Post, Thread

INELI_ANSWERS = [
    (
        "en",
        "Our makerspace for teenagers was new five years ago. A young colleague pushed for "
        "it and the mayor's office found the money; it stuck because the teens ran it "
        "themselves.",
    ),
    (
        "mk",
        "Кај нас пред пет години почна **читачки клуб за возрасни**. Го предложи една "
        "колешка, а опстана затоа што членовите самите избираат книги.",
    ),
    (
        "en",
        "Online reservations. Nobody believed people would use them; now half the loans "
        "start there.",
    ),
    (
        "mk",
        "Мобилната библиотека за селата. Ја туркаше директорката, а опстана зашто "
        "општината ја виде вредноста.",
    ),
]
MENTOR_REPLIES = [
    "Thank you, @{name}. What would you do differently if you started it today?",
    "A lovely example, @{name}: who kept it going when the first enthusiasm faded?",
    "Благодарам, @{name}! Ова е добар пример за тоа како корисниците стануваат сопственици.",
]
ILN_REPLIES = [
    "Greetings from our small branch: this topic is very close to my daily work.",
    "In our library we tried this last year, with mixed results. Happy to share our notes.",
    "Our users are mostly students in exam season; the rest of the year it is families.",
    "I loved reading your answers. We have the same challenge with opening hours.",
    "We started a partnership with the local school; it changed who comes through the door.",
    "Short answer: budget. Long answer: we learned to ask the community first.",
]
PAIR_MESSAGES = [
    "Hi! Happy to be your partner this round. Shall we start with a video call next week?",
    "Hello Alex, yes please! Tuesday evening my time works best.",
    "Great. I will send a short tour of my library beforehand.",
    "Looking forward to it. I'll prepare questions about your outreach programme.",
]
GROUP_MESSAGES = [
    "Welcome to our group! Let's use this thread for anything between our calls.",
    "Thank you! Could we move Thursday's call half an hour later?",
    "Of course. I'll send the new time in the calendar.",
]
SECTORS = ["public", "academic", "school", "special", "public", "public"]
INTERESTS = [
    "outreach, reading promotion",
    "digital literacy, makerspaces",
    "children's services, storytelling",
    "open access, research data",
    "community partnerships, advocacy",
    "local history, digitisation",
]


def _backdate(post, when):
    Post.objects.filter(pk=post.pk).update(created_at=when)
    Thread.objects.filter(pk=post.thread_id, last_post_id_cache=post.pk).update(last_post_at=when)


def _discuss(thread, turns, start):
    """Post ``[(author, text)]`` in order, each an hour or so after the last."""
    if thread.post_count or Post.objects.filter(thread=thread).exists():
        return 0
    when = start
    quoted = None
    for number, (author, text) in enumerate(turns):
        thread.refresh_from_db()
        post = services.add_post(
            thread=thread, body=text, by=author, quoted=quoted if number % 3 == 2 else None
        )
        _backdate(post, when)
        quoted = post
        when += datetime.timedelta(hours=3, minutes=17 * number)
    return len(turns)


def _ineli(context, now):
    from curriculum.models import LessonPage

    cohort = context["cohorts"]["ineli"]
    course = (context.get("curriculum") or {}).get("course")
    if course is None:
        return 0
    lessons = [
        lesson
        for lesson in LessonPage.objects.descendant_of(course).order_by("path")
        if any(block.block_type == "discussion" for block in lesson.body)
    ][:3]
    mentors_of = {
        row.innovator_id: row.group.mentor
        for row in MentorGroupMember.objects.filter(cohort=cohort).select_related("group__mentor")
    }
    innovators = list(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.INNOVATOR)
        .filter(pk__in=list(mentors_of))
        .order_by("email")
    )
    ana = User.objects.filter(email="innovator@example.org").first()
    if ana in innovators:
        innovators.remove(ana)
    posts = 0
    for index, lesson in enumerate(lessons):
        thread = services.open_lesson_thread(
            cohort_id=cohort.pk, lesson_key=lesson.translation_key, title=lesson.title
        )
        turns = []
        speakers = innovators[index * 3 : index * 3 + 3]
        if index == 0 and ana is not None:
            speakers = [ana, *speakers[:2]]
        for number, person in enumerate(speakers):
            _language, text = INELI_ANSWERS[(number + index) % len(INELI_ANSWERS)]
            turns.append((person, text))
            mentor = mentors_of.get(person.pk)
            if mentor is not None:
                reply = MENTOR_REPLIES[(number + index) % len(MENTOR_REPLIES)]
                turns.append((mentor, reply.format(name=person.full_name)))
        posts += _discuss(thread, turns, now - datetime.timedelta(days=20 - 5 * index))
    mentor = User.objects.filter(email="mentor@example.org").first()
    group = MentorGroup.objects.filter(cohort=cohort, mentor=mentor).first()
    if group is not None:
        thread = services.sync_mentor_group_thread(group=group)
        mentees = list(group.members.select_related("innovator").order_by("innovator__email"))
        people = [mentor, mentees[0].innovator if mentees else mentor, mentor]
        posts += _discuss(
            thread,
            list(zip(people, GROUP_MESSAGES, strict=False)),
            now - datetime.timedelta(days=9),
        )
    return posts


def _iln(context, now):
    cohort = context["cohorts"]["iln"]
    services.open_topic_threads(cohort_id=cohort.pk)
    people = list(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.INNOVATOR)
        .exclude(country="")
        .order_by("country", "email")
    )
    by_country = {}
    for person in people:
        by_country.setdefault(str(person.country), person)
    voices = list(by_country.values())
    posts = 0
    threads = Thread.objects.filter(cohort=cohort, topic__isnull=False).order_by("topic__starts_on")
    for index, thread in enumerate(threads[:4]):
        speakers = voices[index * 6 : index * 6 + 6] or voices[:6]
        turns = [
            (person, ILN_REPLIES[(n + index) % len(ILN_REPLIES)])
            for n, person in enumerate(speakers)
        ]
        start = thread.last_post_at or now - datetime.timedelta(days=30)
        posts += _discuss(thread, turns, start + datetime.timedelta(hours=2))
    alex = User.objects.filter(email="iln@example.org").first()
    if alex is not None:
        services.open_private_threads(user=alex)
        thread = Thread.objects.filter(
            peer_pair__isnull=False, members__user=alex, members__participant=True
        ).first()
        if thread is not None:
            partner = thread.members.filter(participant=True).exclude(user=alex).first().user
            people = [alex, partner, alex, partner]
            posts += _discuss(
                thread,
                list(zip(people, PAIR_MESSAGES, strict=False)),
                now - datetime.timedelta(days=6),
            )
    return posts


def _directory(context, rng):
    """The demo logins who take part, and enough others from both programmes, opt in."""
    wanted = list(
        User.objects.filter(
            email__in=["innovator@example.org", "mentor@example.org", "iln@example.org"]
        )
    )
    for key in ("ineli", "iln"):
        wanted += list(
            User.objects.filter(
                memberships__cohort=context["cohorts"][key],
                memberships__role__in=[Role.INNOVATOR, Role.MENTOR],
            )
            .exclude(Q(email__endswith="@pl.iln.example.org") | Q(in_directory=True))
            .order_by("email")[:30]
        )
    seen = set()
    for number, person in enumerate(wanted):
        if person.pk in seen or person.in_directory:
            continue
        seen.add(person.pk)
        cohort_services.update_profile(
            user=person,
            by=None,
            in_directory=True,
            sector=person.sector or SECTORS[number % len(SECTORS)],
            interests=person.interests or INTERESTS[number % len(INTERESTS)],
        )
    return User.objects.filter(in_directory=True).count()


def seed(*, rng, scale, stdout, context):
    if "cohorts" not in context:
        stdout.write("  no demo cohorts: run cohorts.demo first; community skipped")
        return
    now = timezone.now()
    ineli = _ineli(context, now)
    iln = _iln(context, now)
    listed = _directory(context, rng)
    stdout.write(
        f"  discussions: {ineli} INELI posts, {iln} ILN posts; {listed} people in the directory"
    )
