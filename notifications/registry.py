"""The kinds of notification: each app registers its own from its ``notifications.py``.

``NotificationsConfig.ready`` imports ``<app>.notifications`` for every installed app, so an
app adds a kind without touching this package::

    from notifications.registry import Kind, register

    register(Kind("events.registered", _("Meeting registration confirmed"),
                  template="events/email/registered"))

A kind's ``template`` is a prefix: ``<prefix>_subject.txt`` and ``<prefix>.txt`` are
required, ``<prefix>.html`` is optional (the plain text is wrapped in the site's HTML
layout when there is none).
"""

from dataclasses import dataclass

from .enums import Channel


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    template: str
    default: str = Channel.IMMEDIATELY
    can_turn_off: bool = True
    # False for e-mails carrying a secret (a one-time link): the inbox keeps the subject only.
    keep_text: bool = True
    # Who receives it and when, for docs/notifications.md and the preferences page.
    description: str = ""

    def channels(self):
        if self.can_turn_off:
            return list(Channel)
        return [Channel.IMMEDIATELY]


_KINDS = {}


def register(kind):
    """Register ``kind`` (registering the same name twice is an error)."""
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"Notification kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def get(name):
    """The registered kind ``name``; ``KeyError`` when no app registered it."""
    return _KINDS[name]


def kinds():
    """Every registered kind, by name."""
    return [_KINDS[name] for name in sorted(_KINDS)]


def is_registered(name):
    return name in _KINDS
