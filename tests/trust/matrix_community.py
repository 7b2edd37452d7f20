"""Matrix rows for the community app: cohort spaces, threads, posts, moderation, reports,
private threads and the people directory.

Objects are built lazily (``_objects``) inside each row, so other apps' pages (the
dashboard's discussion panel) never show them: a general thread of cohort A with
INNOVATOR's post (reported by MENTOR), a second thread to move posts to, INNOVATOR's
mentor-group thread with MENTOR, and a thread of cohort B. INNOVATOR is in the directory;
mentee_2 is not.
"""

import uuid

from cohorts.models import MentorGroup
from community import services
from community.enums import ThreadKind
from community.models import Thread

from .matrix import LOGIN, Row, expect, logged_in
from .world import (
    AMBASSADOR,
    COORDINATOR,
    INNOVATOR,
    JUROR,
    MENTOR,
    OBSERVER,
    OTHER_COORDINATOR,
    OTHER_INNOVATOR,
    OTHER_MENTOR,
    STAFF,
)


def _objects(world):
    objects = world.objects
    if "community_thread" not in objects:
        p = world.people
        thread = Thread.objects.create(
            cohort=world.cohort, kind=ThreadKind.GENERAL, title="Qxthread A"
        )
        other = Thread.objects.create(
            cohort=world.cohort, kind=ThreadKind.GENERAL, title="Qxthread A2"
        )
        post = services.add_post(thread=thread, body="Qxpost text", by=p[INNOVATOR])
        services.report_post(post=post, by=p[MENTOR], reason="Qxreason")
        group = MentorGroup.objects.get(cohort=world.cohort, mentor=p[MENTOR])
        private = services.sync_mentor_group_thread(group=group)
        services.add_post(thread=private, body="Qxprivate text", by=p[MENTOR])
        b_thread = Thread.objects.create(
            cohort=world.other_cohort, kind=ThreadKind.GENERAL, title="Qxthread B"
        )
        p[INNOVATOR].in_directory = True
        p[INNOVATOR].save(update_fields=["in_directory"])
        objects.update(
            community_thread=thread,
            community_other=other,
            community_post=post,
            community_private=private,
            community_b=b_thread,
        )
    return objects


def _path(template, key=None):
    def build(world):
        objects = _objects(world)
        return template.format(
            pk=objects[key].pk if key else "",
            cohort=world.cohort.pk,
            other_cohort=world.other_cohort.pk,
            innovator=world.people[INNOVATOR].pk,
            mentee=world.people["mentee_2"].pk,
        )

    return build


SPACE = {INNOVATOR, MENTOR, OTHER_MENTOR, COORDINATOR, STAFF}
NOT_SPACE = dict.fromkeys([AMBASSADOR, JUROR, OTHER_INNOVATOR, OTHER_COORDINATOR], 404)


def _space(answer, **others):
    return expect(404, anonymous=LOGIN, **dict.fromkeys(SPACE, answer), **others)


def _see_innovator(roles):
    return {role: {role, INNOVATOR} for role in roles}


def _redirect_to(key):
    def check(world, role, response):
        if response.status_code == 302 and not response.url.startswith("/accounts/"):
            assert response.url.startswith(f"/community/threads/{world.objects[key].pk}/")

    return check


