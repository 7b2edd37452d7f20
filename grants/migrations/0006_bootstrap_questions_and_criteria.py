"""Existing criteria go into the default locale with fresh translation keys (Wagtail's
``BootstrapTranslatableModel``); each line of a call's ``extra_questions`` becomes a
``GrantQuestion`` in the default locale, and proposals' answers, keyed by the question's
text until now, are keyed by the question's id."""

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models.i18n import BootstrapTranslatableModel


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def questions_to_rows(apps, schema_editor):
    GrantCall = apps.get_model("grants", "GrantCall")
    GrantQuestion = apps.get_model("grants", "GrantQuestion")
    Proposal = apps.get_model("grants", "Proposal")
    Locale = apps.get_model("wagtailcore", "Locale")
    calls = GrantCall.objects.exclude(extra_questions="")
    if not calls.exists():
        return
    locale = Locale.objects.get(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    for call in calls.iterator():
        ids = {}
        for position, text in enumerate(dict.fromkeys(_lines(call.extra_questions))):
            question = GrantQuestion.objects.create(
                call=call,
                text=text[:500],
                position=position,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
            ids[text] = str(question.pk)
        for proposal in Proposal.objects.filter(call=call).exclude(answers={}).iterator():
            answers = proposal.answers if isinstance(proposal.answers, dict) else {}
            proposal.answers = {ids[key]: value for key, value in answers.items() if key in ids}
            proposal.save(update_fields=["answers"])


def rows_to_questions(apps, schema_editor):
    GrantCall = apps.get_model("grants", "GrantCall")
    GrantQuestion = apps.get_model("grants", "GrantQuestion")
    Proposal = apps.get_model("grants", "Proposal")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    for call in GrantCall.objects.all().iterator():
        questions = list(
            GrantQuestion.objects.filter(call=call, locale__language_code=language).order_by(
                "position", "pk"
            )
        )
        if not questions:
            continue
        call.extra_questions = "\n".join(question.text for question in questions)
        call.save(update_fields=["extra_questions"])
        texts = {str(question.pk): question.text for question in questions}
        for proposal in Proposal.objects.filter(call=call).exclude(answers={}).iterator():
            answers = proposal.answers if isinstance(proposal.answers, dict) else {}
            proposal.answers = {texts[key]: value for key, value in answers.items() if key in texts}
            proposal.save(update_fields=["answers"])
    GrantQuestion.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0005_translatable_questions_and_criteria"),
    ]

    operations = [
        BootstrapTranslatableModel("grants.Criterion"),
        migrations.RunPython(questions_to_rows, rows_to_questions),
    ]
