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
