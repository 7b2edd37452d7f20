"""Every Wagtail admin view of a model coordinators reach, bulk actions included, answers a
coordinator of cohort B with 404 for cohort A's objects, names none of A's people or
things, and leaves the object as it was. Deletes in scope go through
the services."""

import pytest
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.models import ModelLogEntry

from cohorts.enums import Role
from cohorts.models import Cohort, Membership
from cohorts.selectors import people_managed_by
from curriculum.models import CohortCourse
from events.models import Room, Session, Speaker, Track
from grants.models import Criterion, GrantCall
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.curriculum import make_course, run_course
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
    make_meeting,
)
from tests.factories.grants import make_call

pytestmark = pytest.mark.django_db

# Names that belong to cohort A only: none may appear in a page cohort B's coordinator gets.
SECRETS = (
    "Anastasija Tajnova",
    "Alpha Cohort Zeta",
    "Alpha Room Zeta",
    "Alpha Track Zeta",
    "Alpha Speaker Zeta",
    "Alpha Session Zeta",
    "Alpha Call Zeta",
    "Alpha Criterion Zeta",
)


@pytest.fixture
def world():
    cohort_a = CohortFactory(name="Alpha Cohort Zeta")
    cohort_b = CohortFactory(name="Beta cohort")
    coordinator_a = add_member(cohort_a, Role.COORDINATOR, full_name="Coordinator A")
    add_member(cohort_a, Role.INNOVATOR, full_name="Anastasija Tajnova")
    coordinator_b = add_member(cohort_b, Role.COORDINATOR, full_name="Coordinator B")
    meeting = make_meeting(cohort_a, title="Alpha meeting")
    room = RoomFactory(meeting=meeting, name="Alpha Room Zeta")
    track = TrackFactory(meeting=meeting, name="Alpha Track Zeta")
    speaker = SpeakerFactory(meeting=meeting, name="Alpha Speaker Zeta")
    session = SessionFactory(meeting=meeting, room=room, title="Alpha Session Zeta")
    session.speakers.add(speaker)
    call = make_call(cohort_a, criteria=0, title="Alpha Call Zeta")
    criterion = Criterion.objects.create(
        call=call, name="Alpha Criterion Zeta", weight=1, scale_min=1, scale_max=5
    )
    run = run_course(cohort_a, make_course(modules=1, lessons=1))
    membership = Membership.objects.get(cohort=cohort_a, role=Role.INNOVATOR)
    return {
        "a": coordinator_a,
        "b": coordinator_b,
        "objects": {
            Cohort: cohort_a,
            Membership: membership,
            Room: room,
            Track: track,
            Speaker: speaker,
            Session: session,
            GrantCall: call,
            Criterion: criterion,
            CohortCourse: run,
        },
    }


SCOPED_MODELS = [
    Cohort,
    Membership,
    Room,
    Track,
    Speaker,
    Session,
    GrantCall,
    Criterion,
    CohortCourse,
]
SNIPPETS = [Cohort, Membership, Room, Track, Speaker, Session, CohortCourse]


def _snapshot(model, pk):
    return model.objects.filter(pk=pk).values().first()


def _assert_nothing_leaked(response):
    body = response.content.decode()
    leaked = [secret for secret in SECRETS if secret in body]
    assert leaked == [], (response.status_code, leaked)


def _bulk_delete_url(model, *ids):
    url = reverse(
        "wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"]
    )
    return url + "?" + "&".join(f"id={pk}" for pk in ids)


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m._meta.model_name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bulk_delete_of_other_cohorts_object_answers_404(client, world, model, method):
    obj = world["objects"][model]
    before = _snapshot(model, obj.pk)
    client.force_login(world["b"])
    response = getattr(client, method)(_bulk_delete_url(model, obj.pk))
    assert response.status_code == 404
    _assert_nothing_leaked(response)
    assert _snapshot(model, obj.pk) == before


