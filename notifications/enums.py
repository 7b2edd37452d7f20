from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a person is e-mailed about one kind of notification (the inbox always has it)."""

    IMMEDIATELY = "immediately", _("E-mail at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mail")

    @classmethod
    def digests(cls):
        return (cls.DAILY, cls.WEEKLY)
