"""A person's notifications in the data export; on deletion their inbox and choices go.

Inbox entries are copies of messages to the person (their name and e-mail may be in the
text): they are deleted, as are their preferences. Ledger rows stay (they hold only keys
made of ids) so nothing is sent again to the anonymised account.
"""

from django.contrib.auth import get_user_model

from .models import Notification, Preference


def personal_data(user):
    return {
        "inbox": [
            {
                "kind": entry.kind,
                "subject": entry.subject,
                "text": entry.body,
                "url": entry.url,
                "created_at": entry.created_at,
                "read_at": entry.read_at,
                "emailed_at": entry.emailed_at,
            }
            for entry in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "preferences": dict(
            Preference.objects.filter(user=user).order_by("kind").values_list("kind", "channel")
        ),
    }


def anonymise(user, replacements):
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    Preference.objects.filter(user=user).delete()
    get_user_model().objects.filter(pk=user.pk).update(unread_notifications=0)
