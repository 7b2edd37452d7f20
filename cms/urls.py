"""The public site's own URLs, inside the language prefix (``/<lang>/...``)."""

from django.urls import path, re_path
from wagtail import urls as wagtail_urls

from . import views
from .feeds import news_feed

app_name = "cms"

urlpatterns = [
    path("news/feed/", news_feed, name="news_feed"),
    path("search/", views.search, name="search"),
]


# Wagtail's own URLs with its page view wrapped by ``views.serve`` (same pattern, same name).
wagtail_patterns = [
    re_path(pattern.pattern.regex.pattern, views.serve, name=pattern.name)
    if getattr(pattern, "name", None) == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]
