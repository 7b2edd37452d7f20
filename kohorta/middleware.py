from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Use a signed-in person's preferred interface language on pages without a language prefix.

    Pages under i18n_patterns (/en/, /mk/, ...) keep the language of their URL; pages such
    as /dashboard/ follow the person's profile rather than the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = getattr(user, "preferred_language", "")
            prefix = request.path_info.lstrip("/").split("/", 1)[0]
            if preferred in self.codes and prefix not in self.codes:
                translation.activate(preferred)
                request.LANGUAGE_CODE = preferred
        return self.get_response(request)


class SiteHistoryGuardMiddleware:
    """Keep Wagtail's site-wide history report for superusers.

    Wagtail shows a non-superuser every log entry of the models they hold any permission
    on, across all cohorts; coordinators read the history of their own cohort's objects
    from each object's history page instead, which is scoped.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            from django.urls import reverse

            self.prefix = reverse("wagtailadmin_reports:site_history")
        user = getattr(request, "user", None)
        if request.path_info.startswith(self.prefix) and not (user and user.is_superuser):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return self.get_response(request)
