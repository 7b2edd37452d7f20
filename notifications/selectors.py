"""Reads for the inbox, the header bell and the preferences page."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from . import registry
from .models import Notification, Preference

INBOX_LIMIT = 100


def inbox(user):
    """The person's entries, unread first, newest first within each (at most 100)."""
    return list(
        Notification.objects.filter(recipient=user)
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-pk")[:INBOX_LIMIT]
    )


def preferences(user):
    """``[(kind, chosen channel)]`` for every registered kind."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return [
        (kind, chosen.get(kind.name, kind.default) if kind.can_turn_off else kind.default)
        for kind in registry.kinds()
    ]