ROWS = [
    Row(
        "community:home",
        "/community/",
        logged_in(200),
        visible={  # private threads: the mentor group's names
            INNOVATOR: {INNOVATOR, MENTOR},
            MENTOR: {MENTOR, INNOVATOR},
            OTHER_MENTOR: {OTHER_MENTOR, "mentee_2"},
            OTHER_INNOVATOR: {OTHER_INNOVATOR, "other_mentor_b"},
        },
    ),
    Row(
        "community:reports",
        _path("/community/reports/"),
        expect(404, anonymous=LOGIN, coordinator=200, other_coordinator=200, staff=200),
        visible={
            COORDINATOR: {COORDINATOR, INNOVATOR, MENTOR},
            STAFF: {STAFF, INNOVATOR, MENTOR},
        },
    ),
    Row(
        "community:space",
        _path("/community/cohorts/{cohort}/"),
        _space(200),
        visible=_see_innovator(SPACE),
    ),
    Row(
        "community:space",
        _path("/community/cohorts/{other_cohort}/"),
        expect(404, anonymous=LOGIN, other_innovator=200, other_coordinator=200, staff=200),
    ),
    Row(
        "community:lesson_thread",
        _path("/community/cohorts/{cohort}/lessons/" + str(uuid.uuid4()) + "/"),
        expect(404, anonymous=LOGIN),
    ),
    Row(
        "community:thread",
        _path("/community/threads/{pk}/", "community_thread"),
        _space(200),
        visible=_see_innovator(SPACE),
    ),
    # The mentor group's private thread: its participants only. It has no report, so the
    # coordinators of the cohort and the site's staff do not read it.
    Row(
        "community:thread",
        _path("/community/threads/{pk}/", "community_private"),
        expect(404, anonymous=LOGIN, innovator=200, mentor=200),
        visible={INNOVATOR: {INNOVATOR, MENTOR}, MENTOR: {MENTOR, INNOVATOR}},
    ),
    Row(
        "community:thread",
        _path("/community/threads/{pk}/", "community_b"),
        expect(404, anonymous=LOGIN, other_innovator=200, other_coordinator=200, staff=200),
    ),
    Row(
        "community:thread",
        _path("/community/threads/{pk}/", "community_thread"),
        _space(302),
        method="POST",
        data={"body": "A reply"},
        check=_redirect_to("community_thread"),
    ),
    Row(
        "community:follow",
        _path("/community/threads/{pk}/follow/", "community_thread"),
        _space(302),
        method="POST",
        data={"follow": "1"},
        check=_redirect_to("community_thread"),
    ),
    Row(
        "community:moderate_thread",
        _path("/community/threads/{pk}/moderate/", "community_thread"),
        expect(
            404,
            anonymous=LOGIN,
            mentor=302,
            other_mentor=302,
            coordinator=302,
            staff=302,
        ),
        method="POST",
        data={"action": "pin"},
        check=_redirect_to("community_thread"),
    ),
    Row(
        "community:edit_post",
        _path("/community/posts/{pk}/edit/", "community_post"),
        expect(404, anonymous=LOGIN, innovator=200),
    ),
    Row(
        "community:remove_post",
        _path("/community/posts/{pk}/remove/", "community_post"),
        expect(404, anonymous=LOGIN, innovator=302),
        method="POST",
        check=_redirect_to("community_thread"),
    ),
    Row(
        "community:report_post",
        _path("/community/posts/{pk}/report/", "community_post"),
        _space(200),
        visible=_see_innovator(SPACE),
    ),
    Row(
        "community:moderate_post",
        _path("/community/posts/{pk}/moderate/", "community_post"),
        expect(
            404,
            anonymous=LOGIN,
            mentor=302,
            other_mentor=302,
            coordinator=302,
            staff=302,
        ),
        method="POST",
        data={"action": "hide"},
        check=_redirect_to("community_thread"),
    ),
    Row(
        "community:move_post",
        _path("/community/posts/{pk}/move/", "community_post"),
        expect(
            404,
            anonymous=LOGIN,
            mentor=302,
            other_mentor=302,
            coordinator=302,
            staff=302,
        ),
        method="POST",
        data=lambda world: {"thread": world.objects["community_other"].pk},
        check=_redirect_to("community_other"),
    ),
    Row(
        "community:attachment",
        _path("/community/posts/{pk}/attachment/", "community_post"),
        expect(404, anonymous=LOGIN),  # the post has no file: nobody gets one
    ),
    Row(
        "community:people",
        _path("/people/"),
        logged_in(200),
        visible={role: {role, INNOVATOR} for role in (*SPACE, *NOT_SPACE, OBSERVER)},
    ),
    Row(
        "community:person",
        _path("/people/{innovator}/"),
        logged_in(200),
        visible={role: {role, INNOVATOR} for role in (*SPACE, *NOT_SPACE, OBSERVER)},
    ),
    # mentee_2 did not opt in: no profile page for anyone, not even their cohort.
    Row("community:person", _path("/people/{mentee}/"), logged_in(404)),
    Row(
        "community:contact",
        _path("/people/{innovator}/message/"),
        # An observer follows the cohort read-only: no conversations either.
        logged_in(200, innovator=404, observer=404),
        visible={role: {role, INNOVATOR} for role in (*SPACE, *NOT_SPACE)},
    ),
    # Not in the directory: only people who share a cohort with mentee_2 may write.
    Row(
        "community:contact",
        _path("/people/{mentee}/message/"),
        expect(
            404,
            anonymous=LOGIN,
            **dict.fromkeys((INNOVATOR, MENTOR, OTHER_MENTOR, AMBASSADOR, JUROR, COORDINATOR), 200),
        ),
        visible={
            role: {role, "mentee_2"}
            for role in (INNOVATOR, MENTOR, OTHER_MENTOR, AMBASSADOR, JUROR, COORDINATOR)
        },
    ),
]
