from django import template

register = template.Library()


@register.simple_tag
def quiz_result(quiz, block_id, index):
    """The checked answer for one quiz question, if this quiz was just submitted."""
    if not quiz or quiz.get("block") != block_id:
        return None
    return quiz["results"].get(index)


@register.filter
def module_numbers(enrolment, key):
    return enrolment.module(key) if enrolment else {"done": 0, "total": 0, "percent": 0}


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of a page as ``(language code, language name, url, is current)``."""
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    request = context.get("request")
    items = []
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        items.append(
            (code, names.get(code, code), translation.get_url(request), translation.pk == page.pk)
        )
    return sorted(items, key=lambda item: list(names).index(item[0]) if item[0] in names else 99)


@register.simple_tag
def grid_cells(row, link_reflections, reflection_base, extended_label):
    """A dashboard row's module cells as HTML, built in Python: 50 rows x 8 modules through
    the template engine cost more than the whole grid's data."""
    from django.utils.html import format_html, format_html_join

    def cell(item):
        inner = format_html(
            '<span class="cell cell--{}" title="{}"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span>{}{}</span>',
            item["status"],
            item["label"],
            item["icon"],
            item["label"],
            f" {item['done']}/{item['total']}"
            if item["total"] and item["status"] != "locked"
            else "",
            format_html('<abbr title="{}">+</abbr>', extended_label) if item["extended"] else "",
        )
        reflection = item["reflection"]
        if reflection and link_reflections and reflection.state != "draft":
            inner = format_html('<a href="{}{}/">{}</a>', reflection_base, reflection.pk, inner)
        return (inner,)

    return format_html_join("", '<td class="grid__cell">{}</td>', map(cell, row["cells"]))
