"""Demo meetings: the three INELI Balkans meetings (2015–2017) and an upcoming one in 2027.

Built through the services; idempotent (a meeting that exists is left alone) and
deterministic (choices come from ``rng``).
"""

import datetime

from wagtail.models import Locale

from cms.models import HomePage
from cohorts import services as cohort_services
from cohorts.enums import CohortStatus, Role
from cohorts.models import Cohort, Membership

from . import services
from .enums import RegistrationState, SessionKind
from .models import AgendaRelease, MeetingPage, Registration, Room, Session, Speaker, Track

T = datetime.time
TRACKS = [
    (
        "Leadership",
        {"bg": "Лидерство", "mk": "Лидерство", "sr": "Лидерство", "el": "Ηγεσία"},
        "#0b5cad",
    ),
    (
        "New library services",
        {
            "bg": "Нови библиотечни услуги",
            "mk": "Нови библиотечни услуги",
            "sr": "Нове библиотечке услуге",
            "el": "Νέες υπηρεσίες",
        },
        "#1f6f3a",
    ),
    (
        "Networking",
        {"bg": "Мрежа и контакти", "mk": "Вмрежување", "sr": "Умрежавање", "el": "Δικτύωση"},
        "#8a4b00",
    ),
]

# The Belgrade meeting's agenda in Macedonian and Serbian (as an editor would translate it
# with "Translate" in the admin). Two Serbian sessions are left untranslated on purpose:
# /sr/ shows them in English, marked as such.
AGENDA_TRANSLATIONS = {
    "mk": {
        "page": {
            "title": "Средба на мрежата INELI Balkans, Белград 2027",
            "city": "Белград",
            "description": "<p>Годишната средба на генерацијата 2025–2027, домаќин е Градската "
            "библиотека Белград: работилници за грант-проектите, менторски групи и студиска "
            "посета на Нови Сад.</p>",
            "practical_info": "<p>Патот и сместувањето на учесниците ги покрива програмата. "
            "Координаторите го резервираат хотелот; при регистрацијата кажете ни кога "
            "пристигнувате и заминувате.</p>",
        },
        "release": "Нацрт-програма",
        "rooms": {"Main hall": "Голема сала", "Workshop room": "Сала за работилници"},
        "places": {"Novi Sad": "Нови Сад"},
        "titles": {
            "Morning plenary": "Утринска пленарна седница",
            "Your grant project in one page": "Вашиот грант-проект на една страница",
            "Service design with users": "Дизајн на услуги со корисниците",
            "Coffee break": "Пауза за кафе",
            "Public libraries as third places": "Јавните библиотеки како трети места",
            "Lunch": "Ручек",
            "Mentoring groups": "Менторски групи",
            "Team building on the Danube": "Тимско градење на Дунав",
            "Welcome dinner": "Вечера за добредојде",
            "Study visit: Novi Sad City Library": "Студиска посета: Градска библиотека Нови Сад",
            "Evening walk in Zemun": "Вечерна прошетка во Земун",
            "Budgeting and reporting a grant": "Буџетирање и известување за грант",
            "Volunteers and community partners": "Волонтери и партнери од заедницата",
            "Reading in the digital age": "Читањето во дигиталното доба",
            "Mentoring groups: next steps": "Менторски групи: следни чекори",
            "Serbian music evening": "Вечер на српска музика",
            "Closing plenary and certificates": "Завршна пленарна седница и сертификати",
        },
        "descriptions": {
            SessionKind.WORKSHOP: "Практична работа во мали групи, а потоа кратко известување "
            "пред сите.",
            SessionKind.LECTURE: "Предавање, а потоа прашања од публиката.",
            SessionKind.STUDY_VISIT: "Тргнуваме од Белград со автобус; домаќините ги "
            "претставуваат своите услуги и одговараат на прашања. Местата се ограничени: "
            "пријавете се на оваа страница.",
            SessionKind.MENTORING: "Секој ментор се среќава со својата група иноватори.",
            SessionKind.TEAM_BUILDING: "Игри и предизвици што ги мешаат луѓето од различни земји.",
            SessionKind.SOCIAL: "Неформална вечер заедно.",
            SessionKind.PLENARY: "Сите заедно во главната сала.",
        },
    },
    "sr": {
        "page": {
            "title": "Састанак мреже INELI Balkans, Београд 2027",
            "city": "Београд",
            "description": "<p>Годишњи састанак генерације 2025–2027, домаћин је Библиотека "
            "града Београда: радионице о грант пројектима, менторске групе и студијска посета "
            "Новом Саду.</p>",
            "practical_info": "<p>Путовање и смештај учесника покрива програм. Координатори "
            "резервишу хотел; приликом регистрације јавите нам датуме доласка и одласка.</p>",
        },
        "release": "Нацрт програма",
        "rooms": {"Main hall": "Велика сала", "Workshop room": "Сала за радионице"},
        "places": {"Novi Sad": "Нови Сад"},
        "titles": {
            "Morning plenary": "Јутарња пленарна сесија",
            "Your grant project in one page": "Ваш грант-пројекат на једној страни",
            "Service design with users": "Дизајн услуга са корисницима",
            "Coffee break": "Пауза за кафу",
            "Public libraries as third places": "Јавне библиотеке као трећа места",
            "Lunch": "Ручак",
            "Mentoring groups": "Менторске групе",
            "Team building on the Danube": "Тимски рад на Дунаву",
            "Welcome dinner": "Вечера добродошлице",
            "Study visit: Novi Sad City Library": "Студијска посета: Градска библиотека Нови Сад",
            "Budgeting and reporting a grant": "Буџетирање и извештавање о гранту",
            "Volunteers and community partners": "Волонтери и партнери из заједнице",
            "Reading in the digital age": "Читање у дигиталном добу",
            "Mentoring groups: next steps": "Менторске групе: следећи кораци",
            "Closing plenary and certificates": "Завршна пленарна сесија и сертификати",
        },
        "descriptions": {
            SessionKind.WORKSHOP: "Практичан рад у малим групама, затим кратак извештај пред "
            "свима.",
            SessionKind.LECTURE: "Предавање, а затим питања из публике.",
            SessionKind.STUDY_VISIT: "Из Београда крећемо аутобусом; домаћини представљају "
            "своје услуге и одговарају на питања. Број места је ограничен: пријавите се на "
            "овој страници.",
            SessionKind.MENTORING: "Сваки ментор се састаје са својом групом иноватора.",
            SessionKind.TEAM_BUILDING: "Игре и изазови који спајају људе из различитих земаља.",
            SessionKind.SOCIAL: "Неформално вече заједно.",
            SessionKind.PLENARY: "Сви заједно у великој сали.",
        },
    },
}


