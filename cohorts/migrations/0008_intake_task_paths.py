"""The intake tasks moved from ``cohorts.tasks_intake`` to ``cohorts.intake.tasks``: point
the stored django-q schedules (the daily discussion-topic e-mails) at the new path. No
table changes."""

from django.db import migrations

OLD, NEW = "cohorts.tasks_intake.", "cohorts.intake.tasks."


def _rename(apps, old, new):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.filter(func__startswith=old):
        schedule.func = new + schedule.func[len(old) :]
        schedule.save(update_fields=["func"])


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0007_preferred_language_sr_latn"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
