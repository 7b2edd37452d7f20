"""Hostile input over the foundation's forms: none gives a 500, markup comes back escaped,
uploads are refused or stored under random names in the photo folder."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cohorts import services
from cohorts.enums import Role
from cohorts.models import Invitation, Membership, User
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

from .hostile import (
    MARKUP_PAYLOADS,
    assert_safe_response,
    hostile_form_data,
    hostile_settings,
    hostile_text,
    hostile_uploads,
    png_bytes,
    post_hostile,
)

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "marija@example.org",
    "password1": "Biblioteka-2026!",
    "password2": "Biblioteka-2026!",
    "full_name": "Marija Nikolovska",
    "country": "MK",
    "organisation": "Bitola Public Library",
    "preferred_language": "mk",
}
PROFILE = {"full_name": "Nina Kranjc", "preferred_language": "en", "country": "SI"}


@hostile_settings
@given(data=hostile_form_data(list(SIGNUP)))
def test_signup_survives_hostile_input(client, data):
    client.logout()
    response = post_hostile(client, reverse("account_signup"), {**SIGNUP, **data})
    assert response.status_code in (200, 302)


@hostile_settings
@given(login=hostile_text(), password=hostile_text())
def test_login_survives_hostile_input(client, login, password):
    data = {"login": login, "password": password}
    response = post_hostile(client, reverse("account_login"), data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@hostile_settings
@given(
    data=hostile_form_data(["full_name", "organisation", "bio", "country", "preferred_language"]),
    languages=st.lists(hostile_text(), max_size=3),
)
def test_profile_survives_hostile_text_and_shows_it_escaped(client, data, languages):
    user = UserFactory()
    client.force_login(user)
    before = User.objects.values().get(pk=user.pk)
    response = post_hostile(
        client, reverse("cohorts:profile"), {**PROFILE, **data, "languages": languages}
    )
    if response.status_code == 200:  # refused: nothing saved
        assert User.objects.values().get(pk=user.pk) == before
    else:
        assert response.status_code == 302
        for path in ("/profile/", "/dashboard/"):
            assert_safe_response(client.get(path), data)


def test_markup_in_a_saved_name_is_escaped_everywhere(client):
    coordinator_cohort = CohortFactory()
    user = add_member(coordinator_cohort, Role.INNOVATOR, full_name=MARKUP_PAYLOADS[0])
    mentor = add_member(coordinator_cohort, Role.MENTOR)
    services.assign_mentor(cohort=coordinator_cohort, mentor=mentor, innovator=user, by=None)
    client.force_login(mentor)
    body = client.get("/dashboard/").content.decode()
    assert "&lt;script&gt;alert(&quot;kohorta&quot;)&lt;/script&gt;" in body
    assert "<script" not in body


@pytest.mark.parametrize(
    ("label", "upload"), hostile_uploads(), ids=[label for label, _ in hostile_uploads()]
)
def test_profile_photo_upload_is_refused_or_stored_safely(client, settings, label, upload):
    user = UserFactory(full_name="Before")
    client.force_login(user)
    response = post_hostile(
        client, reverse("cohorts:profile"), {**PROFILE, "bio": "kept"}, files={"photo": upload}
    )
    user.refresh_from_db()
    if response.status_code == 200:
        assert "kept" in response.content.decode()
        assert (user.full_name, user.photo.name) == ("Before", "")
        return
    # accepted: only a real raster image, under a random name in the photo folder
    assert response.status_code == 302, label
    assert re.fullmatch(r"people/photos/[0-9a-f]{32}\.(png|jpg|jpeg|gif|webp)", user.photo.name), (
        user.photo.name
    )
    stored = settings.MEDIA_ROOT / user.photo.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    served = client.get("/media/" + user.photo.name)
    served.close()
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_profile_photo_tricks_that_are_refused(client):
    """The dangerous ones never get in (png-then-html and renamed PNGs may, as harmless PNGs)."""
    refused = set()
    for label, upload in hostile_uploads():
        user = UserFactory()
        client.force_login(user)
        client.post(reverse("cohorts:profile"), {**PROFILE, "photo": upload})
        user.refresh_from_db()
        if not user.photo:
            refused.add(label)
    assert {
        "oversized",
        "svg with script",
        "decompression bomb",
        "zip bomb",
        "html named png",
        "pdf named jpg",
        "empty",
    } <= refused


@pytest.fixture
def coordinator():
    cohort = CohortFactory()
    return add_member(cohort, Role.COORDINATOR), cohort


CSV_HEADER = "name,email,country,organisation,role\n"


def _csv_uploads():
    from django.core.files.uploadedfile import SimpleUploadedFile

    good_row = "Ana Stojanovska,ana@example.org,MK,Bitola Library,innovator\n"
    return [
        ("utf-16", SimpleUploadedFile("m.csv", (CSV_HEADER + good_row).encode("utf-16"))),
        (
            "cp1251",
            SimpleUploadedFile(
                "m.csv", (CSV_HEADER + "Ана,ana@example.org,MK,Б,innovator\n").encode("cp1251")
            ),
        ),
        ("binary", SimpleUploadedFile("m.csv", bytes(range(256)) * 20)),
        ("png", SimpleUploadedFile("m.csv", png_bytes())),
        ("huge", SimpleUploadedFile("m.csv", (CSV_HEADER + good_row * 60_000).encode())),
        ("only header", SimpleUploadedFile("m.csv", CSV_HEADER.encode())),
        (
            "markup",
            SimpleUploadedFile(
                "m.csv",
                (
                    CSV_HEADER
                    + f"{MARKUP_PAYLOADS[0]},x@example.org,MK,{MARKUP_PAYLOADS[1]},wizard\n"
                ).encode(),
            ),
        ),
        ("one huge line", SimpleUploadedFile("m.csv", (CSV_HEADER + "a" * 1_500_000).encode())),
        (
            "formula",
            SimpleUploadedFile(
                "m.csv", (CSV_HEADER + '=cmd|"/c calc"!A1,f@example.org,MK,x,innovator\n').encode()
            ),
        ),
        *[
            (f"upload: {label}", upload)
            for label, upload in hostile_uploads()
            if label in ("zip bomb", "NUL in name", "empty")
        ],
    ]


@pytest.mark.parametrize(
    ("label", "upload"), _csv_uploads(), ids=[label for label, _ in _csv_uploads()]
)
def test_csv_import_never_fails_with_500_and_saves_all_or_nothing(
    client, coordinator, label, upload
):
    person, cohort = coordinator
    client.force_login(person)
    before = (User.objects.count(), Membership.objects.count())
    response = post_hostile(
        client,
        reverse("cohorts_import_members"),
        {"cohort": cohort.pk, "file": upload},
    )
    if response.status_code == 200:
        assert (User.objects.count(), Membership.objects.count()) == before, label
        assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    else:
        assert response.status_code == 302, label


@hostile_settings
@given(rows=st.lists(st.lists(hostile_text(), min_size=5, max_size=6), max_size=4))
def test_csv_import_service_answers_hostile_rows_with_a_clear_error(coordinator, rows):
    import csv
    import io

    person, cohort = coordinator
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "email", "country", "organisation", "role"])
    writer.writerows(rows)
    before = (User.objects.count(), Membership.objects.count())
    try:
        services.import_members_csv(
            cohort=cohort, data=buffer.getvalue().encode("utf-8", "surrogatepass"), by=person
        )
    except services.CSVImportError as error:
        assert error.rows
        assert (User.objects.count(), Membership.objects.count()) == before


@hostile_settings
@given(token=hostile_text())
def test_invitation_link_with_hostile_token_is_gone(client, token):
    from urllib.parse import quote

    token = quote(token.replace("/", "").replace("\\", "").replace("\x00", ""), safe="") or "x"
    response = client.get(f"/invitations/{token}/")
    assert response.status_code in (404, 410)


@hostile_settings
@given(data=hostile_form_data(["new_password1", "new_password2"]))
def test_invitation_form_survives_hostile_passwords(client, data):
    cohort = CohortFactory()
    user = services.create_user(email=f"inv{User.objects.count()}@example.org", full_name="Invited")
    invitation = services.invite_user(user=user, cohort=cohort, role=Role.INNOVATOR, by=None)
    token = services.issue_invitation_token(invitation)
    response = post_hostile(client, reverse("cohorts:invitation", args=[token]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_photo_is_re_encoded_without_location_metadata_or_trailing_bytes(client, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (41.0, 59.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, "JPEG", exif=exif)
    upload = buffer.getvalue() + b"<html><script>alert(1)</script></html>"
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("cohorts:profile"),
        {**PROFILE, "photo": SimpleUploadedFile("me.jpg", upload, "image/jpeg")},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    stored = (settings.MEDIA_ROOT / user.photo.name).read_bytes()
    assert b"<script" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (30, 20), {})


def _routes_with_ids():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return sorted(
        route
        for route in walk(get_resolver().url_patterns)
        if re.search(r"<(int|id):", route) and not route.startswith(("admin/", "^"))
    )


def test_every_app_url_with_an_id_beyond_the_database_range_is_not_found(client):
    """Were OverflowErrors (500s) on SQLite: /apply/<2**63>/, /meetings/<2**63>/..."""
    import uuid

    from tests.factories.grants import is_not_found

    routes = _routes_with_ids()
    assert len(routes) > 50
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for route in routes:
        url = "/" + re.sub(r"<(int|id):\w+>", str(2**63), route)
        url = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), url)
        url = re.sub(r"<(str|slug|path):\w+>", "x", url)
        for method in (client.get, client.post):
            response = method(url)
            assert is_not_found(response) or response.status_code == 405, (url, response)
