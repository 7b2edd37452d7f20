"""Meetings' kinds of notification (see notifications/registry.py)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register

REGISTERED = register(
    Kind(
        "events.registered",
        _("Meeting registration confirmed"),
        template="events/email/registered",
        description="The participant, with their agenda (.ics) and private calendar link.",
    )
)
WAITLISTED = register(
    Kind(
        "events.waitlisted",
        _("On a meeting's waiting list"),
        template="events/email/waitlisted",
        description="The participant who registered for a full meeting.",
    )
)
REGISTRATION_PROMOTED = register(
    Kind(
        "events.registration_promoted",
        _("A place at the meeting became free for you"),
        template="events/email/registration_promoted",
        description="The participant moved from the waiting list: the place is offered "
        "until a deadline (KOHORTA_WAITLIST_CONFIRM_HOURS), with links to confirm or decline.",
    )
)
REGISTRATION_CANCELLED = register(
    Kind(
        "events.registration_cancelled",
        _("Meeting registration cancelled"),
        template="events/email/registration_cancelled",
        description="The participant, when they or a coordinator cancel (with the reason).",
    )
)
SIGNUP_CONFIRMED = register(
    Kind(
        "events.signup_confirmed",
        _("Session sign-up confirmed"),
        template="events/email/signup_confirmed",
        description="The participant who got a place in a limited session.",
    )
)
SIGNUP_WAITLISTED = register(
    Kind(
        "events.signup_waitlisted",
        _("On a session's waiting list"),
        template="events/email/signup_waitlisted",
        description="The participant who signed up for a full session.",
    )
)
SIGNUP_PROMOTED = register(
    Kind(
        "events.signup_promoted",
        _("A place in a session became free for you"),
        template="events/email/signup_promoted",
        description="The participant moved from a session's waiting list: the place is "
        "offered until a deadline, with links to confirm or decline.",
    )
)
OFFER_EXPIRED = register(
    Kind(
        "events.offer_expired",
        _("An offered place went to the next person"),
        template="events/email/offer_expired",
        description="The participant who did not confirm a place offered from a meeting's "
        "or a session's waiting list in time.",
    )
)
AGENDA_CHANGED = register(
    Kind(
        "events.agenda_changed",
        _("Changes to a meeting's agenda"),
        template="events/email/agenda_changed",
        description="Speakers and participants whose session's time, room, title or "
        "speakers changed in a published agenda version.",
    )
)
