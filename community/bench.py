"""The community's share of the benchmark (see bench/registry.py and docs/performance.md).

The foundation's cohort gets a space of ``scale.innovators`` threads (1,000 at ILN scale)
and one thread of 500 posts from many people. The rows are bulk-inserted (volume, not
behaviour, is what is measured); the timed reply goes through the view and the service.
"""

import itertools

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bench.foundation import get_page, logged_in_client
from bench.registry import Scenario, under_ms

from .enums import ThreadKind
from .models import Post, Thread, ThreadMember

LONG_THREAD_POSTS = 500


def build(dataset):
    cohort, people = dataset.cohort, dataset.innovators
    now = timezone.now()
    Thread.objects.bulk_create(
        [
            Thread(
                cohort=cohort, kind=ThreadKind.GENERAL, title=f"Bench thread {n}", last_post_at=now
            )
            for n in range(dataset.scale.innovators)
        ]
    )
    thread = Thread.objects.create(
        cohort=cohort, kind=ThreadKind.GENERAL, title="Bench long thread"
    )
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=people[n % len(people)],
                body=f"Reply {n} with **some** text.",
                body_html=f"<p>Reply {n} with <strong>some</strong> text.</p>",
            )
            for n in range(LONG_THREAD_POSTS)
        ]
    )
    last = thread.posts.order_by("-pk").first()
    Thread.objects.filter(pk=thread.pk).update(
        post_count=LONG_THREAD_POSTS, last_post_at=now, last_post_id_cache=last.pk
    )
    ThreadMember.objects.bulk_create(
        [ThreadMember(thread=thread, user=person, following=True) for person in people[:50]]
    )
    dataset.long_thread = thread
    dataset.log(f"  {dataset.scale.innovators} threads, one of {LONG_THREAD_POSTS} posts")


def _thread_state(dataset):
    client = logged_in_client(dataset.innovator)
    return client, reverse("community:thread", args=[dataset.long_thread.pk]) + "?page=5"


def _space_state(dataset):
    client = logged_in_client(dataset.innovator)
    return client, reverse("community:space", args=[dataset.cohort.pk])


def _reply_state(dataset):
    # Each reply from the next innovator; at small scales a few people post many replies in
    # a few seconds, so the posting limits are lifted for the bench (it measures posting).
    override_settings(KOHORTA_POSTS_PER_MINUTE=10**6, KOHORTA_POSTS_PER_DAY=10**6).enable()
    clients = itertools.cycle([logged_in_client(p) for p in dataset.innovators[:200]])
    return {"clients": clients, "url": reverse("community:thread", args=[dataset.long_thread.pk])}


def _reply(state):
    response = next(state["clients"]).post(state["url"], {"body": "A *benchmark* reply."})
    if response.status_code != 302:
        raise AssertionError(f"reply answered {response.status_code}")


SCENARIOS = [
    Scenario(
        name="community.thread_page",
        description=f"a page (50 posts) of a {LONG_THREAD_POSTS}-post thread, with unread marker",
        setup=_thread_state,
        run=lambda state: get_page(*state),
        targets=(under_ms(100, "issue 16"),),
    ),
    Scenario(
        name="community.space_page",
        description="the cohort's space: first page of scale.innovators threads with unread counts",
        setup=_space_state,
        run=lambda state: get_page(*state),
        targets=(under_ms(100, "issue 16"),),
    ),
    Scenario(
        name="community.post_reply",
        description="posting a reply in the long thread (view, checks, Markdown, followers queued)",
        setup=_reply_state,
        run=_reply,
        targets=(under_ms(100, "issue 16"),),
    ),
]
