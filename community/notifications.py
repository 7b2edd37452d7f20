"""The community app's kinds of notification (see notifications/registry.py)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register

REPLY = register(
    Kind(
        "community.reply",
        _("A new reply in a thread you follow"),
        template="community/email/reply",
        description="Followers of a cohort thread (everyone who posted in it follows it), "
        "when someone else replies.",
    )
)
MENTION = register(
    Kind(
        "community.mention",
        _("Someone mentioned you"),
        template="community/email/mention",
        description="A person @mentioned in a post.",
    )
)
PRIVATE_MESSAGE = register(
    Kind(
        "community.private_message",
        _("A new private message"),
        template="community/email/private_message",
        description="The other participants of a private thread (peer partners, mentor "
        "group, a conversation) when someone writes in it.",
    )
)
