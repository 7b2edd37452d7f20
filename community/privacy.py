"""The community app's part of a person's data export and erasure (kohorta/privacy.py).

Export: every post the person wrote (cohort threads and private threads), their reports,
the threads they take part in or follow.

Erasure: the person's posts stay where they are under "Deleted person #id" (the user row
is anonymised by cohorts/privacy.py). The text and attachments of their posts in private
threads are removed (the post shows as removed): a private message was written for its
few readers. Posts in a cohort's space keep their text, as a course forum does, so the
replies that answer them still make sense; a person who wants a public post gone deletes
it themselves before asking for erasure (or asks a coordinator to hide it). @mentions of
their name in other people's posts are rewritten to the anonymous name.
"""

from django.db import transaction

from kohorta.privacy import replace_text

from .enums import PRIVATE_KINDS, PostState
from .models import Post, Report, ThreadMember


def personal_data(user):
    posts = Post.objects.filter(author=user).select_related("thread").order_by("pk")
    return {
        "posts": [
            {
                "thread": post.thread.title,
                "private": post.thread.kind in PRIVATE_KINDS,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "state": post.state,
                "text": post.body,
                "attachment": post.attachment_name or None,
            }
            for post in posts
        ],
        "reports": [
            {"post": report.post_id, "reason": report.reason, "created_at": report.created_at}
            for report in Report.objects.filter(reporter=user)
        ],
        "threads": [
            {
                "thread": member.thread.title,
                "participant": member.participant,
                "following": member.following,
            }
            for member in ThreadMember.objects.filter(user=user).select_related("thread")
        ],
    }


def anonymise(user, replacements):
    private = Post.objects.filter(author=user, thread__kind__in=PRIVATE_KINDS)
    for post in private.exclude(attachment=""):
        storage, name = post.attachment.storage, post.attachment.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    private.update(
        body="", body_html="", attachment="", attachment_name="", state=PostState.REMOVED
    )
    Report.objects.filter(reporter=user).update(reason="")
    for old in replacements:
        for post in Post.objects.filter(body__icontains=f"@{old}"):
            post.body = replace_text(post.body, replacements)
            post.body_html = replace_text(post.body_html, replacements)
            post.save(update_fields=["body", "body_html"])
