"""After ``migrate``, an existing Coordinators group gains every app's admin permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from cohorts import rules as cohort_rules

pytestmark = pytest.mark.django_db


def test_post_migrate_gives_an_existing_coordinators_group_every_apps_permissions():
    group = Group.objects.create(name="Coordinators")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == set(cohort_rules.admin_permissions())
    # Apps migrated after cohorts are included: the agenda versions and "Translate".
    assert ("events", "change_agendarelease") in held
    assert ("wagtail_localize", "submit_translation") in held
