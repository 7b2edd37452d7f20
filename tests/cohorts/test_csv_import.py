import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts import services
from cohorts.enums import Role
from cohorts.models import Invitation, Membership, User
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db

GOOD = (
    "name,email,country,organisation,role\n"
    "Jovana Nikolić,jovana@example.org,RS,Belgrade City Library,innovator\n"
    "Petar Georgiev,petar@example.org,Bulgaria,Sofia City Library,mentor\n"
    "Arta Hoxha,arta@example.org,AL,Albanian Library Association,ambassador\n"
)


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def coordinator(cohort):
    return add_member(cohort, Role.COORDINATOR)


def test_import_good_file_adds_everyone_and_invites_new_people(
    cohort, coordinator, django_capture_on_commit_callbacks
):
    known = UserFactory(email="petar@example.org", full_name="Petar Georgiev")
    with django_capture_on_commit_callbacks(execute=True):
        result = services.import_members_csv(cohort=cohort, data=GOOD.encode(), by=coordinator)
    assert (result.added, result.already_members, result.invited) == (3, 0, 2)
    roles = set(
        Membership.objects.filter(cohort=cohort)
        .exclude(role=Role.COORDINATOR)
        .values_list("user__email", "role", "country")
    )
    assert roles == {
        ("jovana@example.org", "innovator", ""),
        ("petar@example.org", "mentor", ""),
        ("arta@example.org", "ambassador", "AL"),
    }
    assert User.objects.get(email="arta@example.org").country == "AL"
    # New people are invited; petar (who has an account) is told he was added.
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("arta@example.org", f"You are invited to {cohort.programme.name} – {cohort.name}"),
        ("jovana@example.org", f"You are invited to {cohort.programme.name} – {cohort.name}"),
        ("petar@example.org", f"You were added to {cohort.name}"),
    ]
    assert not Invitation.objects.filter(user=known).exists()


def test_import_twice_counts_existing_members(cohort, coordinator):
    services.import_members_csv(cohort=cohort, data=GOOD, by=coordinator)
    result = services.import_members_csv(cohort=cohort, data=GOOD, by=coordinator)
    assert (result.added, result.already_members) == (0, 3)
    assert Membership.objects.filter(cohort=cohort).count() == 4


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "name,email,country,role\nA,a@example.org,RS,innovator\n",
            [
                (
                    1,
                    "Missing column(s): organisation. Expected: name, email, country, "
                    "organisation, role.",
                )
            ],
        ),
        (
            GOOD + "Bad Mail,not-an-email,RS,Lib,innovator\n",
            [(5, "“not-an-email” is not a valid e-mail address")],
        ),
        (
            GOOD + "X,x@example.org,RS,Lib,wizard\n",
            [
                (
                    5,
                    "the role “wizard” is not one of innovator, mentor, ambassador, jury, observer, coordinator",
                )
            ],
        ),
        (
            GOOD + "X,x@example.org,Atlantis,Lib,innovator\n",
            [(5, "“Atlantis” is not a known country")],
        ),
        (GOOD + ",x@example.org,RS,Lib,innovator\n", [(5, "the name is empty")]),
        (GOOD + "Y,y@example.org,,Lib,ambassador\n", [(5, "an ambassador needs a country")]),
        (
            GOOD + "Again,jovana@example.org,RS,Lib,mentor\n",
            [(5, "jovana@example.org appears twice in the file")],
        ),
        ("name,email,country,organisation,role\n", [(2, "The file has no member rows.")]),
    ],
)
def test_import_bad_file_reports_line_and_imports_nothing(cohort, coordinator, data, expected):
    with pytest.raises(services.CSVImportError) as error:
        services.import_members_csv(cohort=cohort, data=data.encode(), by=coordinator)
    assert error.value.rows == expected
    assert Membership.objects.filter(cohort=cohort).count() == 1
    assert User.objects.count() == 1


def test_import_reports_every_bad_line(cohort, coordinator):
    data = GOOD + "A,bad,RS,L,innovator\nB,b@example.org,RS,L,nobody\n"
    with pytest.raises(services.CSVImportError) as error:
        services.import_members_csv(cohort=cohort, data=data, by=coordinator)
    assert [line for line, _message in error.value.rows] == [5, 6]


def test_import_semicolon_separated_and_bom(cohort, coordinator):
    data = "\ufeffname;email;country;organisation;role\nA B;ab@example.org;MK;L;jury\n"
    result = services.import_members_csv(cohort=cohort, data=data.encode("utf-8"), by=coordinator)
    assert result.added == 1


def test_import_refuses_non_utf8(cohort, coordinator):
    with pytest.raises(services.CSVImportError) as error:
        services.import_members_csv(cohort=cohort, data=b"\xff\xfe\x00bad", by=coordinator)
    assert error.value.rows == [(0, "The file is not UTF-8 text.")]


def test_import_refused_for_coordinator_of_other_cohort(cohort):
    other_coordinator = add_member(CohortFactory(), Role.COORDINATOR)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_members_csv(cohort=cohort, data=GOOD, by=other_coordinator)


def test_import_view_shows_errors_with_line_numbers(client, cohort, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("m.csv", (GOOD + "X,bad,RS,L,innovator\n").encode(), "text/csv")
    response = client.post(reverse("cohorts_import_members"), {"cohort": cohort.pk, "file": upload})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported: 1 line(s) need fixing." in content
    assert "<td>5</td><td>“bad” is not a valid e-mail address</td>" in content
    assert Membership.objects.filter(cohort=cohort).count() == 1


def test_import_view_lists_only_cohorts_the_person_coordinates(client, cohort, coordinator):
    other = CohortFactory(name="Someone else's round")
    client.force_login(coordinator)
    response = client.get(reverse("cohorts_import_members"))
    assert response.status_code == 200
    assert cohort.name in response.content.decode()
    assert other.name not in response.content.decode()
    upload = SimpleUploadedFile("m.csv", GOOD.encode(), "text/csv")
    response = client.post(reverse("cohorts_import_members"), {"cohort": other.pk, "file": upload})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Membership.objects.filter(cohort=other).count() == 0


def test_import_view_refused_for_innovator(client, cohort):
    innovator = add_member(cohort, Role.INNOVATOR)
    client.force_login(innovator)
    response = client.get(reverse("cohorts_import_members"))
    assert response.status_code == 302  # Wagtail sends people without admin access away


def test_invitation_link_sets_password_once(
    client, cohort, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_members_csv(cohort=cohort, data=GOOD, by=coordinator)
    message = next(m for m in mail.outbox if m.to == ["jovana@example.org"])
    path = re.search(r"http://testserver(/invitations/[^/\s]+/)", message.body).group(1)
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "Library-2026!", "new_password2": "Library-2026!"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="jovana@example.org")
    assert user.check_password("Library-2026!")
    assert user.emailaddress_set.get().verified is True
    client.logout()
    assert client.get(path).status_code == 410


def test_invitation_with_bad_password_keeps_link_usable(
    client, cohort, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_members_csv(cohort=cohort, data=GOOD, by=coordinator)
    message = next(m for m in mail.outbox if m.to == ["jovana@example.org"])
    path = re.search(r"http://testserver(/invitations/[^/\s]+/)", message.body).group(1)
    response = client.post(path, {"new_password1": "abc", "new_password2": "abd"})
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    assert Invitation.objects.get(user__email="jovana@example.org").accepted_at is None


def test_unknown_invitation_token_is_gone(client):
    assert client.get("/invitations/not-a-token/").status_code == 410
