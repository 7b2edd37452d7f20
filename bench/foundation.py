"""The foundation's data and scenarios: people and dashboards, the home page, the ceiling.

``build`` makes an ILN-like round through ``cohorts.services`` and leaves on the dataset:

``dataset.programme``, ``dataset.cohort``
    the programme and its running cohort;
``dataset.coordinator``
    the cohort's coordinator;
``dataset.mentors``, ``dataset.innovators``
    lists of people (``scale.mentors`` and ``scale.innovators`` of them), each innovator in
    the group of mentor ``index % mentors``; ``dataset.mentor`` / ``dataset.innovator`` are
    the first of each.

Feature apps build on these in their own ``<app>/bench.py``.
"""

import datetime

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from cohorts import services
from cohorts.demo import ILN_COUNTRIES, ILN_FIRST, ILN_LAST, ILN_SECTORS
from cohorts.enums import CohortStatus, Role

from .registry import HTTP, REFERENCE, Request, Scenario, min_ratio, under_ms

STATIC_FILE = "kohorta/kohorta.css"


def build(dataset):
    scale = dataset.scale
    rng = dataset.rng_for("foundation")
    programme = services.create_programme(
        name="International Librarians Network",
        slug="iln",
        by=None,
        description="Free online peer mentoring for librarians.",
    )
    cohort = services.create_cohort(
        programme=programme,
        name="ILN round (benchmark)",
        slug="round-bench",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 31),
        by=None,
        countries=[code for code, _weight in ILN_COUNTRIES],
        languages=["en"],
    )
    cohort = services.transition_cohort(cohort, CohortStatus.RUNNING, by=None)
    coordinator = services.create_user(
        email="coordinator@bench.example.org",
        full_name="Jessica Moore",
        verified=True,
        country="AU",
        organisation="International Librarians Network",
    )
    services.add_member(cohort=cohort, user=coordinator, role=Role.COORDINATOR, by=None)

    codes = [code for code, _weight in ILN_COUNTRIES]
    weights = [weight for _code, weight in ILN_COUNTRIES]

    def person(email):
        country = rng.choices(codes, weights=weights)[0]
        return services.create_user(
            email=email,
            full_name=f"{rng.choice(ILN_FIRST)} {rng.choice(ILN_LAST)}",
            verified=True,
            country=country,
            organisation=f"{rng.choice(ILN_SECTORS)}, {country}",
            languages=["en"],
        )

    mentors = []
    for number in range(scale.mentors):
        mentor = person(f"mentor{number:04d}@bench.example.org")
        services.add_member(cohort=cohort, user=mentor, role=Role.MENTOR, by=None)
        mentors.append(mentor)
    innovators = []
    for number in range(scale.innovators):
        innovator = person(f"innovator{number:05d}@bench.example.org")
        services.add_member(cohort=cohort, user=innovator, role=Role.INNOVATOR, by=None)
        services.assign_mentor(
            cohort=cohort, mentor=mentors[number % len(mentors)], innovator=innovator, by=None
        )
        innovators.append(innovator)

    dataset.programme = programme
    dataset.cohort = cohort
    dataset.coordinator = coordinator
    dataset.mentors = mentors
    dataset.innovators = innovators
    dataset.mentor = mentors[0]
    dataset.innovator = innovators[0]
    # Production asks every mentor for two-factor authentication (KOHORTA_2FA_ROLES): the
    # mentor whose dashboard is measured through gunicorn has set it up, as theirs would.
    Authenticator.objects.create(
        user=dataset.mentor, type=Authenticator.Type.TOTP, data={"secret": "BENCHBENCHBENCH2"}
    )
    dataset.log(f"  {len(innovators)} innovators in {len(mentors)} mentor groups, 1 coordinator")


# Helpers for scenarios -----------------------------------------------------------------


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def get_page(client, path, status=200):
    """GET a page in-process and fail loudly on a wrong status (a fast error page is no result)."""
    response = client.get(path)
    if response.status_code != status:
        raise AssertionError(f"GET {path} answered {response.status_code}, expected {status}")
    return response


def session_key(user):
    """The key of a new session of ``user``, stored in the bench database, as after signing
    in with the second factor (production asks coordinators and jurors for one: without it
    every page would answer with a redirect to the set-up page)."""
    from kohorta.middleware import TWO_FACTOR_SESSION_KEY

    client = logged_in_client(user)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = user.pk
    session.save()
    return session.session_key


