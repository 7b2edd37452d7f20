"""Sections other apps contribute to the public pages, through Wagtail hooks.

Two hooks exist:

``kohorta_home_sections``
    Sections of the home page, e.g. the open call for applications (grants) and the next
    meeting (events).
``kohorta_programme_sections``
    Sections of a programme page, e.g. its funded projects (grants).

A hook function takes ``request`` and ``page`` (the page being shown, whose ``locale``
is the language to show) and returns a list of dicts, each with a ``template`` to
include, an optional ``order`` (lower first, default 100) and any keys that template
needs; the template receives the dict as ``section``. Return an empty list when there
is nothing real to show: the page renders nothing in its place, never a placeholder.
A section must cost a fixed number of queries. Pages are cached for anonymous visitors,
so an app whose public data changes calls ``cms.cache.purge_page_cache()``::

    @hooks.register("kohorta_home_sections")
    def open_calls(request, page):
        calls = selectors.open_calls()
        if not calls:
            return []
        return [{"template": "grants/home_open_calls.html", "order": 10, "calls": calls}]
"""

from wagtail import hooks


def collect(hook_name, *, request, page):
    sections = []
    for hook in hooks.get_hooks(hook_name):
        sections.extend(hook(request=request, page=page) or [])
    return sorted(sections, key=lambda section: section.get("order", 100))
