from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("community/lesson_panel.html", takes_context=True)
def lesson_discussion(context, page, run):
    """The lesson's discussion for the reader's cohort: latest replies and a link (2 queries).

    Shown when the lesson has a discussion prompt; the thread itself opens on the first
    visit to the link (community.views.lesson_thread).
    """
    from community import selectors
    from community.enums import ThreadKind
    from community.models import Thread

    if run is None or not any(block.block_type == "discussion" for block in page.body):
        return {"hidden": True}
    thread = Thread.objects.filter(
        cohort_id=run.cohort_id, kind=ThreadKind.LESSON, lesson_key=page.translation_key
    ).first()
    return {
        "thread": thread,
        "posts": selectors.latest_posts(thread) if thread else [],
        "url": reverse("community:lesson_thread", args=[run.cohort_id, page.translation_key]),
        "request": context.get("request"),
    }