def _day(kind_rooms, workshop_titles, lecture, lecture_speaker, afternoon, evening):
    """One ordinary meeting day: (title, kind, start, end, room index|None, track, speakers)."""
    first, second = workshop_titles
    return [
        ("Morning plenary", SessionKind.PLENARY, T(9), T(9, 30), 0, 2, []),
        (first, SessionKind.WORKSHOP, T(9, 30), T(11), 0, 0, ["mentor0"]),
        (second, SessionKind.WORKSHOP, T(9, 30), T(11), 1, 1, ["mentor1"]),
        ("Coffee break", SessionKind.BREAK, T(11), T(11, 30), None, None, []),
        (lecture, SessionKind.LECTURE, T(11, 30), T(13), 0, 0, [lecture_speaker]),
        ("Lunch", SessionKind.BREAK, T(13), T(14), None, None, []),
        ("Mentoring groups", SessionKind.MENTORING, T(14), T(15, 30), 1, 0, ["mentor2", "mentor3"]),
        (afternoon, SessionKind.TEAM_BUILDING, T(16), T(17, 30), 0, 2, []),
        (evening, SessionKind.SOCIAL, T(20), T(22, 30), None, 2, []),
    ]


MEETINGS = [
    {
        "slug": "ineli-thessaloniki-2015",
        "title": "INELI Balkans network meeting, Thessaloniki 2015",
        "city": "Thessaloniki",
        "venue": "Central Municipal Library of Thessaloniki",
        "address": "Ethnikis Amynis 27, 546 21 Thessaloniki, Greece",
        "map_url": "https://www.openstreetmap.org/search?query=Thessaloniki%20Central%20Library",
        "starts_on": datetime.date(2015, 11, 25),
        "ends_on": datetime.date(2015, 11, 28),
        "timezone": "Europe/Athens",
        "historic": True,
        "description": "<p>The first meeting of INELI Balkans: four days in which 35 "
        "librarian-innovators, their mentors and the eleven ambassadors met in person and "
        "founded the network.</p>",
        "external": [("Georgia Kalogeraki", "Future Library", "Project manager of INELI Balkans.")],
        "days": [
            _day(
                2,
                ("Getting to know the network", "What is library innovation?"),
                "Libraries as incubators of ideas",
                "external0",
                "Team building in the old town",
                "Welcome dinner",
            ),
            [
                (
                    "Study visit: Central Public Library of Veria",
                    SessionKind.STUDY_VISIT,
                    T(8, 30),
                    T(17),
                    None,
                    1,
                    ["mentor0"],
                    "Veria",
                    25,
                ),
                ("Free evening in Thessaloniki", SessionKind.SOCIAL, T(19), T(22), None, 2, []),
            ],
            _day(
                2,
                ("Strategic planning for small libraries", "Designing a new service"),
                "Leading change in a public library",
                "mentor4",
                "Project pitches in small groups",
                "Greek music night",
            ),
            [
                (
                    "Closing plenary: founding the network",
                    SessionKind.PLENARY,
                    T(9, 30),
                    T(12),
                    0,
                    2,
                    ["external0"],
                )
            ],
        ],
        "releases": ["Final programme"],
    },
    {
        "slug": "ineli-sofia-2016",
        "title": "INELI Balkans network meeting, Sofia 2016",
        "city": "Sofia",
        "venue": "Sofia City Library",
        "address": "Slaveykov Square 4, 1000 Sofia, Bulgaria",
        "map_url": "https://www.openstreetmap.org/search?query=Sofia%20City%20Library",
        "starts_on": datetime.date(2016, 11, 25),
        "ends_on": datetime.date(2016, 11, 28),
        "timezone": "Europe/Sofia",
        "historic": True,
        "description": "<p>The second meeting, organised with the Bulgarian Library and "
        "Information Association: a partner's talk on distance learning for librarians, a visit "
        "to a children's museum, and the announcement of the training results and the innovation "
        "award winners.</p>",
        "bg": {
            "title": "Среща на мрежата INELI Balkans, София 2016",
            "city": "София",
            "venue": "Столична библиотека",
            "address": "пл. „Славейков“ 4, 1000 София",
            "description": "<p>Втората среща, организирана съвместно с Българската библиотечно-"
            "информационна асоциация: лекция на партньор за дистанционно обучение на "
            "библиотекари, посещение в детски музей и обявяване на резултатите от обучението и "
            "наградените иновационни проекти.</p>",
            "practical_info": "<p>Пътуването и настаняването на участниците се поемат от "
            "програмата. Координаторите резервират хотела; посочете датите на пристигане и "
            "заминаване при регистрацията.</p>",
        },
        "external": [
            (
                "Vanya Grashkina",
                "Bulgarian Library and Information Association",
                "Chair of the Bulgarian Library and Information Association.",
            ),
            (
                "Martin Ivanov",
                "Partner: distance learning for librarians",
                "Designs online courses for librarians across south-east Europe.",
            ),
        ],
        "days": [
            _day(
                2,
                ("A year of the network: what we learnt", "From idea to service prototype"),
                "Distance learning for librarians",
                "external1",
                "Team building: library quiz",
                "Welcome reception",
            ),
            [
                (
                    "Visit to Muzeiko children's museum",
                    SessionKind.STUDY_VISIT,
                    T(9, 30),
                    T(12, 30),
                    None,
                    1,
                    [],
                    "Muzeiko, Sofia",
                    20,
                ),
                (
                    "Study visit: Ivan Vazov Public Library, Plovdiv",
                    SessionKind.STUDY_VISIT,
                    T(13, 30),
                    T(19),
                    None,
                    1,
                    ["mentor1"],
                    "Plovdiv",
                    20,
                ),
            ],
            _day(
                2,
                ("Measuring the impact of a service", "Working with partners and funders"),
                "Advocacy for public libraries in Bulgaria",
                "external0",
                "Mentoring groups: preparing the grant proposals",
                "Bulgarian folk evening",
            ),
            [
                (
                    "Training results and innovation awards",
                    SessionKind.PLENARY,
                    T(10),
                    T(12, 30),
                    0,
                    2,
                    ["external0", "mentor0"],
                ),
                ("Farewell lunch", SessionKind.SOCIAL, T(12, 30), T(14), None, 2, []),
            ],
        ],
        "releases": ["Draft programme", "Final programme"],
    },
    {
        "slug": "ineli-athens-2017",
        "title": "INELI Balkans network meeting, Athens 2017",
        "city": "Athens",
        "venue": "Stavros Niarchos Foundation Cultural Center",
        "address": "Leoforos Andrea Syngrou 364, 176 74 Kallithea, Greece",
        "map_url": "https://www.openstreetmap.org/search?query=SNFCC%20Athens",
        "starts_on": datetime.date(2017, 10, 5),
        "ends_on": datetime.date(2017, 10, 7),
        "timezone": "Europe/Athens",
        "historic": True,
        "description": "<p>The third and closing meeting of the first INELI Balkans cohort: the "
        "funded projects were presented and the network planned its future.</p>",
        "external": [("Nikos Vlachos", "Stavros Niarchos Foundation", "Programme officer.")],
        "days": [
            _day(
                2,
                ("Funded projects: first results", "Sustaining a new service"),
                "Libraries and their foundations",
                "external0",
                "Team building by the sea",
                "Dinner in Plaka",
            ),
            [
                (
                    "Study visit: Municipal Library of Chalkida",
                    SessionKind.STUDY_VISIT,
                    T(9),
                    T(16),
                    None,
                    1,
                    ["mentor2"],
                    "Chalkida",
                    25,
                )
            ],
            [
                (
                    "The network after the programme",
                    SessionKind.PLENARY,
                    T(9, 30),
                    T(12),
                    0,
                    2,
                    ["mentor0", "external0"],
                )
            ],
        ],
        "releases": ["Final programme"],
    },
    {
        "slug": "ineli-belgrade-2027",
        "title": "INELI Balkans network meeting, Belgrade 2027",
        "city": "Belgrade",
        "venue": "Belgrade City Library",
        "address": "Knez Mihailova 56, 11000 Belgrade, Serbia",
        "map_url": "https://www.openstreetmap.org/search?query=Belgrade%20City%20Library",
        "starts_on": datetime.date(2027, 4, 21),
        "ends_on": datetime.date(2027, 4, 24),
        "timezone": "Europe/Belgrade",
        "historic": False,
        "capacity": 40,
        "description": "<p>The yearly meeting of the 2025–2027 cohort, hosted by Belgrade City "
        "Library: workshops on the grant projects, mentoring groups, and a study visit to Novi "
        "Sad.</p>",
        "external": [
            (
                "Jelena Đorđević",
                "Belgrade City Library",
                "Head of programmes at Belgrade City Library.",
            ),
            ("Marko Stanković", "University of Belgrade", "Researches reading in the digital age."),
        ],
        "days": [
            _day(
                2,
                ("Your grant project in one page", "Service design with users"),
                "Public libraries as third places",
                "external0",
                "Team building on the Danube",
                "Welcome dinner",
            ),
            [
                (
                    "Study visit: Novi Sad City Library",
                    SessionKind.STUDY_VISIT,
                    T(8),
                    T(18),
                    None,
                    1,
                    ["mentor1"],
                    "Novi Sad",
                    12,
                ),
                ("Evening walk in Zemun", SessionKind.SOCIAL, T(19, 30), T(21), None, 2, []),
            ],
            _day(
                2,
                ("Budgeting and reporting a grant", "Volunteers and community partners"),
                "Reading in the digital age",
                "external1",
                "Mentoring groups: next steps",
                "Serbian music evening",
            ),
            [
                (
                    "Closing plenary and certificates",
                    SessionKind.PLENARY,
                    T(9, 30),
                    T(12),
                    0,
                    2,
                    ["external0", "mentor0"],
                )
            ],
        ],
        "releases": ["Draft programme"],
    },
]


