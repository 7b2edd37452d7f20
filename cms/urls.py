"""The public site's own URLs, inside the language prefix (``/<lang>/...``)."""

from django.urls import path

from . import views
from .feeds import news_feed

app_name = "cms"

urlpatterns = [
    path("news/feed/", news_feed, name="news_feed"),
    path("search/", views.search, name="search"),
]