def session_cookie(user):
    """A ``Cookie`` header for a session of ``user`` stored in the bench database, with the
    CSRF cookie a browser keeps from its first page (the server would otherwise make a new
    CSRF secret, and set it again, on every request)."""
    from django.middleware.csrf import _get_new_csrf_string

    return {
        "Cookie": (
            f"{settings.SESSION_COOKIE_NAME}={session_key(user)}; "
            f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
        )
    }


def ensure_home_page(dataset):
    """The default site's root as a ``cms.HomePage`` in English; returns its URL path.

    ``cms/bench.py`` builds the public site (home pages and news in every language) before
    any scenario runs, so this finds the cms's own home page; it makes a minimal one only
    when that builder did not run (``KOHORTA_BENCH_MODULES`` without it).
    """
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific.url
    locale, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(
        instance=HomePage(
            title="Kohorta",
            slug="home-en",
            locale=locale,
            intro="Cohort programmes for library networks: training, mentoring, grants and meetings.",
        )
    )
    home.save_revision().publish()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kohorta"
        )
    else:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2 and old_root.is_leaf():
            old_root.delete()
    return HomePage.objects.get(pk=home.pk).url


# Scenarios -------------------------------------------------------------------------------


def _dashboard_as(attribute):
    def setup(dataset):
        return logged_in_client(getattr(dataset, attribute))

    return setup


def _get_dashboard(client):
    get_page(client, "/dashboard/")


def _forget_cached_parts(_client):
    """Every timed run gathers the panels afresh (``http.dashboard.mentor`` measures the
    cached dashboard: one person coming back to it)."""
    from kohorta.personal_cache import bump_generation

    bump_generation()


def _home_state(dataset):
    return {"client": Client(), "path": ensure_home_page(dataset)}


def _get_home(state):
    get_page(state["client"], state["path"])


def _clear_cache(_state):
    cache.clear()


def _http_ok(dataset):
    return Request("/__bench__/ok/")


def _http_static(dataset):
    return Request(dataset.http_static_url(STATIC_FILE))


def _http_home(dataset):
    return Request(ensure_home_page(dataset))


def _http_mentor_dashboard(dataset):
    return Request("/dashboard/", headers=session_cookie(dataset.mentor))


SCENARIOS = [
    Scenario(
        name="dashboard.mentor",
        description=(
            "/dashboard/ for a mentor of 1/50th of the round (20 mentees at ILN scale), "
            "server time in-process, every panel the installed apps add"
        ),
        setup=_dashboard_as("mentor"),
        before_each=_forget_cached_parts,
        run=_get_dashboard,
        targets=(under_ms(150, "issue 4"),),
    ),
    Scenario(
        name="dashboard.coordinator",
        description="/dashboard/ for the coordinator of the whole round (1,000 innovators at ILN scale)",
        setup=_dashboard_as("coordinator"),
        before_each=_forget_cached_parts,
        run=_get_dashboard,
        targets=(under_ms(150, "issue 4"),),
    ),
    Scenario(
        name="home.uncached",
        description=(
            "anonymous home page (latest news, programmes, the apps' sections) with the "
            "cache cleared before every run; the public pages' targets are on the news page "
            "(news.uncached, http.news in cms/bench.py)"
        ),
        setup=_home_state,
        before_each=_clear_cache,
        run=_get_home,
    ),
    Scenario(
        name="home.cached",
        description="anonymous home page with a warm cache (whatever the site caches)",
        setup=_home_state,
        run=_get_home,
    ),
    Scenario(
        name=REFERENCE,
        description="trivial Django view returning 'ok' through the full middleware: the ceiling",
        kind=HTTP,
        setup=_http_ok,
    ),
    Scenario(
        name="http.static",
        description=f"a static file ({STATIC_FILE}) by its manifest (hashed) name, served by WhiteNoise",
        kind=HTTP,
        setup=_http_static,
    ),
    Scenario(
        name="http.home",
        description="anonymous home page through gunicorn, cache warm (the anonymous page cache)",
        kind=HTTP,
        setup=_http_home,
    ),
    Scenario(
        name="http.dashboard.mentor",
        description=(
            "/dashboard/ for a logged-in mentor (session cookie) through gunicorn: the same "
            "person coming back, panels from the per-session cache (Redis when it answers)"
        ),
        kind=HTTP,
        setup=_http_mentor_dashboard,
        targets=(min_ratio(0.2, "issue 8"), min_ratio(0.5, "issue 21", production_path=True)),
    ),
]
