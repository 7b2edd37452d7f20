"""Every URL x every role: the answer each must get, and no page leaks other people.

To add rows for a new app, create ``tests/trust/matrix_<app>.py`` with ``ROWS`` (see
``matrix.py``); add the app's objects to the world in a fixture there if rows need ids.
The admin views of Kohorta models get generated rows too (``admin_rows.py``): give every
model the app registers in the admin an ``ADMIN_MODELS`` entry (cohort A's instance).
"""

import pytest

from kohorta.exports import FORMATS
from tests.tables import read_table

from . import admin_rows
from .matrix import (
    LOGIN,
    LOGIN_PATHS,
    Redirect,
    all_groups,
    all_rows,
    build_matrix_world,
    close_response,
    kohorta_owned,
    url_patterns,
)
from .world import A_ROLES, ANONYMOUS, B_ROLES, ROLES

ROWS = all_rows()
ADMIN_ROWS, ADMIN_MISSING = admin_rows.generate()


def test_every_url_pattern_has_a_row():
    names = {row.name for row in ROWS} | {row.name for row in ADMIN_ROWS}
    groups = all_groups()
    missing = []
    for route, name, callback in url_patterns():
        if kohorta_owned(callback):
            if name not in names:
                missing.append(f"{route} (name {name!r}, view {callback.__module__})")
        elif not any(route.startswith(group.prefixes) for group in groups):
            missing.append(f"{route} (name {name!r}, third-party {callback.__module__})")
    assert not missing, (
        "These URL patterns have no row in the access-control matrix. Add a Row with the URL "
        "name and the expected answer for every role to tests/trust/matrix_<app>.py (or, for "
        "a third-party URL family, a Group with representative rows):\n  " + "\n  ".join(missing)
    )


def test_rows_name_existing_urls():
    from django.urls import NoReverseMatch, reverse

    groups = all_groups()
    for row in ROWS:
        if ":" in row.name and not row.name.startswith(tuple(f"{g.label}:" for g in groups)):
            name = row.name.removeprefix("POST ")
            try:
                reverse(name)
            except NoReverseMatch as error:
                assert "with arguments" in str(error) or "with no arguments" in str(error), (
                    f"Row {row.name!r} names no URL"
                )


def _visible_keys(world, row, role):
    if role == ANONYMOUS:
        return set()
    allowed = row.visible.get(role, {role})
    if callable(allowed):
        return set(allowed(world)) | {role}
    if allowed == "all":
        return set(world.people)
    if allowed in ("a_people", "b_people"):
        return set(getattr(world, allowed)) | {role}
    return set(allowed) | {role}


def _answer(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(LOGIN_PATHS):
            return LOGIN
        return Redirect(location.split("?")[0])
    return response.status_code


def _matches(expected, actual):
    if expected == 302:
        return isinstance(actual, Redirect) or actual == LOGIN
    return expected == actual


@pytest.fixture(autouse=True)
def _media_root():
    """Uploads stay where the module's world put them (see ``matrix_world``)."""


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the world once for the module, inside a transaction rolled back at the end.

    Each row then runs in its own savepoint (pytest-django's per-test atomic nests inside
    this one), as Django's ``TestCase.setUpTestData`` does: what a row writes is undone
    before the next, and building the world for each of hundreds of rows is avoided.
    """
    from django.db import transaction
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_matrix_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def world(matrix_world, db):
    """The module's world with every object read again from the database for this row.

    Objects a row's module builds lazily (into ``objects`` or ``people``) are rolled back
    with the row's savepoint, so they are forgotten after it too.
    """
    for value in vars(matrix_world).values():
        for obj in value.values() if isinstance(value, dict) else [value]:
            if hasattr(obj, "refresh_from_db") and getattr(obj, "pk", None):
                obj.refresh_from_db()
                obj.__dict__.pop("_kohorta_roles", None)
    before = {
        name: dict(value) for name, value in vars(matrix_world).items() if isinstance(value, dict)
    }
    sets_before = {
        name: set(value) for name, value in vars(matrix_world).items() if isinstance(value, set)
    }
    yield matrix_world
    for name, value in before.items():
        setattr(matrix_world, name, value)
    for name, value in sets_before.items():
        setattr(matrix_world, name, value)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_access_matrix(client, row, world):
    problems = []
    path = row.url(world)
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(world.people[role])
        if row.method == "POST":
            response = client.post(path, row.post_data(world))
        else:
            response = client.get(path)
        actual = _answer(response)
        if not _matches(row.expect[role], actual):
            problems.append(f"{role}: expected {row.expect[role]}, got {actual}")
            continue
        if response.status_code == 200 and not getattr(response, "streaming", False):
            body = _searchable_text(response)
            for key in set(world.people) - _visible_keys(world, row, role):
                for marker in world.markers(key):
                    if marker in body:
                        problems.append(f"{role}: the page shows {key}'s {marker!r}")
        if row.check:
            row.check(world, role, response)
        if getattr(response, "streaming", False):
            close_response(response)
    assert not problems, f"{row.method} {row.name}:\n  " + "\n  ".join(problems)


XLSX = FORMATS["xlsx"]


def _searchable_text(response):
    """The answer as text; a spreadsheet's cells (an XLSX file is a zip archive)."""
    if response.get("Content-Type", "").startswith(XLSX):
        return "\n".join("\t".join(row) for row in read_table(response))
    return response.content.decode(errors="replace")


def test_every_admin_view_has_generated_rows():
    """Every admin view of a Kohorta model (viewsets, bulk actions, page actions, views that
    take a model) is generated; a model or URL argument the generator cannot fill fails."""
    assert ADMIN_ROWS
    assert not ADMIN_MISSING, (
        "These admin URLs of Kohorta models have no generated rows. Give the model an "
        "ADMIN_MODELS entry (cohort A's instance, built in extend_world) in "
        "tests/trust/matrix_<app>.py, or teach tests/trust/admin_rows.py the URL "
        "argument:\n  " + "\n  ".join(ADMIN_MISSING)
    )


@pytest.mark.parametrize("row", ADMIN_ROWS, ids=[row.id for row in ADMIN_ROWS])
def test_admin_matrix(client, row, world):
    """The other cohort's coordinator (and, for staff-only models, this cohort's) is refused
    every admin view of cohort A's objects, and nothing of cohort A changes."""
    problems = admin_rows.run_row(client, row, world)
    assert not problems, f"{row.id}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("label", admin_rows.own_labels())
def test_admin_matrix_own_object_opens(client, label, world):
    """Sanity for the rows above: the owner of cohort A's object opens its edit view."""
    admin_rows.run_own(client, label, world)


def test_world_roles_are_disjoint():
    assert not A_ROLES & B_ROLES
