"""Every PDF Kohorta prints, rendered with a branded programme in several languages.

With ``KOHORTA_DOCUMENT_DIR`` set, the PDFs are written there (``make document-images``
renders them to PNG for docs/).
"""

import datetime
import io

import pytest
from pypdf import PdfReader
from wagtail.models import Locale

from cohorts.enums import Role
from curriculum import services
from curriculum.certificates import render_certificate_pdf
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.curriculum import make_course, modules_of, run_course

from .brand import brand

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "mk", "bg", "el"]
MODULES = {
    "en": ["Leading change", "Design thinking", "Partnerships", "Advocacy"],
    "mk": ["Водење промени", "Дизајн размислување", "Партнерства", "Застапување"],
    "bg": ["Водене на промяната", "Дизайн мислене", "Партньорства", "Застъпничество"],
    "el": ["Ηγεσία της αλλαγής", "Σχεδιαστική σκέψη", "Συνεργασίες", "Συνηγορία"],
}
COURSE = {
    "en": "Library innovation leadership",
    "mk": "Лидерство за иновации во библиотеките",
    "bg": "Лидерство за иновации в библиотеките",
    "el": "Ηγεσία καινοτομίας στις βιβλιοθήκες",
}


def _translate(page, language, title):
    locale, _created = Locale.objects.get_or_create(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    return translated


@pytest.fixture
def course_world(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 19, 10, 0, tzinfo=datetime.UTC), tick=False)
    cohort = CohortFactory(name="Cohort 2025–2027")
    brand(cohort.programme)
    course = make_course(modules=4, lessons=3, title="Leadership")
    course.title = COURSE["en"]
    course.save_revision().publish()
    for module, title in zip(modules_of(course), MODULES["en"], strict=True):
        module.title = title
        module.save_revision().publish()
    for language in LANGUAGES[1:]:
        _translate(course, language, COURSE[language])
        for module, title in zip(modules_of(course), MODULES[language], strict=True):
            _translate(module, language, title)
    run = run_course(cohort, course)
    coordinator = add_member(cohort, Role.COORDINATOR)
    return cohort, run, coordinator


@pytest.mark.parametrize("language", LANGUAGES)
def test_certificate_document(course_world, save_pdf, language):
    cohort, run, coordinator = course_world
    names = {
        "en": "Ana Stojanovska",
        "mk": "Ана Стојановска",
        "bg": "Мария Георгиева-Петрова",
        "el": "Ελένη Παπαδοπούλου",
    }
    person = add_member(
        cohort, Role.INNOVATOR, full_name=names[language], preferred_language=language
    )
    certificate = services.issue_certificate(
        cohort_course=run, user=person, by=coordinator, force=True
    )
    pdf = save_pdf(f"certificate-{language}", render_certificate_pdf(certificate))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert MODULES[language][3] in text
    assert COURSE[language] in text
    if language == "en":
        from curriculum.badges import badge_png

        save_pdf("open-badge-en", badge_png(certificate), suffix=".png")


# Meetings: the printed programme and the badges -------------------------------------------

SESSIONS = [
    (0, "09:00", "09:45", "plenary", "Opening: libraries as civic infrastructure", "Main hall"),
    (0, "10:00", "11:30", "workshop", "Design thinking for public services", "Room A"),
    (0, "10:00", "11:30", "lecture", "Measuring impact without drowning in data", "Room B"),
    (0, "12:30", "13:30", "social", "Lunch", ""),
    (0, "13:30", "15:00", "mentoring", "Mentor groups", "Room A"),
    (0, "15:30", "17:00", "workshop", "Prototyping a service in a day", "Room B"),
    (1, "09:00", "17:00", "study_visit", "Study visit: Plovdiv public library", ""),
    (2, "09:30", "11:00", "plenary", "What we learned: the innovators' pitches", "Main hall"),
    (2, "11:30", "12:30", "plenary", "Closing and next steps", "Main hall"),
]


