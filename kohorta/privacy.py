"""A person's data: export it all as JSON, or anonymise them (the "right to be forgotten").

Each app contributes through two Wagtail hooks, registered in its ``wagtail_hooks.py``:

``kohorta_personal_data``: ``f(user) -> {"section name": JSON-able data}``: everything the
app holds about the person (their own submissions, registrations, reviews, ...).

``kohorta_anonymise_person``: ``f(user, replacements)``: remove or blank what identifies the
person in the app's rows, keeping rows other people's records depend on (scores stay, the
reviewer becomes "Deleted person #id"). ``replacements`` maps each old identifying string
(name, e-mail) to its replacement, for free-text copies such as log labels.

Both run inside ``anonymise_person``'s transaction: if one app fails, nothing changes.
Files are deleted only once that transaction commits (``delete_file_on_commit``).

Rules every app follows (each app's ``privacy.py`` documents its own decisions):

- Rows that counts, rankings or other people's records depend on stay; what identifies the
  person in them (free text they wrote about themselves, uploads, contact details) goes.
- Free text other people wrote stays, except where it is *about* the deleted person only
  (notes, feedback on work that is itself deleted): that is blanked or deleted.
- The person's name and e-mail are rewritten with ``replacements`` wherever they were
  copied: log labels, certificates, snapshots, and mentions in free text about their
  submissions (a juror's comment, a reviewer's note on another applicant).
"""

import json
import re

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


def replace_text(text, replacements):
    """``text`` with each old name or e-mail (whole words, any case) replaced."""
    if not text:
        return text
    for old, new in replacements.items():
        pattern = rf"(?<!\w){re.escape(old)}(?!\w)"
        text = re.sub(pattern, lambda _match, new=new: new, text, flags=re.IGNORECASE)
    return text


def replace_in_data(value, replacements):
    """``replace_text`` through the strings of JSON-like data (dicts, lists)."""
    if isinstance(value, str):
        return replace_text(value, replacements)
    if isinstance(value, list):
        return [replace_in_data(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: replace_in_data(item, replacements) for key, item in value.items()}
    return value


def rewrite_mentions(queryset, fields, replacements):
    """Rewrite the person's name and e-mail in ``fields`` of the rows that mention them.

    Text and JSON fields alike: JSON is searched as text, rewritten value by value.
    """
    from django.db.models import JSONField, Q, TextField
    from django.db.models.functions import Cast

    if not replacements:
        return 0
    model = queryset.model
    json_fields = {name for name in fields if isinstance(model._meta.get_field(name), JSONField)}
    annotations = {f"{name}__as_text": Cast(name, TextField()) for name in json_fields}
    mentions = Q()
    for name in fields:
        lookup = f"{name}__as_text" if name in json_fields else name
        for old in replacements:
            mentions |= Q(**{f"{lookup}__icontains": old})
            if name in json_fields:
                # SQLite stores JSON with non-ASCII characters escaped.
                mentions |= Q(**{f"{lookup}__icontains": json.dumps(old)[1:-1]})
    changed = 0
    for row in queryset.annotate(**annotations).filter(mentions):
        for name in fields:
            setattr(row, name, replace_in_data(getattr(row, name), replacements))
        row.save(update_fields=list(fields))
        changed += 1
    return changed


def delete_file_on_commit(field_file):
    """Delete a stored file once the anonymisation commits: a rollback keeps it."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


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
