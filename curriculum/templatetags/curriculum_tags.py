from django import template

register = template.Library()


@register.simple_tag
def quiz_result(quiz, block_id, index):
    """The checked answer for one quiz question, if this quiz was just submitted."""
    if not quiz or quiz.get("block") != block_id:
        return None
    return quiz["results"].get(index)


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of a page as ``(language code, language name, url, is current)``."""
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    request = context.get("request")
    items = []
    # The view may have read them already with the lesson's neighbours (one query less).
    known = context.get("page_translation_pages")
    if known is not None and known[0] == page.pk:
        translations = known[1]
    else:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
    for translation in translations:
        code = translation.locale.language_code
        items.append(
            (code, names.get(code, code), translation.get_url(request), translation.pk == page.pk)
        )
    return sorted(items, key=lambda item: list(names).index(item[0]) if item[0] in names else 99)


@register.simple_tag
def grid_cells(row, link_reflections, reflection_base, extended_label):
    """A dashboard row's module cells as HTML, built in Python: 50 rows x 8 modules through
    the template engine cost more than the whole grid's data. Each status's markup is
    escaped once per row; only numbers are added per cell."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    openings = {}
    extended = f'<abbr title="{escape(extended_label)}">+</abbr>'
    base = escape(reflection_base)
    html = []
    for item in row["cells"]:
        status = item["status"]
        opening = openings.get(status)
        if opening is None:
            label = escape(item["label"])
            opening = openings[status] = (
                f'<span class="cell cell--{escape(status)}" title="{label}">'
                f'<span aria-hidden="true">{escape(item["icon"])}</span>'
                f'<span class="visually-hidden">{label}</span>'
            )
        cell = opening
        if item["total"] and status != "locked":
            cell += f" {int(item['done'])}/{int(item['total'])}"
        if item["extended"]:
            cell += extended
        cell += "</span>"
        reflection = item["reflection"]
        if reflection and link_reflections and reflection.state != "draft":
            cell = f'<a href="{base}{int(reflection.pk)}/">{cell}</a>'
        html.append(f'<td class="grid__cell">{cell}</td>')
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped or an int
