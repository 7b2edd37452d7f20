"""Telling a person something: ``notify()`` and the writes behind the inbox and preferences."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from . import mail, registry
from .enums import Channel
from .models import Notification, Preference, SentOnce


def channel_for(user, kind):
    """How ``user`` wants to be e-mailed about ``kind`` (a registry ``Kind``)."""
    if not kind.can_turn_off:
        return Channel.IMMEDIATELY
    chosen = (
        Preference.objects.filter(user=user, kind=kind.name)
        .values_list("channel", flat=True)
        .first()
    )
    return chosen or kind.default


def notify(
    recipient,
    kind,
    *,
    context,
    url=None,
    actor=None,
    once_key=None,
    attachments=(),
    language=None,
):
    """Tell ``recipient`` (a user, or an e-mail address for someone without an account).

    Stores an inbox entry in the recipient's language and, per their preference for
    ``kind``, e-mails it now, keeps it for their daily or weekly digest, or does not e-mail
    it. With a ``once_key`` it happens once: a second call with the same key does nothing
    and returns ``None`` (the ledger row, the entry and the e-mail are one transaction, so
    a failed send is retried in full). Returns the ``Notification`` (``True`` for an
    address).
    """
    kind_obj = registry.get(kind)
    key = once_key or f"{kind}:{uuid.uuid4().hex}"
    is_user = not isinstance(recipient, str)
    language = language or (mail.language_of(recipient) if is_user else settings.LANGUAGE_CODE)
    try:
        with transaction.atomic():
            if once_key:
                SentOnce.objects.create(
                    key=once_key, kind=kind, user=recipient if is_user else None
                )
            if not is_user:
                _email_address(recipient, kind_obj, context, url, key, attachments, language)
                return True
            return _notify_user(
                recipient, kind_obj, context, url, actor, key, attachments, language
            )
    except IntegrityError:
        return None


def _email_address(address, kind, context, url, key, attachments, language):
    full = {**mail.base_context(None, language=language), **context, "url": mail.absolute(url)}
    subject, text, html = mail.render(kind.template, full, language=language)
    mail.send(to=address, subject=subject, text=text, html=html, key=key, attachments=attachments)


def _notify_user(user, kind, context, url, actor, key, attachments, language):
    channel = channel_for(user, kind)
    full = {**mail.base_context(user, language=language), **context}
    if url is not None:
        full["url"] = mail.absolute(url)
    full.setdefault("url", mail.absolute(url))
    full["actor"] = actor
    subject, text, html = mail.render(kind.template, full, language=language)
    email_now = channel == Channel.IMMEDIATELY and user.is_active and user.email
    # Every write comes before the send, which is the transaction's last step: a worker killed
    # after handing the e-mail over and before the commit is the only way to send it twice.
    notification = Notification.objects.create(
        recipient=user,
        kind=kind.name,
        subject=subject[:300],
        body=text if kind.keep_text else "",
        url=(url or "")[:500] if kind.keep_text else "",
        actor=actor,
        channel=channel,
        emailed_at=timezone.now() if email_now else None,
    )
    recount_unread([user.pk])
    if email_now:
        unsubscribe = mail.unsubscribe_url(user, kind.name) if kind.can_turn_off else None
        mail.send(
            to=user.email,
            subject=subject,
            text=text,
            html=html,
            key=key,
            unsubscribe=unsubscribe,
            attachments=attachments,
        )
    return notification


def recount_unread(user_ids):
    """Refresh the unread count the header bell shows (``User.unread_notifications``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    get_user_model().objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), 0)
    )


def mark_read(*, notification_id, by):
    """Mark one of ``by``'s own entries read; returns the entry or ``None`` if not theirs."""
    notification = Notification.objects.filter(pk=notification_id, recipient=by).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        recount_unread([by.pk])
    return notification


def mark_all_read(*, by):
    count = Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    recount_unread([by.pk])
    return count


def set_preference(*, user, kind, channel, by):
    """Set how ``user`` is e-mailed about ``kind``; refuses what the kind does not allow."""
    kind_obj = registry.get(kind)
    if by.pk != user.pk:
        raise PermissionDenied("A person sets only their own preferences.")
    if channel not in kind_obj.channels():
        raise ValueError(f"{kind} cannot be set to {channel}")
    if channel == kind_obj.default:
        Preference.objects.filter(user=user, kind=kind).delete()
    else:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


def unsubscribe(*, token):
    """Turn off the kind a signed List-Unsubscribe token names; ``(user, kind)`` or ``None``."""
    from django.contrib.auth import get_user_model

    data = mail.read_unsubscribe_token(token)
    if data is None or not registry.is_registered(data[1]):
        return None
    user = get_user_model().objects.filter(pk=data[0]).first()
    kind = registry.get(data[1])
    if user is None or not kind.can_turn_off:
        return None
    set_preference(user=user, kind=kind.name, channel=Channel.OFF, by=user)
    return user, kind


DIGEST_TEMPLATE = "notifications/email/digest"


def send_digest(*, user, channel, period):
    """E-mail ``user`` one digest of their entries kept for ``channel``; once per period.

    Returns True when a digest went out. The entries are marked e-mailed in the same
    transaction, so a second run of the same period sends nothing.
    """
    pending = Notification.objects.filter(recipient=user, channel=channel, emailed_at__isnull=True)
    entries = list(pending.order_by("created_at", "pk"))
    if not entries or not user.is_active or not user.email:
        return False
    key = f"digest:{channel}:{user.pk}:{period}"
    language = mail.language_of(user)
    try:
        with transaction.atomic():
            SentOnce.objects.create(key=key, kind="digest", user=user)
            context = {
                **mail.base_context(user, language=language),
                "entries": [
                    {"subject": entry.subject, "body": entry.body, "url": mail.absolute(entry.url)}
                    for entry in entries
                ],
                "daily": channel == Channel.DAILY,
                "url": mail.base_url() + reverse("notifications:inbox"),
            }
            subject, text, html = mail.render(DIGEST_TEMPLATE, context, language=language)
            mail.send(to=user.email, subject=subject, text=text, html=html, key=key)
            Notification.objects.filter(pk__in=[entry.pk for entry in entries]).update(
                emailed_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True


def prune(*, now=None):
    """Delete inbox entries older than ``KOHORTA_NOTIFICATION_RETENTION_DAYS``."""
    now = now or timezone.now()
    days = getattr(settings, "KOHORTA_NOTIFICATION_RETENTION_DAYS", 180)
    old = Notification.objects.filter(created_at__lt=now - datetime.timedelta(days=days))
    people = set(old.values_list("recipient_id", flat=True))
    deleted, _rows = old.delete()
    recount_unread(people)
    return deleted
