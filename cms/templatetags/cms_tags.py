from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.models import NewsIndexPage
from cms.selectors import active_locale

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
    index = NewsIndexPage.objects.live().filter(locale=active_locale(request)).order_by("path")
    index = index.first()
    if index is not None:
        links["news"] = index.get_url(request)
        links["feed"] = reverse("cms:news_feed")
    if request is not None:
        request._kohorta_locale_links = links
    return links


@register.filter
def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)
