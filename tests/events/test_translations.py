"""Translatable agenda content (rooms, tracks, sessions, agenda versions; issue 17 point 4).

Sources are in the meeting's language and keep every relation; translations are rows in
other locales with the same translation_key, text only. The published agenda shows the
translations at reading time, in one query.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from cohorts.enums import Role
from events import selectors, services
from events.models import AgendaRelease, MeetingPage, Room, Session, SessionSignup, Track
from events.privacy import personal_data
from tests.factories.cohorts import add_member
from tests.factories.events import SessionFactory, TrackFactory


def _translate_page(meeting, language, title):
    locale, _created = Locale.objects.get_or_create(language_code=language)
    page = meeting.copy_for_translation(locale, copy_parents=True)
    page.title = title
    page.save_revision().publish()
    home = page.get_parent().specific
    if not home.live:
        home.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


@pytest.fixture
def mk_page(meeting):
    return _translate_page(meeting, "mk", "Средба во Софија")


@pytest.fixture
def published(meeting, agenda, coordinator, mk_page):
    services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    return meeting


def _session(meeting, title):
    return Session.objects.of_meeting(meeting).get(title=title)


def _translate(source, language="mk", **texts):
    return services.save_translation(source=source, language_code=language, by=None, **texts)


def test_new_rows_are_sources_in_the_meeting_locale(meeting, agenda, mk_page):
    opening = _session(meeting, "Opening plenary")
    translation = _translate(opening, title="Отворање")

    assert opening.locale_id == meeting.locale_id and opening.is_source
    assert translation.locale.language_code == "mk" and not translation.is_source
    assert translation.translation_key == opening.translation_key
    # Text only: the meeting, room and times are the source's; no speakers of its own.
    assert (translation.meeting_id, translation.room_id) == (opening.meeting_id, opening.room_id)
    assert not translation.speakers.exists()
    assert Session.objects.of_meeting(meeting).count() == 3
    assert Session.objects.sources().filter(meeting=meeting).count() == 3


def test_the_macedonian_page_shows_translations_and_marks_the_rest(client, published, mk_page):
    room = Room.objects.of_meeting(published).get()
    _translate(_session(published, "Opening plenary"), title="Отворање", description="Сите.")
    _translate(room, name="Голема сала")
    release = AgendaRelease.objects.of_meeting(published).get()
    _translate(release, name="Конечна програма")

    html = client.get(mk_page.url).content.decode()

    assert "Отворање" in html and "Конечна програма" in html and "Голема сала" in html
    # An untranslated session is shown in English and says so with lang.
    assert re.search(r'lang="en">Design thinking workshop<', html)
    assert 'lang="en">Отворање' not in html
    assert "not yet translated" not in html  # some are translated: no notice
    # Each session once (grid and list), translations never listed beside their sources.
    assert html.count('class="session-card__title"') == 2 * 3


def test_a_whole_untranslated_agenda_says_so_once(client, published, mk_page):
    html = client.get(mk_page.url).content.decode()

    assert html.count("agenda-fallback") == 1
    assert 'lang="en">Opening plenary<' in html
    # Both languages are named in the reader's language ("Англиски", not "English").
    assert "Англиски" in html.split("agenda-fallback", 1)[1].split("</p>", 1)[0]


def test_the_english_page_is_unchanged(client, published):
    _translate(_session(published, "Opening plenary"), title="Отворање")

    html = client.get(published.url).content.decode()

    assert "Opening plenary" in html and "Отворање" not in html
    assert 'lang="en"' not in html.split("<main", 1)[-1]


def test_a_translation_made_after_publishing_shows_without_a_new_version(
    client, published, mk_page
):
    assert "Отворање" not in client.get(mk_page.url).content.decode()
    _translate(_session(published, "Opening plenary"), title="Отворање")

    assert "Отворање" in client.get(mk_page.url).content.decode()
    assert AgendaRelease.objects.of_meeting(published).count() == 1


@pytest.mark.parametrize("rooms", [1, 4])
def test_the_macedonian_page_costs_one_query_more(
    client, django_assert_num_queries, meeting, coordinator, mk_page, rooms
):
    from tests.factories.events import RoomFactory

    for r in range(rooms):
        room = RoomFactory(meeting=meeting)
        for i in range(3):
            session = SessionFactory(
                meeting=meeting,
                room=room,
                title=f"S{r}-{i}",
                start_time=datetime.time(8 + i),
                end_time=datetime.time(8 + i, 50),
            )
            _translate(session, title=f"С{r}-{i}")
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    client.get(meeting.url)
    client.get(mk_page.url)
    with django_assert_num_queries(10):  # as tests/events/test_views.py
        client.get(meeting.url)
    # The Macedonian page looks up its original page (two queries) and its language's
    # home and translations as any translated page does, and the agenda's translations in
    # one query: 15 at both sizes.
    with django_assert_num_queries(15):
        html = client.get(mk_page.url).content.decode()
    assert html.count("С0-0") == 2


def test_signing_up_from_the_macedonian_page_signs_up_for_the_source(
    client, published, mk_page, innovator
):
    visit = _session(published, "Study visit: Plovdiv public library")
    translation = _translate(visit, title="Студиска посета: Пловдив")
    services.register(meeting=published, user=innovator, by=innovator)
    client.force_login(innovator)

    assert "Студиска посета: Пловдив" in client.get(mk_page.url).content.decode()
    client.post(reverse("events:signup", args=[visit.pk]) + "?lang=mk")
    refused = client.post(reverse("events:signup", args=[translation.pk]))

    assert refused.status_code == 404
    assert list(SessionSignup.objects.values_list("session_id", flat=True)) == [visit.pk]
    with pytest.raises(Exception, match="translation"):
        services.sign_up(session=translation, user=innovator, by=innovator)


def test_session_detail_speaker_page_and_changelog_in_macedonian(client, published, coordinator):
    opening = _session(published, "Opening plenary")
    _translate(opening, title="Отворање", location="Главна зграда")
    opening.title = "Opening plenary and welcome"
    services.save_session(session=opening, by=coordinator)
    services.publish_agenda(meeting=published, name="v2", by=coordinator)
    speaker = opening.speakers.get()

    detail = client.get(reverse("events:session", args=[opening.pk]) + "?lang=mk")
    speaker_page = client.get(reverse("events:speaker", args=[speaker.pk]) + "?lang=mk")
    changes = client.get(reverse("events:changelog", args=[published.pk]) + "?lang=mk")

    assert "Отворање" in detail.content.decode()
    assert "Отворање" in speaker_page.content.decode()
    text = changes.content.decode()
    assert "<strong>Отворање</strong>" in text
    # The published before and after values stay in English, marked as such.
    assert 'lang="en">Opening plenary → Opening plenary and welcome' in text


def test_feeds_are_in_the_feed_language_and_the_person_language(client, published, innovator):
    _translate(_session(published, "Opening plenary"), title="Отворање")
    registration = services.register(meeting=published, user=innovator, by=innovator)
    services.star_session(
        session=_session(published, "Opening plenary"), user=innovator, by=innovator
    )

    english = client.get(reverse("events:agenda_ics", args=[published.pk]) + "?lang=en")
    macedonian = client.get(reverse("events:agenda_ics", args=[published.pk]) + "?lang=mk")
    innovator.preferred_language = "mk"
    innovator.save(update_fields=["preferred_language"])
    personal = client.get(reverse("events:personal_ics", args=[registration.calendar_token]))

    assert b"SUMMARY:Opening plenary" in english.content
    assert "SUMMARY:Отворање" in macedonian.content.decode()
    assert "SUMMARY:Отворање" in personal.content.decode()


def test_session_emails_are_in_the_recipient_language(published, innovator, run_on_commit):
    visit = _session(published, "Study visit: Plovdiv public library")
    _translate(visit, title="Студиска посета: Пловдив")
    innovator.preferred_language = "mk"
    innovator.save(update_fields=["preferred_language"])
    services.register(meeting=published, user=innovator, by=innovator)
    mail.outbox.clear()

    with run_on_commit():
        services.sign_up(session=visit, user=innovator, by=innovator)

    (message,) = mail.outbox
    assert "Студиска посета: Пловдив" in message.subject
    assert "Студиска посета: Пловдив" in message.body


def test_agenda_change_email_names_the_session_in_the_recipient_language(
    published, innovator, coordinator, run_on_commit
):
    opening = _session(published, "Opening plenary")
    _translate(opening, title="Отворање")
    innovator.preferred_language = "mk"
    innovator.save(update_fields=["preferred_language"])
    services.register(meeting=published, user=innovator, by=innovator)
    services.star_session(session=opening, user=innovator, by=innovator)
    opening.start_time, opening.end_time = datetime.time(9, 30), datetime.time(10, 30)
    services.save_session(session=opening, by=coordinator)
    mail.outbox.clear()

    with run_on_commit():
        services.publish_agenda(meeting=published, name="v2", by=coordinator)

    bodies = [m.body for m in mail.outbox if innovator.email in m.to]
    assert bodies and "Отворање" in bodies[0]


def test_check_in_list_and_programme_pdf_in_macedonian(client, published, coordinator, innovator):
    visit = _session(published, "Study visit: Plovdiv public library")
    _translate(visit, title="Студиска посета: Пловдив")
    services.register(meeting=published, user=innovator, by=innovator)
    services.sign_up(session=visit, user=innovator, by=innovator)
    client.force_login(coordinator)

    with translation.override("mk"):
        rows = selectors.check_in_list(published, visit.day)
    assert rows[0]["sessions"] == ["Студиска посета: Пловдив"]
    pdf = client.get(reverse("events:programme_pdf", args=[published.pk]) + "?lang=mk")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_coordinator_screen_lists_each_session_once_in_their_language(
    client, published, coordinator
):
    visit = _session(published, "Study visit: Plovdiv public library")
    _translate(visit, title="Студиска посета: Пловдив")
    client.force_login(coordinator)

    html = client.get(reverse("events:manage", args=[published.pk]) + "?lang=mk").content
    assert html.decode().count("Студиска посета: Пловдив") == 1
    assert "Study visit: Plovdiv public library" not in html.decode().split("Sessions with")[-1]


def test_deleting_a_source_deletes_its_translations(published, coordinator):
    opening = _session(published, "Opening plenary")
    _translate(opening, title="Отворање")

    services.delete_session(session=opening, by=coordinator)

    assert not Session.objects.filter(translation_key=opening.translation_key).exists()


def test_privacy_export_lists_source_sessions_once(published, mk_page):
    opening = _session(published, "Opening plenary")
    _translate(opening, title="Отворање")
    speaker = opening.speakers.get()
    user = add_member(published.cohort, Role.MENTOR, email="speaker@example.org")
    speaker.user = user
    speaker.save()

    profiles = personal_data(user)["speaker_profiles"]

    assert profiles[0]["sessions"] == ["Opening plenary"]


# The admin: wagtail-localize's Translate, scoped to the coordinator's cohorts -------------


def _submit_url(obj):
    meta = obj._meta
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, obj.pk],
    )


@pytest.mark.parametrize("model", [Session, Room, Track, AgendaRelease])
def test_coordinator_may_translate_their_agenda_rows(client, published, coordinator, model):
    if model is Track:
        TrackFactory(meeting=published, name="Leadership")
    obj = model.objects.of_meeting(published).first()
    client.force_login(coordinator)

    assert client.get(_submit_url(obj)).status_code == 200


def test_another_cohorts_coordinator_may_not(client, published, outsider):
    session = _session(published, "Opening plenary")
    client.force_login(outsider)

    assert client.get(_submit_url(session)).status_code == 404
    response = client.post(
        _submit_url(session), {"locales": [Locale.objects.get(language_code="mk").pk]}
    )
    assert response.status_code == 404
    assert Session.objects.filter(translation_key=session.translation_key).count() == 1


def test_translate_action_creates_a_text_only_translation(client, published, coordinator):
    session = _session(published, "Opening plenary")
    mk = Locale.objects.get(language_code="mk")
    client.force_login(coordinator)

    listing = client.get("/admin/snippets/events/session/").content.decode()
    response = client.post(_submit_url(session), {"locales": [mk.pk]})

    assert _submit_url(session) in listing
    assert response.status_code == 302
    translation = Session.objects.get(translation_key=session.translation_key, locale=mk)
    assert (translation.meeting_id, translation.room_id) == (session.meeting_id, session.room_id)
    # The listing still shows each session once (sources, unless a locale is chosen).
    listing = client.get("/admin/snippets/events/session/").content.decode()
    assert listing.count(f"/admin/snippets/events/session/edit/{session.pk}/") >= 1
    assert f"/admin/snippets/events/session/edit/{translation.pk}/" not in listing
    mk_listing = client.get("/admin/snippets/events/session/?locale=mk").content.decode()
    assert f"/admin/snippets/events/session/edit/{translation.pk}/" in mk_listing
    # The translation editor opens for the coordinator.
    edit = client.get(f"/admin/snippets/events/session/edit/{translation.pk}/")
    assert edit.status_code == 200
