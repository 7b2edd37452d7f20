"""Private threads (peer partners, mentor groups, two people), the opt-in directory, and
the dashboard panel."""

import pytest
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake.enums import MatchingRunStatus
from cohorts.models import MatchingRun, PeerPair
from community import services
from community.enums import ThreadKind
from community.models import Thread
from notifications.models import Notification
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor
from tests.factories.community import make_thread, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cohort = CohortFactory()
    a = add_member(cohort, Role.INNOVATOR, full_name="Aiko Tanaka", country="JP")
    b = add_member(cohort, Role.INNOVATOR, full_name="Bongani Dube", country="ZA")
    c = add_member(cohort, Role.INNOVATOR, full_name="Carla Ruiz", country="MX")
    mentor = add_member(cohort, Role.MENTOR, full_name="Mia Mentor")
    group = assign_mentor(cohort, mentor, a)
    run = MatchingRun.objects.create(cohort=cohort, status=MatchingRunStatus.PUBLISHED)
    pair = PeerPair.objects.create(run=run, cohort=cohort, person_a=a, person_b=b)
    return {
        "cohort": cohort,
        "a": a,
        "b": b,
        "c": c,
        "mentor": mentor,
        "group": group,
        "pair": pair,
    }


def test_pair_and_mentor_group_threads_open_for_their_members(client, world, run_on_commit):
    client.force_login(world["a"])
    page = client.get(reverse("community:home")).content.decode()
    assert "Bongani Dube" in page and "Mia Mentor" in page
    pair_thread = Thread.objects.get(kind=ThreadKind.PAIR)
    assert Thread.objects.filter(kind=ThreadKind.MENTOR_GROUP).count() == 1
    with run_on_commit():
        client.post(reverse("community:thread", args=[pair_thread.pk]), {"body": "Hi partner"})
    assert list(Notification.objects.values_list("recipient__full_name", "kind")) == [
        ("Bongani Dube", "community.private_message")
    ]
    client.force_login(world["c"])
    assert client.get(reverse("community:thread", args=[pair_thread.pk])).status_code == 404


def test_mentor_group_thread_follows_the_group(world):
    thread = services.sync_mentor_group_thread(group=world["group"])
    assign_mentor(world["cohort"], world["mentor"], world["c"])
    services.sync_mentor_group_thread(group=world["group"])
    participants = set(
        thread.members.filter(participant=True).values_list("user__full_name", flat=True)
    )
    assert participants == {"Aiko Tanaka", "Carla Ruiz", "Mia Mentor"}


def test_directory_lists_only_people_who_opted_in(client, world):
    world["b"].in_directory = True
    world["b"].interests = "makerspaces, outreach"
    world["b"].languages = ["en", "sq"]
    world["b"].save()
    viewer = UserFactory()
    client.force_login(viewer)
    page = client.get(reverse("community:people")).content.decode()
    assert "Bongani Dube" in page and "Aiko Tanaka" not in page
    assert "Bongani" not in client.get(reverse("community:people"), {"q": "Aiko"}).content.decode()
    found = client.get(reverse("community:people"), {"q": "makerspace", "country": "ZA"})
    assert "Bongani Dube" in found.content.decode()
    assert (
        "Bongani Dube"
        in client.get(reverse("community:people"), {"language": "sq"}).content.decode()
    )
    assert (
        "Bongani Dube"
        not in client.get(
            reverse("community:people"), {"language": "en", "country": "JP"}
        ).content.decode()
    )
    assert client.get(reverse("community:person", args=[world["a"].pk])).status_code == 404
    profile = client.get(reverse("community:person", args=[world["b"].pk])).content.decode()
    assert "makerspaces, outreach" in profile and "Start a conversation" in profile


def test_profile_consent_is_off_by_default_and_saved(client, world):
    assert world["a"].in_directory is False
    client.force_login(world["a"])
    response = client.post(
        reverse("cohorts:profile"),
        {
            "full_name": "Aiko Tanaka",
            "country": "JP",
            "preferred_language": "en",
            "in_directory": "on",
            "sector": "public",
            "interests": "reading clubs",
        },
    )
    assert response.status_code == 302
    world["a"].refresh_from_db()
    assert (world["a"].in_directory, world["a"].sector) == (True, "public")


def test_start_a_conversation(client, world, run_on_commit):
    stranger = UserFactory(full_name="Sam Stranger")
    client.force_login(stranger)
    # Aiko has not opted in and shares no cohort with the stranger.
    assert client.get(reverse("community:contact", args=[world["a"].pk])).status_code == 404
    world["a"].in_directory = True
    world["a"].save()
    url = reverse("community:contact", args=[world["a"].pk])
    assert client.post(url, {"body": ""}).status_code == 400
    with run_on_commit():
        response = client.post(url, {"body": "Hello from afar"})
    thread = Thread.objects.get(kind=ThreadKind.DIRECT)
    assert response.url == reverse("community:thread", args=[thread.pk])
    client.post(url, {"body": "Second message"})
    assert Thread.objects.filter(kind=ThreadKind.DIRECT).count() == 1
    assert thread.posts.count() == 2
    assert Notification.objects.filter(
        recipient=world["a"], kind="community.private_message"
    ).exists()
    # Cohort-mates may write without the directory.
    client.force_login(world["c"])
    assert client.get(reverse("community:contact", args=[world["b"].pk])).status_code == 200


def test_directory_query_count_is_fixed(client, world, django_assert_num_queries):
    client.force_login(world["a"])
    url = reverse("community:people")

    def listed(count):
        for _ in range(count):
            person = add_member(world["cohort"], Role.INNOVATOR)
            person.in_directory = True
            person.save()

    listed(1)
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    listed(20)
    with django_assert_num_queries(9):
        client.get(url)


def test_dashboard_panel_unread_latest_and_mentees(client, world, django_assert_num_queries):
    thread = make_thread(world["cohort"], title="Reading clubs")
    post(thread, world["a"], "Our club meets on Fridays")
    client.force_login(world["mentor"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Unread threads" in page and "Reading clubs" in page
    assert "Your mentees&#x27; recent posts" in page or "Your mentees' recent posts" in page
    client.force_login(world["b"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Our club meets on Fridays" in page
    assert "Your mentees" not in page