def _cohort_2015(context):
    """The first INELI Balkans cohort (2015–2017), finished; its meetings are history."""
    programme = context["programmes"]["ineli"]
    cohort = Cohort.objects.filter(programme=programme, slug="2015-2017").first()
    if cohort is None:
        cohort = cohort_services.create_cohort(
            programme=programme,
            name="INELI Balkans 2015–2017",
            slug="2015-2017",
            starts_on=datetime.date(2015, 9, 1),
            ends_on=datetime.date(2017, 10, 31),
            by=None,
            countries=context["cohorts"]["ineli"].countries,
            languages=context["cohorts"]["ineli"].languages,
        )
        cohort_services.transition_cohort(cohort, CohortStatus.RUNNING, by=None)
        cohort_services.transition_cohort(cohort, CohortStatus.FINISHED, by=None)
    coordinator = Membership.objects.filter(
        cohort=context["cohorts"]["ineli"],
        role=Role.COORDINATOR,
        user__email="coordinator@example.org",
    ).first()
    if coordinator is not None:
        cohort_services.add_member(
            cohort=cohort, user=coordinator.user, role=Role.COORDINATOR, by=None
        )
    return cohort


def _build_agenda(meeting, spec, mentors):
    rooms = [
        services.save_agenda_item(
            obj=Room(meeting=meeting, name=name, capacity=cap, position=i), by=None
        )
        for i, (name, cap) in enumerate([("Main hall", 80), ("Workshop room", 30)])
    ]
    tracks = [
        services.save_agenda_item(obj=Track(meeting=meeting, name=name, colour=colour), by=None)
        for name, _names, colour in TRACKS
    ]
    speakers = {}
    for index, mentor in enumerate(mentors):
        speakers[f"mentor{index}"] = services.save_agenda_item(
            obj=Speaker(
                meeting=meeting,
                user=mentor,
                name=mentor.full_name,
                organisation=mentor.organisation,
                bio=mentor.bio or "Mentor in INELI Balkans.",
            ),
            by=None,
        )
    for index, (name, organisation, bio) in enumerate(spec["external"]):
        speakers[f"external{index}"] = services.save_agenda_item(
            obj=Speaker(meeting=meeting, name=name, organisation=organisation, bio=bio), by=None
        )
    for day_index, day in enumerate(spec["days"]):
        date = spec["starts_on"] + datetime.timedelta(days=day_index)
        for row in day:
            title, kind, start, end, room, track, speaker_keys = row[:7]
            location = row[7] if len(row) > 7 else ""
            capacity = row[8] if len(row) > 8 else None
            session = Session(
                meeting=meeting,
                title=title,
                kind=kind,
                day=date,
                start_time=start,
                end_time=end,
                room=rooms[room] if room is not None else None,
                track=tracks[track] if track is not None else None,
                location=location,
                capacity=capacity,
                description=_description(kind, title, spec["city"]),
            )
            services.save_session(
                session=session,
                by=None,
                speakers=[speakers[k] for k in speaker_keys if k in speakers],
            )


