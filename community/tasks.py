"""Background work of the community app (queued on commit by community/services.py)."""

from django.urls import reverse

from notifications.services import notify

from . import notifications as kinds
from .enums import PostState
from .models import Post, ThreadMember


def send_post_notices(post_id, mentioned_ids=()):
    """Tell the people a post concerns, once each: mentioned people, then a private
    thread's participants or a cohort thread's followers. Returns how many were told."""
    post = (
        Post.objects.filter(pk=post_id, state=PostState.VISIBLE)
        .select_related("thread", "author")
        .first()
    )
    if post is None:
        return 0
    thread = post.thread
    url = f"{reverse('community:thread', args=[thread.pk])}?page=last#post-{post.pk}"
    context = {
        "thread": thread.display_title,
        "author": post.author.full_name if post.author else "",
        "excerpt": post.body[:500],
    }
    told = set()
    sent = 0
    from cohorts.models import User

    for person in User.objects.filter(pk__in=list(mentioned_ids), is_active=True):
        if person.pk == post.author_id or not person.has_perm("community.view_thread", thread):
            continue
        told.add(person.pk)
        if notify(
            person,
            kinds.MENTION.name,
            context=context,
            url=url,
            actor=post.author,
            once_key=f"community.mention:{post.pk}:{person.pk}",
        ):
            sent += 1
    if thread.is_private:
        kind, rows = kinds.PRIVATE_MESSAGE, ThreadMember.objects.filter(participant=True)
    else:
        kind, rows = kinds.REPLY, ThreadMember.objects.filter(following=True)
    rows = rows.filter(thread=thread, user__is_active=True).exclude(user_id=post.author_id)
    for member in rows.exclude(user_id__in=told).select_related("user"):
        if not member.user.has_perm("community.view_thread", thread):
            continue
        if notify(
            member.user,
            kind.name,
            context=context,
            url=url,
            actor=post.author,
            once_key=f"{kind.name}:{post.pk}:{member.user_id}",
        ):
            sent += 1
    return sent
