from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from cms.locales import active_locale, language_homes, news_indexes
from cms.models import NewsIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def locale_links(context):
    """Home, news, search and feed URLs in the visitor's language (computed once per
    request)."""
    request = context.get("request")
    cached = getattr(request, "_kohorta_locale_links", None)
    if cached is not None:
        return cached
    links = {
        "home": f"/{translation.get_language()}/",
        "search": reverse("cms:search"),
        "news": None,
        "feed": None,
    }
    locale = active_locale(request)
    indexes = news_indexes(request)
    if indexes is not None:
        index = next((page for page in indexes if page.locale_id == locale.pk), None)
    else:
        index = NewsIndexPage.objects.live().filter(locale=locale).order_by("path").first()
    if index is not None:
        links["news"] = index.get_url(request)
        links["feed"] = reverse("cms:news_feed")
    if request is not None:
        request._kohorta_locale_links = links
    return links


@register.filter
def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@register.simple_tag(takes_context=True)
def other_language_homes(context, translations):
    """Home pages of the languages this page is not translated into, so a visitor can
    switch language from any page: ``[(code, name, url), ...]``."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    have = {t.language_code for t in translations}
    homes = language_homes(request)
    if homes is None:
        homes = {
            page.locale.language_code: page
            for page in Page.objects.filter(translation_key=site.root_page.translation_key)
            .live()
            .select_related("locale")
        }
    return [
        (code, name, f"/{code}/")
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code in homes and code not in have
    ]
