from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseBadRequest, QueryDict
from django.utils import translation

from . import personal_cache


class PreferredLanguageMiddleware:
    """The interface language of pages without a language prefix (/dashboard/, /learn/…).

    Pages under i18n_patterns (/en/, /mk/, ...) keep the language of their URL. A page
    without a prefix that belongs to one that has (see ``page_language``: a form posted from
    /en/…, a link with ``?lang=en`` or ``?next=/en/…``) answers in that page's language;
    other such pages follow a signed-in person's preferred language rather than the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        prefix = request.path_info.lstrip("/").split("/", 1)[0]
        if prefix not in self.codes:
            language = page_language(request, self.codes)
            if language is None:
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    preferred = getattr(user, "preferred_language", "")
                    language = preferred if preferred in self.codes else None
            if language is not None:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def language_of(value, codes):
    """A language code (``en``) or the language prefix of a local path (``/en/news/``)."""
    if value in codes:
        return value
    if value.startswith("/") and not value.startswith("//"):
        language = translation.get_language_from_path(urlsplit(value).path)
        return language if language in codes else None
    return None


def page_language(request, codes=None):
    """The language of the page a request without a language prefix belongs to, or None.

    In order: ``?lang=`` (links from a page to a form or file of it), the prefix of
    ``?next=`` (sign-in from a page), and for a form posted from one of the site's pages,
    the same three read from the page that posted it (the Referer, sent by browsers for
    same-origin requests). One page, one language: the quiz answered on /en/… answers in
    English, a registration started from /en/… confirms in English.
    """
    codes = codes or {code for code, _name in settings.LANGUAGES}
    candidates = [request.GET.get("lang", ""), request.GET.get("next", "")]
    if request.method == "POST":
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if referer.netloc and referer.netloc == request.get_host():
            query = QueryDict(referer.query)
            candidates += [referer.path, query.get("lang", ""), query.get("next", "")]
    for value in candidates:
        language = language_of(value, codes)
        if language is not None:
            return language
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with a second, looser policy for the Wagtail admin.

    The site's pages get ``CONTENT_SECURITY_POLICY`` (no inline script or style); paths
    under ``KOHORTA_CSP_ADMIN_PREFIXES`` get ``KOHORTA_CSP_ADMIN_DIRECTIVES`` because
    Wagtail's admin still needs inline scripts and eval. A view that sets its own header
    (e.g. ``kohorta.media.file_response``) keeps it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.KOHORTA_CSP_ADMIN_PREFIXES))
        ):
            parts.config = settings.KOHORTA_CSP_ADMIN_DIRECTIVES
        return parts


TWO_FACTOR_SESSION_KEY = "kohorta_2fa_ok"
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/favicon")


def needs_two_factor(user):
    """Whether a person must use two-factor authentication: staff, superusers, and anyone
    holding one of ``KOHORTA_2FA_ROLES`` in any cohort (by default every role that reads
    other people's personal data: mentor, ambassador, jury, coordinator)."""
    from cohorts.rules import roles_by_cohort

    if user.is_staff or user.is_superuser:
        return True
    wanted = set(settings.KOHORTA_2FA_ROLES)
    return any(roles.keys() & wanted for roles in roles_by_cohort(user).values())


class RequireTwoFactorMiddleware:
    """With ``KOHORTA_REQUIRE_2FA``, send people who need two-factor authentication (see
    ``needs_two_factor``) and have no authenticator to the set-up page.

    The account pages (log out, e-mail, the set-up itself) stay reachable. Once a person
    has an authenticator the session remembers it, so the check costs nothing afterwards;
    removing the authenticator forgets it (``forget_two_factor``).
    """

    def __init__(self, get_response):
        from allauth.mfa.signals import authenticator_removed

        from cohorts.enums import Role

        unknown = set(settings.KOHORTA_2FA_ROLES) - set(Role.values)
        if unknown:
            raise ImproperlyConfigured(
                f"KOHORTA_2FA_ROLES names unknown roles {sorted(unknown)}; "
                f"the roles are {', '.join(Role.values)}."
            )
        self.get_response = get_response
        authenticator_removed.connect(forget_two_factor, dispatch_uid="kohorta_forget_2fa")

    def __call__(self, request):
        if settings.KOHORTA_REQUIRE_2FA and self._must_set_up(request):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.warning(
                request,
                _("Your role needs two-factor authentication. Please set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path_info.startswith(TWO_FACTOR_EXEMPT_PREFIXES):
            return False
        if request.session.get(TWO_FACTOR_SESSION_KEY) == user.pk:
            return False
        # The roles behind the answer change only with a write, which empties this cache.
        if not personal_cache.cached_for_person(
            request, "needs-2fa", lambda: needs_two_factor(user)
        ):
            return False
        from allauth.mfa.utils import is_mfa_enabled

        if is_mfa_enabled(user, types=["totp", "webauthn"]):
            request.session[TWO_FACTOR_SESSION_KEY] = user.pk
            return False
        return True


def forget_two_factor(sender, request=None, **kwargs):
    """Signal receiver: after an authenticator is removed, check the person again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(TWO_FACTOR_SESSION_KEY, None)


class SuperuserOnlyAdminMiddleware:
    """Keep Wagtail admin pages that list the whole site's records to superusers.

    Wagtail shows its site history to anyone with a permission on a logged model, so a
    coordinator of one cohort would read the log entries (names, e-mails) of every cohort.
    Paths in ``KOHORTA_SUPERUSER_ONLY_ADMIN_PATHS`` answer others as Wagtail answers a
    missing permission: back to the admin home with an error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_superuser
            and request.path_info.startswith(tuple(settings.KOHORTA_SUPERUSER_ONLY_ADMIN_PATHS))
            and user.has_perm("wagtailadmin.access_admin")
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.error(request, _("Sorry, you do not have permission to access this area."))
            return redirect("wagtailadmin_home")
        return self.get_response(request)


class RejectNullBytesMiddleware:
    """A NUL character in the address or the query string is never meant: answer 400.

    PostgreSQL refuses NUL in text, so such a value would otherwise reach a query and fail
    (a 500) wherever a view filters on it; forms already refuse it in posted fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("Bad request: the address contains a NUL character.")
        return self.get_response(request)
