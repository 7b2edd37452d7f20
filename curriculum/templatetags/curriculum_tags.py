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
