"""Copy the three old sent-once ledgers into ``SentOnce`` under the keys the new code uses.

``cohorts.SentEmail``, ``curriculum.SentNotice`` and ``events.ReleaseNotice`` are deleted by
their apps' next migrations (which depend on this one): nothing already sent goes out again.
"""

from django.db import migrations


def copy(apps, schema_editor):
    SentOnce = apps.get_model("notifications", "SentOnce")
    SentEmail = apps.get_model("cohorts", "SentEmail")
    SentNotice = apps.get_model("curriculum", "SentNotice")
    ReleaseNotice = apps.get_model("events", "ReleaseNotice")
    kinds = {
        "decision": "cohorts.application_decision",
        "later-round": "cohorts.later_round",
        "partner": "cohorts.matching_partner",
        "topic": "cohorts.discussion_topic",
    }
    rows = [
        SentOnce(
            key=f"cohorts:{row.key}",
            kind=kinds.get(row.key.split(":")[0], ""),
            user_id=row.user_id,
            sent_at=row.sent_at,
        )
        for row in SentEmail.objects.all()
    ]
    rows += [
        SentOnce(
            key=f"curriculum.{row.kind}:{row.user_id}:{row.key}",
            kind=f"curriculum.{row.kind}",
            user_id=row.user_id,
            sent_at=row.sent_at,
        )
        for row in SentNotice.objects.all()
    ]
    rows += [
        SentOnce(
            key=f"events.agenda_changed:{row.release_id}:{row.email.lower()}",
            kind="events.agenda_changed",
            sent_at=row.sent_at,
        )
        for row in ReleaseNotice.objects.all()
    ]
    SentOnce.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("cohorts", "0003_matching_top_k_8"),
        ("curriculum", "0002_feedback_notice"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
