"""Post text: a small Markdown, rendered and sanitised, with @mentions.

Raw HTML in a post is never markup: ``<`` is escaped before Markdown runs, so a pasted
``<script>`` shows as text. nh3 then keeps only the tags below, links only to http, https
and mailto addresses, with ``rel="nofollow ugc"``.
"""

import re
import threading

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()


def _markdown():
    """One Markdown converter per thread (building one costs more than converting a post)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        import markdown

        converter = _local.converter = markdown.Markdown(output_format="html")
    return converter.reset()


def render_markdown(text, *, mentioned=()):
    """Safe HTML for ``text``; names in ``mentioned`` (``@Full Name``) are set in bold."""
    import nh3

    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    html = _markdown().convert(escaped)
    for name in sorted(mentioned, key=len, reverse=True):
        safe = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        html = re.sub(
            r"(?<![\w>])@" + re.escape(safe) + r"(?!\w)",
            f"<strong>@{safe}</strong>",
            html,
            flags=re.IGNORECASE,
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
    )


def find_mentions(text, candidates):
    """The people of ``candidates`` (``[(id, full name)]``) mentioned as ``@Full Name``."""
    lowered = text.lower()
    if "@" not in lowered:
        return []
    found = []
    for person_id, name in candidates:
        name = (name or "").strip()
        if name and re.search(r"@" + re.escape(name.lower()) + r"(?!\w)", lowered):
            found.append((person_id, name))
    return found
