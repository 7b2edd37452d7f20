from django.http import HttpResponse


def ok(request):
    """The stack's ceiling: the cheapest response Django gives through the full middleware."""
    return HttpResponse("ok", content_type="text/plain")
