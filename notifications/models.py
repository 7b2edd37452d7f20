from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Channel


class Notification(models.Model):
    """One entry in a person's inbox, rendered in their language when it was made."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # How it is e-mailed (the person's preference when it was made) and when it was.
    channel = models.CharField(max_length=20, choices=Channel.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["channel", "emailed_at"], name="notif_digest_pending"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_unread(self):
        return self.read_at is None


class Preference(models.Model):
    """A person's choice for one kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=20, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_preference_unique")
        ]

    def __str__(self):
        return f"{self.kind}: {self.channel}"


class SentOnce(models.Model):
    """The sent-once ledger: one row per ``once_key`` told, so a retry never tells twice.

    Written in the same transaction as the inbox entry and the e-mail: if sending fails the
    row is rolled back and the retry sends; once committed, every retry does nothing.
    """

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=60, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")

    def __str__(self):
        return self.key
