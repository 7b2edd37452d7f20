from django.conf import settings


def kohorta(request):
    return {"KOHORTA_LANGUAGES": settings.LANGUAGES}
