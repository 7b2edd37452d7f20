# An intake call's extra questions and a round's discussion topics become translatable
# (wagtail-localize), bootstrapped the documented Wagtail way in one migration: nullable
# translation key and locale, every existing row put in the default locale with a fresh
# key (BootstrapTranslatableModel), then both required and unique together. A topic's
# "one per fortnight" now counts per locale (its translations share the fortnight); its
# author may be blank (the system schedules some; wagtail-localize validates translations).

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from wagtail.models.i18n import BootstrapTranslatableModel


def constraints_immediate(apps, schema_editor):
    """PostgreSQL: check the new locale foreign keys as the rows are written, so that the
    ALTER TABLEs below find no pending trigger events in this transaction."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def nullable_key_and_locale(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
    ]


def required_key_and_locale(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name=model_name, unique_together={("translation_key", "locale")}
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0013_application_reviews"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *nullable_key_and_locale("callquestion"),
        *nullable_key_and_locale("discussiontopic"),
        migrations.RemoveConstraint(
            model_name="discussiontopic", name="cohorts_one_topic_per_fortnight"
        ),
        migrations.RunPython(constraints_immediate, migrations.RunPython.noop),
        BootstrapTranslatableModel("cohorts.CallQuestion"),
        BootstrapTranslatableModel("cohorts.DiscussionTopic"),
        *required_key_and_locale("callquestion"),
        *required_key_and_locale("discussiontopic"),
        migrations.AlterField(
            model_name="discussiontopic",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="discussiontopic",
            constraint=models.UniqueConstraint(
                fields=("cohort", "starts_on", "locale"), name="cohorts_one_topic_per_fortnight"
            ),
        ),
    ]
