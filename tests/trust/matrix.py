"""The access-control matrix: every URL of the site x every role -> the expected answer.

Rows live in ``tests/trust/matrix_<app>.py`` modules (each defines ``ROWS``, may define
``GROUPS``, and may define ``extend_world(world)`` to create the app's objects in cohort A
and B, e.g. ``world.objects["proposal"] = ...``, for its rows' paths to use);
``test_access_matrix.py`` finds them all. A URL pattern of a Kohorta app (its
view lives in a Kohorta app, or it is a Wagtail admin view of a Kohorta model) needs a row
with its URL name; third-party URL families (allauth, Wagtail's own admin, ...) are covered
by a ``Group`` with a few representative rows.

Wagtail's admin views of Kohorta models (viewsets, snippets, choosers, bulk actions, page
actions) also get generated rows (``admin_rows.py``): each module names, in
``ADMIN_MODELS``, cohort A's instance of every model it registers in the admin.

Expected answers: an HTTP status (200, 403, 404, 410, 405), ``LOGIN`` (a redirect to a
login page) or ``Redirect("/path")``. Every 200 answer is searched for the names and
e-mail addresses of the world's people: only the people in ``visible[role]`` (default: the
person themself) may appear.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from .world import ANONYMOUS, ROLES

LOGIN = "login"
KOHORTA_APPS = {
    "cms",
    "cohorts",
    "curriculum",
    "grants",
    "events",
    "notifications",
    "community",
    "kohorta",
}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def close_response(response):
    """Close a response (a streamed download) without closing the database connection.

    ``HttpResponse.close()`` sends ``request_finished``, whose ``close_old_connections``
    closes a PostgreSQL connection that is inside a transaction: the shared world's. The
    test client disconnects it around its own closing; checks that close a response call
    this instead of ``response.close()``.
    """
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@dataclass(frozen=True)
class Redirect:
    to: str


# Wagtail's answer to an admin user without the permission: back to the admin home, with an
# error message.
DENIED = Redirect("/admin/")


@dataclass
class Row:
    name: str  # the URL name, e.g. "cohorts:profile" (for group rows: a label)
    path: Any  # "/path/" or a callable(world) -> "/path/"
    expect: dict  # role -> 200 / 403 / 404 / LOGIN / Redirect(...)
    method: str = "GET"
    data: Any = None  # POST data: a dict or a callable(world) -> dict
    visible: dict = field(default_factory=dict)  # role -> person keys that may appear
    check: Any = None  # callable(world, role, response): extra assertions (e.g. nothing deleted)

    def url(self, world):
        return self.path(world) if callable(self.path) else self.path

    def post_data(self, world):
        return self.data(world) if callable(self.data) else (self.data or {})


@dataclass
class Group:
    """A third-party URL family covered by representative rows, not one row per URL."""

    label: str
    prefixes: tuple  # route prefixes, e.g. ("accounts/",)
    reason: str


def expect(default, **per_role):
    """{role: answer} with ``default`` for every role not named."""
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: per_role.get(role, default) for role in ROLES}


def logged_in(answer, anonymous=LOGIN, **per_role):
    """Every signed-in role gets ``answer`` (unless named), anonymous visitors ``anonymous``."""
    return expect(answer, **{ANONYMOUS: anonymous, **per_role})


def matrix_modules():
    import tests.trust as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_"):
            yield importlib.import_module(f"tests.trust.{info.name}")


def all_rows():
    return [row for module in matrix_modules() for row in getattr(module, "ROWS", [])]


def build_matrix_world():
    """The world of ``world.py`` plus every app's objects (``extend_world``)."""
    from .world import build_world

    world = build_world()
    for module in matrix_modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world)
    return world


@dataclass(frozen=True)
class AdminModel:
    """A Kohorta model with admin views (a viewset, a snippet, a page type): how to find
    cohort A's instance of it in the world, and whether only staff manage it (then the
    coordinator of cohort A is refused too, not only the other cohort's)."""

    instance: Any  # callable(world) -> cohort A's object (for a page type: one such page)
    staff_only: bool = False


def all_admin_models():
    """{model label ("events.room"): AdminModel} from every module's ``ADMIN_MODELS``."""
    models = {}
    for module in matrix_modules():
        models.update(getattr(module, "ADMIN_MODELS", {}))
    return models


def all_groups():
    return [group for module in matrix_modules() for group in getattr(module, "GROUPS", [])]


def url_patterns(patterns=None, prefix="", namespace=None):
    """Yield ``(route, qualified name, callback)`` for every URL pattern of the project."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def owning_app(callback):
    """The app a view belongs to: its model's app for Wagtail viewsets, else its module's."""
    model = getattr(callback, "view_initkwargs", {}).get("model")
    if model is not None:
        return model.split(".")[0] if isinstance(model, str) else model._meta.app_label
    return callback.__module__.split(".")[0]


def kohorta_owned(callback):
    return owning_app(callback) in KOHORTA_APPS
