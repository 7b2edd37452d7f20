"""A person's data: export it all as JSON, or anonymise them (the "right to be forgotten").

Each app contributes through two Wagtail hooks, registered in its ``wagtail_hooks.py``:

``kohorta_personal_data``: ``f(user) -> {"section name": JSON-able data}``: everything the
app holds about the person (their own submissions, registrations, reviews, ...).

``kohorta_anonymise_person``: ``f(user, replacements)``: remove or blank what identifies the
person in the app's rows, keeping rows other people's records depend on (scores stay, the
reviewer becomes "Deleted person #id"). ``replacements`` maps each old identifying string
(name, e-mail) to its replacement, for free-text copies such as log labels.

Both run inside ``anonymise_person``'s transaction: if one app fails, nothing changes.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

EXPORT_FORMAT = "kohorta-personal-data/1"


def anonymous_name(user):
    return f"Deleted person #{user.pk}"


def anonymous_email(user):
    return f"deleted-{user.pk}@deleted.invalid"


def export_personal_data(user):
    """Everything Kohorta holds about ``user``, as a JSON-able dict (one key per app section)."""
    sections = {}
    for hook in hooks.get_hooks("kohorta_personal_data"):
        sections.update(hook(user) or {})
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person_id": user.pk,
        "sections": sections,
    }


def export_personal_data_json(user):
    return json.dumps(
        export_personal_data(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )


def anonymise_person(*, user, by):
    """Replace what identifies ``user`` everywhere, keep the programme records they belong to.

    Only the person themself or a superuser may; the last active superuser cannot erase
    themself (the site would have no administrator left). The person can no longer log in.
    """
    from cohorts.models import User

    if by is not None and by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied("cohorts.delete_user")
    if (
        user.is_superuser
        and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ValidationError(_("The last administrator cannot delete their account."))
    replacements = {
        value: replacement
        for value, replacement in (
            (user.full_name, anonymous_name(user)),
            (user.email, anonymous_email(user)),
        )
        if value
    }
    with transaction.atomic():
        for hook in hooks.get_hooks("kohorta_anonymise_person"):
            hook(user, replacements)
        log(user, "kohorta.person.anonymise", user=by if by != user else user)
    return user
