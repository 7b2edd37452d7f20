from django.db import migrations


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        func="cms.tasks.publish_scheduled",
        defaults={"name": "Publish scheduled pages", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func="cms.tasks.publish_scheduled").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_newsindexpage_standardpage_homepage_hero_image_and_more"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
