import datetime

import pytest
from django.urls import reverse

from curriculum.models import CohortCourse, ModuleSchedule
from tests.factories.curriculum import modules_of

# The foundation's ProgrammeViewSet builds a URLField form whenever the admin menu renders,
# which warns under Django 5.2 (reported; fixed outside this app).
pytestmark = pytest.mark.filterwarnings(
    "ignore:The default scheme will be changed:django.utils.deprecation.RemovedInDjango60Warning"
)


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


def test_coordinator_schedules_course_in_admin(admin_client_for, world):
    from cohorts.services import coordinators_group

    world["coordinator"].groups.add(coordinators_group())
    client = admin_client_for(world["coordinator"])
    CohortCourse.objects.all().delete()
    module = modules_of(world["course"])[0]
    data = {
        "cohort": world["cohort"].pk,
        "course": world["course"].pk,
        **formset(
            "schedules",
            [{"module": module.pk, "releases_on": "2026-01-05", "due_on": "2026-02-05"}],
        ),
    }
    response = client.post(reverse("wagtailsnippets_curriculum_cohortcourse:add"), data)
    assert response.status_code == 302
    schedule = ModuleSchedule.objects.get()
    assert (schedule.releases_on, schedule.due_on) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 2, 5),
    )
    assert schedule.module_key == module.translation_key


def test_coordinator_admin_due_before_release_shows_error(admin_client_for, world):
    from cohorts.services import coordinators_group

    world["coordinator"].groups.add(coordinators_group())
    client = admin_client_for(world["coordinator"])
    CohortCourse.objects.all().delete()
    module = modules_of(world["course"])[0]
    data = {
        "cohort": world["cohort"].pk,
        "course": world["course"].pk,
        **formset(
            "schedules",
            [{"module": module.pk, "releases_on": "2026-03-05", "due_on": "2026-02-05"}],
        ),
    }
    response = client.post(reverse("wagtailsnippets_curriculum_cohortcourse:add"), data)
    assert response.status_code == 200
    assert "A module cannot be due before it is released." in response.content.decode()
    assert not CohortCourse.objects.exists()


def test_other_coordinator_cannot_edit_run_in_admin(admin_client_for, world):
    from cohorts.services import coordinators_group

    world["other_coordinator"].groups.add(coordinators_group())
    client = admin_client_for(world["other_coordinator"])
    url = reverse("wagtailsnippets_curriculum_cohortcourse:edit", args=[world["run"].pk])
    assert client.get(url, follow=True).status_code == 404
    listing = client.get(reverse("wagtailsnippets_curriculum_cohortcourse:list"))
    assert world["cohort"].name not in listing.content.decode()
