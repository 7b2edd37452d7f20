"""The ranking table kept between requests until anything it shows changes (issue 21).

Ranking 500 proposals × 5 jurors × 6 criteria (four queries and the statistics in Python)
and rendering its 500 rows costs about 180 ms, and coordinators, observers and the jury's
chair reload the page far more often than reviews come in. The rendered rows are kept in
the shared cache under the call, the sort, the language, whether the reader manages the
call (the titles link to the proposals) and a *ranking generation* number. Every change
that can alter a row bumps the number (at once and again on commit, so a reader cannot
keep what it read between the two):

* any row of the grants app saved or deleted (a review submitted or reopened, a score, a
  conflict, an assignment, a decision, a proposal's state or budget, a criterion's weight,
  the call's budget): Django's signals;
* a person saved (the applicant's name is in the table), except a sign-in's
  ``last_login``;
* the writes that send no signals (``QuerySet.update()``, ``bulk_create()``) call
  ``bump()`` themselves (the personal-data erasure, the bench builder).

One number for every call: writes are rare next to reads, and a review in one call making
another call's table stale costs one computation. ``KOHORTA_RANKING_CACHE_SECONDS`` bounds
how long a table is kept at all. Like the per-session cache, the number must be shared by
every web process, so the settings turn this on only with Redis (or in one process).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.safestring import mark_safe

GENERATION_KEY = "grants:ranking-generation"


def _incr():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def bump():
    """Make every kept ranking table stale (now, and again when the transaction commits)."""
    _incr()
    transaction.on_commit(_incr)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def seconds():
    return getattr(settings, "KOHORTA_RANKING_CACHE_SECONDS", 0)


def table_html(call, *, sort, descending, can_manage, render):
    """``render()`` (the table's rows as HTML) for this call and order, kept while the
    ranking generation is the same."""
    if not seconds():
        return render()
    key = (
        f"grants:ranking:{generation()}:{call.pk}:{sort}:{int(descending)}:{int(can_manage)}:"
        f"{translation.get_language()}"
    )
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, seconds())
    return mark_safe(html)  # noqa: S308 - our own template's output


def _changed(sender, update_fields=None, **kwargs):
    meta = sender._meta
    if (
        meta.app_label == "grants"
        or meta.label == settings.AUTH_USER_MODEL
        and not (update_fields and set(update_fields) <= {"last_login"})
    ):
        bump()


def connect_signals():
    """Called from the app's ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"grants-ranking-{signal!r}")
