"""The curriculum's kinds of notification (see notifications/registry.py)."""

from django.utils.translation import gettext_lazy as _

from notifications.enums import Channel
from notifications.registry import Kind, register

DUE_REMINDER = register(
    Kind(
        "curriculum.due_reminder",
        _("A module is due soon"),
        template="curriculum/email/due_reminder",
        description="Innovators who have not finished a module due in the next three days "
        "(their extended date when they have one).",
    )
)
MENTOR_DIGEST = register(
    Kind(
        "curriculum.mentor_digest",
        _("Weekly list of reflections awaiting your feedback"),
        template="curriculum/email/mentor_digest",
        description="Mentors with mentees' reflections awaiting feedback, every Monday.",
    )
)
REFLECTION_SUBMITTED = register(
    Kind(
        "curriculum.reflection_submitted",
        _("A mentee submitted a reflection"),
        template="curriculum/email/reflection_submitted",
        description="The mentee's mentor, when a reflection is submitted.",
    )
)
FEEDBACK = register(
    Kind(
        "curriculum.feedback",
        _("Your mentor answered your reflection"),
        template="curriculum/email/feedback",
        description="The innovator whose reflection got feedback.",
    )
)
EXTENSION = register(
    Kind(
        "curriculum.extension_granted",
        _("Your due date was extended"),
        template="curriculum/email/extension_granted",
        description="The innovator given a later due date for a module.",
    )
)
CERTIFICATE = register(
    Kind(
        "curriculum.certificate",
        _("Your certificate is ready"),
        template="curriculum/email/certificate",
        default=Channel.IMMEDIATELY,
        description="The person a certificate was issued to.",
    )
)
