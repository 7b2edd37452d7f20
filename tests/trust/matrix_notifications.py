"""Matrix rows for the notifications app: the inbox, its buttons, preferences, unsubscribe."""

from notifications import mail, services

from .matrix import LOGIN, Redirect, Row, expect, logged_in
from .world import INNOVATOR


def extend_world(world):
    person = world.people[INNOVATOR]
    world.objects["notification"] = services.notify(
        person,
        "curriculum.feedback",
        context={"approved": True, "course": "Leadership", "feedback": None},
        url="/dashboard/",
        once_key="matrix:notification",
    )
    world.objects["unsubscribe_token"] = mail.unsubscribe_token(person, "curriculum.feedback")


INBOX = Redirect("/notifications/")

ROWS = [
    Row("notifications:inbox", "/notifications/", logged_in(200)),
    Row(
        "notifications:mark_read",
        lambda w: f"/notifications/{w.objects['notification'].pk}/read/",
        logged_in(404, anonymous=LOGIN, innovator=INBOX),
        method="POST",
    ),
    Row(
        "notifications:mark_all_read",
        "/notifications/read-all/",
        logged_in(INBOX),
        method="POST",
    ),
    Row("notifications:preferences", "/profile/notifications/", logged_in(200)),
    # The signed token is the only key: anyone holding the link may turn that kind off.
    Row(
        "notifications:unsubscribe",
        lambda w: f"/notifications/unsubscribe/{w.objects['unsubscribe_token']}/",
        expect(200),
    ),
]
