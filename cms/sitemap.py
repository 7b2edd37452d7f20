"""The sitemap: every live public page of every locale, with its hreflang alternates."""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Page


@dataclass
class SitemapEntry:
    location: str
    lastmod: object
    alternates: list = field(default_factory=list)


def sitemap_entries(request):
    """One entry per page; pages sharing a ``translation_key`` list each other (and the
    default language's version as ``x-default``). Costs a fixed number of queries."""
    pages = list(
        Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("path")
    )
    urls = {page.pk: page.get_full_url(request) for page in pages}
    groups = {}
    for page in pages:
        if urls[page.pk]:
            groups.setdefault(page.translation_key, []).append(page)
    order = [code for code, _name in settings.LANGUAGES]
    entries = []
    for page in pages:
        if not urls[page.pk]:
            continue
        group = sorted(
            groups[page.translation_key],
            key=lambda p: (
                order.index(p.locale.language_code)
                if p.locale.language_code in order
                else len(order)
            ),
        )
        alternates = []
        if len(group) > 1:
            alternates = [(p.locale.language_code, urls[p.pk]) for p in group]
            default = next(
                (p for p in group if p.locale.language_code == settings.LANGUAGE_CODE), group[0]
            )
            alternates.append(("x-default", urls[default.pk]))
        entries.append(SitemapEntry(urls[page.pk], page.last_published_at, alternates))
    return entries
