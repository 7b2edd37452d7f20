import re
from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.admin.auth import require_admin_access
from wagtail.models import Locale, Page

from kohorta import personal_cache

from .sitemap import sitemap_entries

SEARCH_MAX_QUERY = 200
SEARCH_MAX_TERMS = 10
SEARCH_PER_PAGE = 10


@require_safe
def choose_language(request):
    """``/``: the signed-in person's preferred language, else the browser's (the language
    cookie, then Accept-Language), else the default."""
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    codes |= {
        code for code, content in settings.INTERFACE_ONLY_LANGUAGES.items() if content in codes
    }
    language = None
    user = request.user
    if user.is_authenticated and user.preferred_language in codes:
        language = user.preferred_language
    if language is None:
        detected = translation.get_language_from_request(request)
        language = detected if detected in codes else settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, max_age=0)
    return response


def _terms(query):
    """The words of ``query`` (letters and digits only: quotes, operators and control
    characters would be full-text syntax), longest first, at most SEARCH_MAX_TERMS."""
    words = [word for word in re.findall(r"\w+", query) if len(word) >= 2]
    unique = list(dict.fromkeys(word.lower() for word in words))[:SEARCH_MAX_TERMS]
    return sorted(unique, key=len, reverse=True)


def highlight(text, terms):
    """Escape ``text`` and wrap each occurrence of a search term in ``<mark>``."""
    if not terms:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(term) for term in terms) + ")", re.IGNORECASE)
    parts = pattern.split(text)
    return mark_safe(  # noqa: S308
        "".join(
            f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )


def _excerpt(page):
    text = page.search_description or getattr(page, "intro", "") or ""
    return text[:300]


def searchable_pages(request):
    """The pages a visitor of this language sees: the language's own, and the default
    language's pages not translated into it (listed in its news with a language badge, so
    they are found from its search too)."""
    from .locales import active_locale

    locale = active_locale(request)
    pages = Page.objects.live().public()
    if locale.language_code == settings.LANGUAGE_CODE:
        return pages.filter(locale=locale)
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return pages.filter(locale=locale)
    translated = Page.objects.filter(locale=locale).values("translation_key")
    hidden = list(
        Page.objects.filter(locale=default, translation_key__in=translated).values_list(
            "pk", flat=True
        )
    )
    return pages.filter(locale__in=[locale, default]).exclude(pk__in=hidden)


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY]
    terms = _terms(query)
    page_obj = None
    results = []
    if terms:
        found = searchable_pages(request).search(" ".join(terms))
        paginator = Paginator(found, SEARCH_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(max(paginator.num_pages, 1))
        ids = [page.pk for page in page_obj.object_list]
        pages = Page.objects.filter(pk__in=ids).specific()
        by_id = {page.pk: page for page in pages}
        results = [
            {
                "page": by_id[pk],
                "url": by_id[pk].get_url(request),
                "title": highlight(by_id[pk].title, terms),
                "excerpt": highlight(_excerpt(by_id[pk]), terms),
            }
            for pk in ids
            if pk in by_id
        ]
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "encoded_query": quote_plus(query),
            "page_obj": page_obj,
            "results": results,
        },
    )


@require_safe
def sitemap(request):
    response = render(
        request,
        "cms/sitemap.xml",
        {"entries": sitemap_entries(request)},
        content_type="application/xml; charset=utf-8",
    )
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Disallow: /*/search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def slugify_title(request):
    """The admin's slug for a title, as the page's language transliterates it (Wagtail's own
    JavaScript turns Х into "x" and drops ѓ, ќ, ѕ): ``?title=…&page=<id>`` for a page being
    edited, ``&parent=<id>`` for a new one. Answers JSON ``{"slug": …}``; for people who edit
    pages only (cms/static/cms/slug.js calls it from the page editor)."""
    from django.http import JsonResponse
    from wagtail.admin.auth import permission_denied

    from .selectors import edits_pages
    from .slugs import slug_for

    if not edits_pages(request.user):
        return permission_denied(request)
    page_id = request.GET.get("page") or request.GET.get("parent") or ""
    language = None
    if page_id.isdigit():
        language = (
            Page.objects.filter(pk=int(page_id)).values_list("locale__language_code", flat=True)
        ).first()
    return JsonResponse({"slug": slug_for(request.GET.get("title", "")[:255], language)})


@require_admin_access
def news_tag_autocomplete(request):
    """The page editor's tag suggestions for news (in place of Wagtail's
    ``tag-autocomplete/cms/newstag/``, which answers anyone with admin access): for people
    who edit pages. Names in every language, each once; a translated name chosen here
    becomes its source tag when the page is saved (``cms.models.NewsTag.sources_for``)."""
    from django.http import JsonResponse
    from wagtail.admin.auth import permission_denied

    from .models import NewsTag
    from .selectors import edits_pages

    if not edits_pages(request.user):
        return permission_denied(request)
    term = request.GET.get("term", "")[:100]
    names = []
    if term:
        names = list(
            NewsTag.objects.filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()[:10]
        )
    return JsonResponse(names, safe=False)


def serve(request, path):
    """Wagtail's page view, but a page kept for this session (a lesson the person came
    back to, ``kohorta.personal_cache.cached_page``) is answered before Wagtail routes the
    request: routing a lesson (the site, the locale, the chain of pages, the view
    restrictions) cost six queries, three times what the rest of a kept page costs."""
    return personal_cache.kept_page(request) or wagtail_views.serve(request, path)