@pytest.mark.parametrize("model", [Membership, Session], ids=lambda m: m._meta.model_name)
def test_bulk_delete_mixing_own_and_other_ids_deletes_nothing(client, world, model):
    own = (
        Membership.objects.get(cohort__name="Beta cohort", role=Role.COORDINATOR)
        if model is Membership
        else SessionFactory(meeting=make_meeting(Cohort.objects.get(name="Beta cohort")))
    )
    other = world["objects"][model]
    client.force_login(world["b"])
    response = client.post(_bulk_delete_url(model, own.pk, other.pk))
    assert response.status_code == 404
    _assert_nothing_leaked(response)
    assert set(model.objects.filter(pk__in=[own.pk, other.pk]).values_list("pk", flat=True)) == {
        own.pk,
        other.pk,
    }


@pytest.mark.parametrize("bad_id", ["abc", "", "99999999"])
def test_bulk_delete_bad_id_answers_404(client, world, bad_id):
    client.force_login(world["b"])
    assert client.get(_bulk_delete_url(Membership, bad_id)).status_code == 404


def test_bulk_delete_of_criterion_goes_through_the_service(client, world):
    """Criteria are snippets (wagtail-localize translates snippets): their bulk delete runs
    ``services.delete_criterion``, which logs (and refuses once the rubric froze)."""
    criterion = world["objects"][Criterion]
    client.force_login(world["a"])
    response = client.post(_bulk_delete_url(Criterion, criterion.pk))
    assert response.status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="grants.criterion.change", object_id=str(criterion.pk)
    ).exists()


def _viewsets_of(model):
    return [vs for vs in viewsets.viewsets if getattr(vs, "model", None) is model]


def _object_urls(model, pk):
    """Every admin URL Wagtail registered for ``model`` that takes the object's key."""
    urls = []
    for viewset in _viewsets_of(model):
        for pattern in viewset.get_urlpatterns():
            if pattern.name and "pk" in pattern.pattern.converters:
                urls.append(reverse(f"{viewset.url_namespace}:{pattern.name}", args=[pk]))
    return urls


def _listing_urls(model, pk):
    """The model's listings and choosers (no key in the path); ``id`` for chosen-multiple."""
    urls = []
    for viewset in _viewsets_of(model):
        for pattern in viewset.get_urlpatterns():
            if pattern.name and not pattern.pattern.converters:
                url = reverse(f"{viewset.url_namespace}:{pattern.name}")
                if pattern.name == "chosen_multiple":
                    url += f"?id={pk}"
                urls.append(url)
    return urls


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.model_name)
def test_every_object_view_of_other_cohorts_object_answers_404(client, world, model):
    obj = world["objects"][model]
    before = _snapshot(model, obj.pk)
    urls = _object_urls(model, obj.pk)
    assert len(urls) >= 5, urls  # edit, delete, history, history results, usage, chosen…
    client.force_login(world["b"])
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (method, url, response.status_code)
            _assert_nothing_leaked(response)
    assert _snapshot(model, obj.pk) == before


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.model_name)
def test_listings_and_choosers_hide_other_cohorts_objects(client, world, model):
    obj = world["objects"][model]
    client.force_login(world["b"])
    for url in _listing_urls(model, obj.pk):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        _assert_nothing_leaked(response)


