"""What the home, news index and programme pages show: their ``get_context()`` calls these.

The page models import this module rather than the selectors, so ``cms.models`` never
depends on ``cms.selectors`` (which reads those models).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.http import urlencode

from . import sections, selectors
from .locales import active_locale

NEWS_PER_PAGE = 10


def home_context(page, request):
    """The latest news, the programmes and the sections other apps add."""
    context = {}
    locale = active_locale(request)
    news_index = selectors.news_index_for(page, locale, request)
    context["news_index"] = news_index
    latest = selectors.news_items(news_index, locale)[:3] if news_index is not None else []
    context["latest_news"] = context["latest_news_cards"] = selectors.news_cards(
        latest, news_index, locale
    )
    context["programmes"] = selectors.programme_highlights(page)
    context["sections"] = sections.collect("kohorta_home_sections", request=request, page=page)
    return context


def news_index_context(page, request):
    """The language's news, newest first, filtered by tag and year, a page at a time."""
    context = {}
    locale = active_locale(request)
    items = selectors.news_items(page, locale)
    tag = request.GET.get("tag", "")[:100]
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    filtered = items
    if tag:
        filtered = filtered.filter(tagged_items__tag__slug=tag)
    if year:
        filtered = filtered.filter(date__year=year)
    paginator = Paginator(filtered, NEWS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    if page_obj.number > 1:
        # Each page of the list is its own page for search engines, not page 1.
        context["canonical_url"] = f"{page.full_url}?{urlencode({'page': page_obj.number})}"
    tags = selectors.news_tags(items)
    context.update(
        filter_query=urlencode({k: v for k, v in (("tag", tag), ("year", year)) if v}),
        page_obj=page_obj,
        news=selectors.news_cards(page_obj.object_list, page, locale, also_localize=tags),
        tag=tag,
        year=year,
        years=[d.year for d in items.dates("date", "year", order="DESC")],
        tags=tags,
    )
    return context


def programme_context(page, request):
    """The programme's branding, public cohorts, organisations and other apps' sections."""
    from cohorts.branding import branding_for

    context = {}
    context["branding"] = branding_for(page.programme, page.locale.language_code)
    context["cohorts"] = selectors.public_cohorts(page.programme_id)
    context["organisations"] = selectors.programme_organisations(page, active_locale(request))
    context["sections"] = sections.collect("kohorta_programme_sections", request=request, page=page)
    return context
