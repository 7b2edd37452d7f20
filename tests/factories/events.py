import datetime

import factory
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from events.enums import SessionKind
from events.models import MeetingPage, Room, Session, Speaker, Track
from tests.factories.cohorts import CohortFactory


def home_page(language="en"):
    """The language's HomePage (and a root and default site), created on first use."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    home = HomePage.objects.filter(locale=locale).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", locale=locale))
    home = root.add_child(instance=HomePage(title="Home", slug=f"home-{language}", locale=locale))
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page.specific_class is not HomePage:
        # Wagtail's migrations start the site at a welcome page: the home page replaces it.
        site.root_page = home
        site.save()
    return home


_counter = iter(range(1, 10**6))


def make_meeting(cohort=None, **fields):
    """A live MeetingPage under the English home page (Sofia, 25–28 Nov 2027 by default)."""
    number = next(_counter)
    defaults = {
        "title": f"Meeting {number}",
        "slug": f"meeting-{number}",
        "city": "Sofia",
        "venue": "Sofia City Library",
        "starts_on": datetime.date(2027, 11, 25),
        "ends_on": datetime.date(2027, 11, 28),
        "timezone": "Europe/Sofia",
        "capacity": 10,
    }
    defaults.update(fields)
    parent = home_page()
    page = MeetingPage(cohort=cohort or CohortFactory(), locale=parent.locale, **defaults)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 40


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    name = factory.Sequence(lambda n: f"Track {n}")
    colour = "#1f6f3a"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    title = factory.Sequence(lambda n: f"Session {n}")
    kind = SessionKind.WORKSHOP
    day = factory.LazyAttribute(lambda o: o.meeting.starts_on)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(10, 30)