def _description(kind, title, city):
    texts = {
        SessionKind.WORKSHOP: "Hands-on work in small groups, then a short report to everyone.",
        SessionKind.LECTURE: "A talk followed by questions from the floor.",
        SessionKind.STUDY_VISIT: f"We leave {city} by coach; the hosts show their services and "
        "answer questions. Places are limited: sign up on this page.",
        SessionKind.MENTORING: "Each mentor meets their group of innovators.",
        SessionKind.TEAM_BUILDING: "Games and challenges that mix people from different countries.",
        SessionKind.SOCIAL: "An informal evening together.",
        SessionKind.PLENARY: "Everyone together in the main hall.",
    }
    return texts.get(kind, "")


def _translate_tracks(meeting):
    """The tracks' names in the languages of ``TRACKS`` that have a locale (idempotent)."""
    names = {name: translations for name, translations, _colour in TRACKS}
    languages = set(Locale.objects.values_list("language_code", flat=True))
    for track in Track.objects.of_meeting(meeting):
        for language, name in names.get(track.name, {}).items():
            if language in languages:
                services.save_translation(source=track, language_code=language, by=None, name=name)


def _translate_agenda(meeting):
    """The meeting page, its rooms, sessions and published version in Macedonian and
    Serbian (``AGENDA_TRANSLATIONS``); seeding again rewrites the same texts."""
    for language, texts in AGENDA_TRANSLATIONS.items():
        _translate_page(meeting, texts["page"], language)
        Locale.objects.get_or_create(language_code=language)
        for room in Room.objects.of_meeting(meeting):
            if room.name in texts["rooms"]:
                services.save_translation(
                    source=room, language_code=language, by=None, name=texts["rooms"][room.name]
                )
        for session in Session.objects.of_meeting(meeting):
            title = texts["titles"].get(session.title)
            if title is None:
                continue
            description = session.description and texts["descriptions"].get(session.kind, "")
            services.save_translation(
                source=session,
                language_code=language,
                by=None,
                title=title,
                description=description or session.description,
                location=texts["places"].get(session.location, session.location),
            )
        for release in AgendaRelease.objects.of_meeting(meeting):
            services.save_translation(
                source=release, language_code=language, by=None, name=texts["release"]
            )


