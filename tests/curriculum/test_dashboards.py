import pytest
from django.urls import reverse

from cohorts.enums import Role
from curriculum import services
from tests.factories.cohorts import add_member, assign_mentor
from tests.factories.curriculum import lessons_of, modules_of
from tests.tables import read_table


def grow(world, count):
    """Add ``count`` innovators (all from North Macedonia, all the mentor's) with some progress."""
    run = world["run"]
    lessons = lessons_of(world["course"])
    module_key = modules_of(world["course"])[1].translation_key
    for number in range(count):
        person = add_member(world["cohort"], Role.INNOVATOR, country="MK")
        assign_mentor(world["cohort"], world["mentor"], person)
        for lesson in lessons[: number % 4 + 1]:
            services.complete_lesson(
                cohort_course=run, user=person, lesson_key=lesson.translation_key, by=person
            )
        reflection = services.save_reflection_draft(
            cohort_course=run, module_key=module_key, user=person, text="Plan", by=person
        )
        services.submit_reflection(reflection=reflection, by=person)


def url(name, world):
    return reverse(f"curriculum:{name}", args=[world["run"].pk])


def test_mentor_dashboard_shows_only_mentees_and_queue(client, world):
    grow(world, 2)
    client.force_login(world["mentor"])
    response = client.get(url("mentor_dashboard", world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ana Stojanovska" in html
    assert "Milan Petrović" not in html
    assert "Awaiting your feedback (2)" in html
    assert len(response.context["grid"]["rows"]) == 3


def test_mentor_dashboard_filter_and_sort(client, world):
    grow(world, 3)
    client.force_login(world["mentor"])
    response = client.get(
        url("mentor_dashboard", world), {"status": "awaiting", "sort": "-progress"}
    )
    rows = response.context["grid"]["rows"]
    assert [row["percent"] for row in rows] == [50, 33, 17]
    response = client.get(url("mentor_dashboard", world), {"q": "stojanovska"})
    assert [row["person"].full_name for row in response.context["grid"]["rows"]] == [
        "Ana Stojanovska"
    ]


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("mentor_dashboard", "mentor"),
        ("mentor_dashboard", "other_mentor"),
        ("country_dashboard", "ambassador_mk"),
        ("cohort_dashboard", "coordinator"),
    ],
)
def test_dashboard_allowed(client, world, name, who):
    client.force_login(world[who])
    assert client.get(url(name, world)).status_code == 200


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("mentor_dashboard", "innovator"),
        ("mentor_dashboard", "ambassador_mk"),
        ("mentor_dashboard", "other_mentor_elsewhere"),
        ("country_dashboard", "mentor"),
        ("country_dashboard", "innovator"),
        ("cohort_dashboard", "mentor"),
        ("cohort_dashboard", "ambassador_mk"),
        ("cohort_dashboard", "innovator"),
        ("cohort_dashboard", "other_coordinator"),
        ("cohort_csv", "other_coordinator"),
        ("cohort_csv", "mentor"),
    ],
)
def test_dashboard_refused(client, world, name, who):
    client.force_login(world[who])
    assert client.get(url(name, world), follow=True).status_code == 404


def test_ambassador_sees_only_their_country_read_only(client, world):
    grow(world, 1)
    client.force_login(world["ambassador_rs"])
    response = client.get(url("country_dashboard", world))
    html = response.content.decode()
    assert [row["person"].full_name for row in response.context["grid"]["rows"]] == [
        "Milan Petrović"
    ]
    assert "Awaiting your feedback" not in html
    assert "/learn/reflections/" not in html


def test_coordinator_dashboard_has_chart_and_csv(client, world):
    grow(world, 2)
    client.force_login(world["coordinator"])
    response = client.get(url("cohort_dashboard", world))
    html = response.content.decode()
    assert "<svg" in html
    assert "Module 1: " in html or "1. Module 1" in html

    for name in ("cohort_csv", "cohort_xlsx"):
        rows = read_table(client.get(url(name, world)))
        assert rows[0][:5] == ["Name", "E-mail", "Country", "Organisation", "Percent"]
        assert len(rows) == 5
        ana = next(row for row in rows if row[0] == "Ana Stojanovska")
        assert ana[2] == "North Macedonia"
        assert [float(value) for value in ana[4:6]] == [0, 0]


