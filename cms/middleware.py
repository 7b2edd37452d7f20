import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, get_urlconf, is_valid_path, resolve
from django.utils import translation

LANGUAGE_LIKE_PREFIX = re.compile(r"^/[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})?(?:/|$)")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a URL whose first segment looks like a
    language we do not offer (``/de/...``, ``/xx/``) gets a 404 page in the default
    language rather than a redirect to ``/<visitor's language>/de/...``."""

    def process_request(self, request):
        self._map_language_aliases(request)
        if self._has_unknown_language_prefix(request):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            request.kohorta_unknown_language_prefix = True
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        if getattr(request, "kohorta_unknown_language_prefix", False):
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            return response
        if response.status_code == 404 and self._resolves_without_prefix(request):
            # Wagtail's catch-all under each language prefix makes every /en/<path> look
            # valid, so Django would answer a 404 from a view outside i18n_patterns
            # (/admin/…, /dashboard/…) with a redirect to /en/admin/…: keep the 404.
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

    @staticmethod
    def _map_language_aliases(request):
        """Accept-Language tags we have no catalogue for, named as the nearest language we
        have (``settings.LANGUAGE_ALIASES``: ``bs``, ``cnr``, ``sr-Latn-RS`` -> ``sr-latn``);
        Django itself falls back from ``hr-BA`` to ``hr``."""
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if not header:
            return
        aliases = settings.LANGUAGE_ALIASES
        parts = []
        for part in header.split(","):
            tag, _sep, rest = part.strip().partition(";")
            lowered = tag.strip().lower().replace("_", "-")
            for alias, target in aliases.items():
                if lowered == alias or lowered.startswith(f"{alias}-"):
                    tag = target
                    break
            parts.append(f"{tag};{rest}" if rest else tag)
        request.META["HTTP_ACCEPT_LANGUAGE"] = ",".join(parts)

    @staticmethod
    def _resolves_without_prefix(request):
        try:
            resolve(request.path_info, getattr(request, "urlconf", get_urlconf()))
        except Resolver404:
            return False
        return True

    @staticmethod
    def _has_unknown_language_prefix(request):
        path = request.path_info
        if not LANGUAGE_LIKE_PREFIX.match(path) or translation.get_language_from_path(path):
            return False
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        return not is_valid_path(path, urlconf)


class PageChooserMiddleware:
    """The page chooser answers anyone with admin access (coordinators choose a course for a
    course run) and shows the page it browses: for people who edit no page, browsing a page
    that is not live answers 404 (its children are filtered to live pages by the
    ``construct_page_chooser_queryset`` hook)."""

    URL_NAMES = {"wagtailadmin_choose_page_child"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in self.URL_NAMES:
            return None
        from django.http import Http404
        from wagtail.models import Page

        from .selectors import edits_pages

        parent_id = view_kwargs.get("parent_page_id")
        if parent_id is None or not request.user.is_authenticated or edits_pages(request.user):
            return None
        if not Page.objects.filter(pk=parent_id).live().exists():
            raise Http404
        return None