def _translate_to_bulgarian(page, values):
    _translate_page(page, values, "bg")


def _translate_page(page, values, language):
    locale, _created = Locale.objects.get_or_create(language_code=language)
    if MeetingPage.objects.filter(translation_key=page.translation_key, locale=locale).exists():
        return
    home = page.get_parent().specific
    if (
        home.get_translation_or_none(locale) is None
        and HomePage.objects.filter(locale=locale).exists()
    ):
        return  # a home page in that language exists but is no translation: the cms decides
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in values.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated_home = translated.get_parent().specific
    if not translated_home.live:
        translated_home.save_revision().publish()


def seed(*, rng, scale, stdout, context):
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        stdout.write("  meetings: no English home page, skipped")
        return
    admin = context.get("admin")
    ineli = context["cohorts"]["ineli"]
    old_cohort = _cohort_2015(context)
    mentors = list(context.get("ineli_mentors", []))
    created = 0
    for spec in MEETINGS:
        meeting = MeetingPage.objects.filter(slug=spec["slug"], locale=home.locale).first()
        if meeting is None:
            meeting = MeetingPage(
                title=spec["title"],
                slug=spec["slug"],
                city=spec["city"],
                venue=spec["venue"],
                address=spec["address"],
                map_url=spec["map_url"],
                starts_on=spec["starts_on"],
                ends_on=spec["ends_on"],
                timezone=spec["timezone"],
                cohort=old_cohort if spec["historic"] else ineli,
                capacity=spec.get("capacity", 45),
                registration_open=not spec["historic"],
                description=spec["description"],
                practical_info="<p>Participants' travel and accommodation are covered by the "
                "programme. The coordinators book the hotel; tell us your arrival and departure "
                "dates when you register.</p>",
            )
            home.add_child(instance=meeting)
            meeting.save_revision(user=admin).publish()
            meeting = MeetingPage.objects.get(pk=meeting.pk)
            _build_agenda(meeting, spec, mentors)
            _publish(meeting, spec["releases"])
            created += 1
        if "bg" in spec:
            _translate_to_bulgarian(meeting, spec["bg"])
        _translate_tracks(meeting)
        if not spec["historic"]:
            _translate_agenda(meeting)
        if not spec["historic"]:
            _registrations(meeting, context, rng)
    stdout.write(
        f"  meetings: {MeetingPage.objects.count()} pages ({created} new), "
        f"{Session.objects.sources().count()} sessions, "
        f"{Registration.objects.filter(state=RegistrationState.REGISTERED).count()} registered, "
        f"{Registration.objects.filter(state=RegistrationState.WAITLISTED).count()} waiting"
    )


