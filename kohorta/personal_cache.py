"""A short-lived cache of per-person page parts (the dashboard), emptied by any change.

People open their dashboard far more often than anything on it changes, and the
dashboard gathers a panel from every app (a dozen queries). Its rendered content is kept
per session for ``KOHORTA_PERSONAL_CACHE_SECONDS`` under a key made of:

* a site-wide *data generation* number, bumped whenever any model row is saved or
  deleted (Django's signals), after every POST/PUT/PATCH/DELETE request (which covers
  ``QuerySet.update()`` and bulk writes in views) and after every background task: any
  change anywhere makes every cached part stale at once, so nothing has to know which
  pages a row appears on;
* the session key and the CSRF cookie (forms in the cached part carry a token that must
  stay valid), the page's address, the language and today's date (due dates, "overdue").

The bump happens at once and again when the transaction commits, so a reader cannot
cache what it read between the two. The generation lives in the default cache: with
several web processes it must be shared (``REDIS_URL``), so the settings turn this cache
off when it is not (see ``KOHORTA_PERSONAL_CACHE_SECONDS`` in kohorta/settings/base.py).
"""

import hashlib

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

GENERATION_KEY = "kohorta:data-generation"
# Rows written on every request or by the task broker itself: they change no page.
IGNORED_APPS = frozenset({"sessions", "django_q"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _incr():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def bump_generation():
    """Make every cached personal part stale (now, and again on commit)."""
    _incr()
    transaction.on_commit(_incr)


def generation(request=None):
    """The current data generation (read once per request when ``request`` is given)."""
    value = getattr(request, "_kohorta_generation", None)
    if value is not None:
        return value
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    if request is not None:
        request._kohorta_generation = value
    return value


def person_key(session_key):
    """Where the person signed in with this session is kept (read with the session itself
    by ``kohorta.sessions``)."""
    return f"kohorta:person:{session_key}"


def get_user(request):
    """``django.contrib.auth.get_user``, with the signed-in person kept in the shared cache.

    A logged-in page otherwise starts with a query for the person (after the session's).
    The person is kept as ``(generation, user)`` under the session's key; the session's
    own read brings it with the data generation (``kohorta.sessions``; with another session
    engine one ``MGET`` reads both), and the copy counts only while the generation is the one it was
    kept under: any saved row bumps it (a changed password, role, e-mail address or
    ``is_active``), so a kept person is never older than the last write. The session must
    still carry this person's password hash under the current ``SECRET_KEY``, checked as
    Django checks it; anything else (no copy, a stale one, a rotated key, a hash that does
    not match) is left to Django's own ``get_user``, which loads the person from the
    database, flushes a session that no longer verifies, and is then kept for the next
    request. The copy holds what the person row holds (the password *hash* among it), in
    the same Redis as the sessions themselves (``SESSION_ENGINE``).
    """
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if (
        not seconds()
        or user_id is None
        or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    kept_key = person_key(session.session_key)
    # kohorta.sessions read these with the session itself; any other engine: one MGET.
    found = getattr(session, "kept", None)
    if found is None:
        found = cache.get_many([GENERATION_KEY, kept_key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    request._kohorta_generation = current
    kept = found.get(kept_key)
    if kept is not None and kept[0] == current:
        user = kept[1]
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if (
            str(user.pk) == str(user_id)
            and session_hash
            and constant_time_compare(session_hash, user.get_session_auth_hash())
        ):
            return user
    user = auth.get_user(request)
    if user.is_authenticated and str(user.pk) == str(user_id):
        # Under the generation read *before* the person was loaded: a write in between
        # bumps it, and the copy is never found again.
        cache.set(kept_key, (current, user), seconds())
    return user


class KeptPersonAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` with ``request.user`` from ``get_user`` above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


def _model_changed(sender, **kwargs):
    if sender._meta.app_label not in IGNORED_APPS:
        bump_generation()


def _task_done(sender=None, **kwargs):
    bump_generation()


def connect_signals():
    from django_q.signals import post_execute

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"kohorta-generation-{signal!r}")
    post_execute.connect(_task_done, dispatch_uid="kohorta-generation-task")


def seconds():
    return getattr(settings, "KOHORTA_PERSONAL_CACHE_SECONDS", 0)


def key(request, name):
    session_key = getattr(request.session, "session_key", None) or ""
    # The CSRF secret the forms' tokens are made from (created now if the visitor has none,
    # so the first visit's copy is found again on the second).
    if "CSRF_COOKIE" not in request.META:
        get_token(request)
    csrf = request.META["CSRF_COOKIE"]
    # The page's address too: the language form sends the visitor back to it.
    address = request.get_full_path()
    digest = hashlib.sha256(f"{session_key}|{csrf}|{address}".encode()).hexdigest()[:32]
    return (
        f"kohorta:personal:{name}:{generation(request)}:{request.user.pk}:{digest}:"
        f"{translation.get_language()}:{timezone.localdate().isoformat()}"
    )


def _get_or_compute(cache_key, compute):
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, seconds())
    return value


def cached_for_person(request, name, compute):
    """``compute()`` for this person (not per session: no forms in it), cached the same way."""
    user = request.user
    if not seconds() or not user.is_authenticated:
        return compute()
    return _get_or_compute(f"kohorta:personal:{name}:{generation(request)}:{user.pk}", compute)


def cached_part(request, name, render):
    """``render()``'s result for this person, from the cache when it is still fresh."""
    if not seconds() or not request.session.session_key:
        return render()
    return _get_or_compute(key(request, name), render)


def kept_part(request, name):
    """What ``cached_part(request, name, ...)`` kept for this session, address and data
    generation, or None: a view may answer with it *before* its own permission check,
    since that check passed for this session when the copy was made and nothing it reads
    (roles, memberships, the person) has changed while the generation is the same. A
    waiting message is shown by a fresh rendering, so there is no copy then."""
    if (
        not seconds()
        or request.method != "GET"
        or not request.session.session_key
        or not request.user.is_authenticated
        or len(messages.get_messages(request))
    ):
        return None
    return cache.get(key(request, name))


def _page_name(request):
    # The host too: on another site the same address is another page.
    return f"page:{request.get_host()}"


def cached_page(request, render):
    """``render()`` -> ``(status, content)`` of a Wagtail page for this session, kept under
    the page's address so that ``kept_page`` finds it again *before* Wagtail routes the
    next request for the same address (``cms.views.serve``)."""
    return cached_part(request, _page_name(request), render)


def kept_page(request):
    """The response kept by ``cached_page`` for this session, address and data generation,
    or None. Whatever routing, the view restrictions and the page's own checks decided for
    this session is still true while the generation is the same (any write anywhere bumps
    it: a page moved, unpublished or restricted, a membership changed), so the kept copy is
    answered without routing."""
    kept = kept_part(request, _page_name(request))
    if kept is None:
        return None
    status, content = kept
    return HttpResponse(content, status=status)


class BumpOnWriteMiddleware:
    """Any unsafe request may have written with ``update()`` or ``bulk_create()``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            bump_generation()
        return response