def test_grid_statuses(world):
    from curriculum import selectors

    run, user = world["run"], world["innovator"]
    lessons = lessons_of(world["course"])
    services.complete_lesson(
        cohort_course=run, user=user, lesson_key=lessons[2].translation_key, by=user
    )
    reflection = services.save_reflection_draft(
        cohort_course=run,
        module_key=modules_of(world["course"])[1].translation_key,
        user=user,
        text="Plan",
        by=user,
    )
    services.submit_reflection(reflection=reflection, by=user)

    grid = selectors.progress_grid(cohort_course=run, user=world["mentor"], scope="mentor")
    rows = selectors.with_cells(grid, grid["rows"])

    assert [cell["status"] for cell in rows[0]["cells"]] == [
        "overdue",
        "awaiting",
        "locked",
    ]
    assert grid["rows"][0]["behind"] is True


@pytest.mark.parametrize("size", [1, 4])
def test_mentor_dashboard_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    client.force_login(world["mentor"])
    with django_assert_num_queries(16):
        response = client.get(url("mentor_dashboard", world))
    assert len(response.context["grid"]["rows"]) == size + 1


@pytest.mark.parametrize("size", [1, 4])
def test_coordinator_dashboard_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    client.force_login(world["coordinator"])
    with django_assert_num_queries(18):
        response = client.get(url("cohort_dashboard", world))
    assert len(response.context["grid"]["rows"]) == size + 2


@pytest.mark.parametrize("size", [1, 4])
def test_ambassador_dashboard_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    client.force_login(world["ambassador_mk"])
    with django_assert_num_queries(16):
        response = client.get(url("country_dashboard", world))
    assert len(response.context["grid"]["rows"]) == size + 1


@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_panel_query_count(client, rf, world, django_assert_num_queries, size):
    from cohorts.selectors import dashboard_cohorts
    from curriculum.wagtail_hooks import curriculum_panels

    grow(world, size)
    client.force_login(world["mentor"])
    response = client.get(reverse("dashboard"))
    assert f"{size} reflection" in response.content.decode()

    request = rf.get("/dashboard/")
    request.user = world["mentor"]
    entries = dashboard_cohorts(world["mentor"])
    with django_assert_num_queries(4):
        panels = curriculum_panels(request, entries)
    assert panels[0]["waiting"] == size


@pytest.mark.parametrize(
    "status", ["", "behind", "awaiting", "done", "overdue", "in_progress", "not_started"]
)
def test_sql_grid_agrees_with_python_grid(world, status):
    """The dashboards' SQL filters and sorts give the rows the whole-cohort grid gives."""
    from curriculum import selectors

    grow(world, 4)
    run = world["run"]
    for sort in ["name", "-progress", "progress", "-activity", "waiting", "country"]:
        options = {"cohort_course": run, "user": world["coordinator"], "scope": "coordinator"}
        whole = selectors.progress_grid(**options, sort=sort, status=status)
        page = selectors.progress_page(**options, sort=sort, status=status, chart=True)
        selectors.with_cells(whole, whole["rows"])
        selectors.with_cells(page, page["rows"])
        assert [row["person"].pk for row in page["rows"]] == [
            row["person"].pk for row in whole["rows"]
        ], sort
        assert [[cell["status"] for cell in row["cells"]] for row in page["rows"]] == [
            [cell["status"] for cell in row["cells"]] for row in whole["rows"]
        ]
        assert [(item["done"], item["percent"]) for item in page["chart"]] == [
            (item["done"], item["percent"]) for item in whole["chart"]
        ]
        assert [item["reflection"].pk for item in page["queue"]] == [
            item["reflection"].pk for item in whole["queue"]
        ]
        assert page["total_people"] == whole["total_people"]
        assert page["countries"] == whole["countries"]