def test_own_membership_bulk_delete_goes_through_remove_member(client, world):
    membership = world["objects"][Membership]
    client.force_login(world["a"])
    url = _bulk_delete_url(Membership, membership.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Anastasija Tajnova" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = ModelLogEntry.objects.get(action="kohorta.membership.remove")
    assert (entry.object_id, entry.user_id, entry.data["person"]) == (
        str(membership.pk),
        world["a"].pk,
        membership.user_id,
    )


def test_own_session_bulk_delete_goes_through_service(client, world):
    session = world["objects"][Session]
    client.force_login(world["a"])
    response = client.post(_bulk_delete_url(Session, session.pk))
    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()
    assert list(
        ModelLogEntry.objects.filter(action="wagtail.delete").values_list("object_id", "user_id")
    ) == [(str(session.pk), world["a"].pk)]


def test_own_room_delete_view_goes_through_service(client, world):
    room = world["objects"][Room]
    client.force_login(world["a"])
    response = client.post(reverse("wagtailsnippets_events_room:delete", args=[room.pk]))
    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()
    assert list(
        ModelLogEntry.objects.filter(action="wagtail.delete").values_list("object_id", "user_id")
    ) == [(str(room.pk), world["a"].pk)]


def test_coordinator_cannot_bulk_delete_own_cohort(client, world):
    cohort = world["objects"][Cohort]
    client.force_login(world["a"])
    assert client.post(_bulk_delete_url(Cohort, cohort.pk)).status_code == 404
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_membership_form_lists_own_cohort_and_unplaced_people_only(client):
    mine, other = CohortFactory(), CohortFactory()
    coordinator = add_member(mine, Role.COORDINATOR)
    member = add_member(mine, Role.INNOVATOR, full_name="Mine Member")
    stranger = add_member(other, Role.INNOVATOR, full_name="Other Cohort Member")
    newcomer = UserFactory(full_name="Unplaced Newcomer")
    UserFactory(full_name="Site Admin", is_staff=True, is_superuser=True)
    assert set(people_managed_by(coordinator)) == {coordinator, member, newcomer}
    client.force_login(coordinator)
    body = client.get(reverse("wagtailsnippets_cohorts_membership:add")).content.decode()
    assert "Mine Member" in body and "Unplaced Newcomer" in body
    assert "Other Cohort Member" not in body and "Site Admin" not in body
    assert stranger not in people_managed_by(coordinator)


def test_bulk_delete_of_all_lists_only_own_scope(client, world):
    client.force_login(world["b"])
    response = client.get(_bulk_delete_url(Membership, "all"))
    assert response.status_code == 200
    assert [item["item"] for item in response.context["items"]] == list(
        Membership.objects.filter(cohort__name="Beta cohort")
    )
    _assert_nothing_leaked(response)


def test_chooser_create_without_form_answers_404(client, world):
    client.force_login(world["b"])
    response = client.post(reverse("wagtailsnippetchoosers_cohorts_membership:create"), {})
    assert response.status_code == 404
    assert Membership.objects.count() == 3


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_page_bulk_actions_do_not_name_pages_out_of_reach(client, world, action):
    from cms.models import StandardPage
    from tests.factories.events import home_page

    home = home_page()
    draft = home.add_child(
        instance=StandardPage(title="Alpha Draft Zeta", slug="alpha-draft", live=False)
    )
    client.force_login(world["b"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    for method in ("get", "post"):
        response = getattr(client, method)(f"{url}?id={draft.pk}")
        assert response.status_code == 404
        assert "Alpha Draft Zeta" not in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.live, draft.get_parent().pk) == ("Alpha Draft Zeta", False, home.pk)


@pytest.mark.parametrize("action", ["delete", "add_tags", "add_to_collection"])
def test_image_bulk_actions_do_not_name_images_out_of_reach(client, world, action):
    from wagtail.images import get_image_model

    from tests.factories.images import make_image

    image = make_image(title="Alpha Image Zeta", size=(20, 20))
    client.force_login(world["b"])
    url = reverse("wagtail_bulk_action", args=["wagtailimages", "image", action])
    for method in ("get", "post"):
        response = getattr(client, method)(f"{url}?id={image.pk}")
        assert response.status_code == 404
        assert "Alpha Image Zeta" not in response.content.decode()
    assert get_image_model().objects.filter(pk=image.pk).exists()


def test_superuser_page_bulk_delete_still_confirms(client, world):
    from cms.models import StandardPage
    from tests.factories.events import home_page

    draft = home_page().add_child(instance=StandardPage(title="Old page", slug="old", live=False))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.get(f"{url}?id={draft.pk}")
    assert response.status_code == 200
    assert "Old page" in response.content.decode()
