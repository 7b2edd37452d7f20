"""The office dashboard's meeting items (cohorts/attention.py): unpublished agenda changes."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts.attention import HOOK, Item

from . import selectors
from .models import MeetingPage


@hooks.register(HOOK)
def meeting_items(user, cohort_ids):
    """Upcoming meetings whose agenda has changes not yet published as a version.

    Compares each upcoming meeting's agenda with its latest published version: a few
    queries per upcoming meeting (a network holds one or two a year).
    """
    meetings = MeetingPage.objects.filter(
        cohort_id__in=cohort_ids, ends_on__gte=timezone.localdate()
    ).order_by("starts_on")
    items = []
    for meeting in selectors.original_meetings(meetings):
        release = selectors.latest_release(meeting)
        snapshot = selectors.agenda_snapshot(meeting)
        if release is None:
            label, count = _("Agenda not yet published"), len(snapshot["sessions"])
        else:
            changes = selectors.diff_snapshots(release.snapshot, snapshot)
            label = _("Agenda changes not yet published")
            count = sum(len(changes[kind]) for kind in ("added", "removed", "changed"))
        if count:
            items.append(
                Item(label, count, reverse("events:manage", args=[meeting.pk]), meeting.title)
            )
    return items