def _publish(meeting, names):
    for index, name in enumerate(names):
        if index:
            # Between versions the coordinators moved the first lecture by half an hour.
            lecture = (
                Session.objects.of_meeting(meeting)
                .filter(kind=SessionKind.LECTURE)
                .order_by("day", "start_time")
                .first()
            )
            lecture.start_time, lecture.end_time = T(12), T(13)
            services.save_session(session=lecture, by=None)
        services.publish_agenda(meeting=meeting, name=name, by=None)


def _registrations(meeting, context, rng):
    """Most of the cohort registers; the study visit fills up and two people wait for it."""
    if Registration.objects.filter(meeting=meeting).exists():
        return
    innovators = [p for p in context["ineli_innovators"] if p.email != "innovator@example.org"]
    people = rng.sample(innovators, 28) + list(context["ineli_mentors"])
    diets = ["", "", "", "vegetarian", "vegan", "no pork", "gluten-free"]
    for person in people:
        services.register(
            meeting=meeting,
            user=person,
            by=person,
            dietary_needs=rng.choice(diets),
            arrival_on=meeting.starts_on - datetime.timedelta(days=1),
            departure_on=meeting.ends_on + datetime.timedelta(days=rng.choice([0, 0, 1])),
            listed=rng.random() < 0.8,
        )
    agenda = Session.objects.of_meeting(meeting)
    visit = agenda.get(kind=SessionKind.STUDY_VISIT)
    sessions = list(agenda.exclude(kind=SessionKind.BREAK).exclude(pk=visit.pk))
    for person in people[:14]:
        services.sign_up(session=visit, user=person, by=person)
    for person in people:
        for session in rng.sample(sessions, 4):
            services.star_session(session=session, user=person, by=person)
    # An unpublished change, for the coordinator to publish as the next version.
    lecture = agenda.filter(kind=SessionKind.LECTURE).order_by("day", "start_time").first()
    lecture.start_time, lecture.end_time = T(12), T(13, 15)
    services.save_session(session=lecture, by=None)
