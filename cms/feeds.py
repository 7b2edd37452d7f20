import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import NewsIndexPage, NewsPage

FEED_ITEMS = 20


def news_feed(request):
    """A fresh feed object per request: it keeps the request and language on itself."""
    return NewsFeed()(request)


class NewsFeed(Feed):
    """RSS 2.0 feed of one language's news (``/<lang>/news/feed/``): only the articles
    written in or translated into that language."""

    def get_object(self, request):
        locale = Locale.get_active()
        index = NewsIndexPage.objects.live().public().filter(locale=locale).first()
        if index is None:
            raise Http404
        self.request = request
        self.language = index.locale.language_code
        return index

    def title(self, obj):
        return _("Kohorta news: %(title)s") % {"title": obj.title}

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return obj.intro or obj.title

    def items(self, obj):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(obj)
            .select_related("locale")
            .order_by("-date", "-first_published_at")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"kohorta-news-{item.translation_key}-{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(9, 0), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None
