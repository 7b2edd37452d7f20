from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import personal_cache


def _shows_admin_link(request):
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # has_perm reads the person's and their groups' permissions (two queries on every page).
    return personal_cache.cached_for_person(
        request, "admin-link", lambda: user.has_perm("wagtailadmin.access_admin")
    )


def kohorta(request):
    return {
        "KOHORTA_LANGUAGES": settings.LANGUAGES,
        "show_admin_link": SimpleLazyObject(
            lambda: hasattr(request, "user") and _shows_admin_link(request)
        ),
    }
