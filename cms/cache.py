"""Full-page cache for anonymous visitors, emptied whenever a page is published.

Only GET/HEAD requests under a language prefix (``/en/...``) from visitors without a
session or messages cookie are served from, or stored in, the cache; only complete 200
responses that set no cookie are stored. Purging bumps a generation number that is part
of every key, so one cache write empties the whole page cache (a news item appears on
the home page, the news index, the feed and the sitemap at once). A page is kept under its
address with the generation it was made under; a hit reads both in one ``MGET``. With several web
processes the cache must be shared (``REDIS_URL``) for a purge to reach them all.

``wagtail.contrib.frontend_cache`` purges a CDN or proxy as well when
``WAGTAILFRONTENDCACHE`` is configured (``KOHORTA_FRONTEND_CACHE_URL``).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "kohorta:page-cache:generation"
CACHED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def purge_page_cache():
    """Forget every cached page (call after any change to public content)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"kohorta:page:{request.get_host()}:{digest}"


def _generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        seconds = getattr(settings, "KOHORTA_PAGE_CACHE_SECONDS", 300)
        if not seconds or not self._cacheable_request(request):
            response = self.get_response(request)
            if request.path_info.startswith(self.prefixes) and self._has_visitor_cookie(request):
                patch_cache_control(response, private=True)
            return response
        # The page is kept with the generation it was made under, and both are read in one
        # round trip: a copy from before the last purge is not served (and is overwritten).
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = _generation(found)
        cached = found.get(key)
        if cached is not None and cached[0] == generation:
            return self._rebuild(*cached[1:])
        response = self.get_response(request)
        if self._cacheable_response(response):
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache.set(key, (generation, response.status_code, headers, response.content), seconds)
            response["X-Kohorta-Cache"] = "miss"
            self._public_headers(response)
        return response

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and request.path_info.startswith(self.prefixes)
            and not self._has_visitor_cookie(request)
        )

    @staticmethod
    def _has_visitor_cookie(request):
        return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES

    @staticmethod
    def _cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )

    def _rebuild(self, status, headers, content):
        from django.http import HttpResponse

        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        response["X-Kohorta-Cache"] = "hit"
        self._public_headers(response)
        return response

    @staticmethod
    def _public_headers(response):
        patch_cache_control(
            response, public=True, max_age=getattr(settings, "KOHORTA_BROWSER_CACHE_SECONDS", 60)
        )
        patch_vary_headers(response, ("Cookie",))