@pytest.fixture
def meeting_world(time_machine):
    from django.utils import timezone

    from events import services as event_services
    from tests.factories.events import RoomFactory, SessionFactory, SpeakerFactory, make_meeting

    time_machine.move_to(datetime.datetime(2027, 10, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
    cohort = CohortFactory(name="Cohort 2026–2028")
    brand(cohort.programme)
    meeting = make_meeting(
        cohort,
        title="INELI Balkans annual meeting 2027",
        city="Sofia",
        venue="Sofia City Library",
        address="4 Slaveykov Square, 1000 Sofia",
        practical_info=(
            "<p><b>Getting there.</b> Sofia airport is 10 km from the centre; metro line M4 "
            "runs to Serdika station, a five-minute walk from the library.</p>"
            "<p><b>Accommodation.</b> Rooms are booked for every participant at Hotel Central "
            "from 24 to 28 November.</p><p><b>Contact.</b> The coordinators are on "
            "+359 2 000 0000 during the meeting.</p>"
        ),
    )
    rooms = {
        name: RoomFactory(meeting=meeting, name=name) for name in ("Main hall", "Room A", "Room B")
    }
    people = [
        SpeakerFactory(meeting=meeting, name="Dr Ivana Kostova", organisation="Sofia City Library"),
        SpeakerFactory(meeting=meeting, name="Marek Nowak", organisation="Biblioteka Kraków"),
        SpeakerFactory(meeting=meeting, name="Elena Dimitrova", organisation="Goethe-Institut"),
    ]
    for number, (day, start, end, kind, title, room) in enumerate(SESSIONS):
        session = SessionFactory(
            meeting=meeting,
            room=rooms.get(room),
            title=title,
            kind=kind,
            day=meeting.starts_on + datetime.timedelta(days=day),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            location="Plovdiv" if kind == "study_visit" else "",
        )
        if kind in ("plenary", "lecture", "workshop"):
            session.speakers.add(people[number % 3])
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Petya Georgieva")
    event_services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    assert timezone.now()
    return cohort, meeting, coordinator, people


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_document(client, meeting_world, save_pdf, language):
    _cohort, meeting, _coordinator, _people = meeting_world
    response = client.get(f"/meetings/{meeting.pk}/programme.pdf?lang={language}")
    pdf = save_pdf(f"programme-{language}", response.content)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # A cover and the three days flowing on two pages, not one page per day.
    assert len(reader.pages) == 3
    assert "Study visit: Plovdiv public library" in text
    assert "Marek Nowak (Biblioteka Kraków)" in text
    assert "3 / 3" in reader.pages[2].extract_text()


@pytest.mark.parametrize("layout", ["a6", "4", "8"])
def test_badges_document(client, meeting_world, save_pdf, layout):
    from events import services as event_services

    cohort, meeting, coordinator, people = meeting_world
    attendees = [
        ("Ana Stojanovska", "National and University Library Skopje", "MK", Role.INNOVATOR),
        ("Dimitris Alexiou", "Public Library of Veria", "GR", Role.MENTOR),
        ("Jelena Marković", "Belgrade City Library", "RS", Role.AMBASSADOR),
        ("Marek Nowak", "Biblioteka Kraków", "PL", Role.INNOVATOR),
    ]
    for name, organisation, country, role in attendees:
        person = add_member(
            cohort, role, full_name=name, organisation=organisation, country=country
        )
        if name == "Marek Nowak":
            people[1].user = person
            people[1].save()
        event_services.register(meeting=meeting, user=person, by=person)
    event_services.register(meeting=meeting, user=coordinator, by=coordinator)
    client.force_login(coordinator)
    response = client.get(f"/meetings/{meeting.pk}/manage/badges.pdf?layout={layout}")
    pdf = save_pdf(f"badges-{layout}", response.content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == {"a6": 5, "4": 2, "8": 1}[layout]
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("INNOVATOR", "MENTOR", "AMBASSADOR", "SPEAKER", "STAFF", "North Macedonia"):
        assert expected in text
