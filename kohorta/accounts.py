"""Kohorta's allauth adapter (``ACCOUNT_ADAPTER``): sign-in behaviour that settings alone
cannot give. See docs/security.md, "Trust II: sign-in".

- E-mails name the site ("Hello from Kohorta!", not the host name the request came to:
  the default Wagtail Site's name and WAGTAILADMIN_BASE_URL's host) and
  are written in the recipient's preferred language when the address belongs to a person.
- The client's address for rate limits comes from allauth's trusted-proxy settings; a
  request whose ``X-Forwarded-For`` is shorter than the trusted proxy count (it did not
  come through the proxies) is counted by its own address instead of answering 500.
- A sign-in within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` counts as recent authentication,
  so a person sent to the two-factor set-up right after signing in (or after choosing a
  password through an invitation, ``record_sign_in``) is not asked for the password they
  have just typed.
"""

import ipaddress
import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import translation


def recipient_language(email, context):
    """The preferred language of the person an e-mail goes to, or ``None`` if unknown."""
    from allauth.account.utils import filter_users_by_email

    user = context.get("user")
    if user is None or not getattr(user, "pk", None):
        users = filter_users_by_email(email) if email else []
        user = users[0] if users else None
    language = getattr(user, "preferred_language", "")
    return language if language in dict(settings.LANGUAGES) else None


def landing_language(request):
    """The language of the page a person lands on after an account page: the prefix of
    ``next`` (``/mk/news/``), else the preferred language of a signed-in person (pages
    without a prefix follow it), else the language of this request."""
    from .middleware import language_of

    codes = dict(settings.LANGUAGES)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    language = language_of(next_url, codes)
    if language is None:
        user = getattr(request, "user", None)
        preferred = getattr(user, "preferred_language", "") if user is not None else ""
        if user is not None and user.is_authenticated and preferred in codes:
            language = preferred
    return language or translation.get_language()


def signed_in_recently(request):
    """Whether the signed-in person proved who they are (password, code, second factor)
    in this session less than ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds ago."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    times = [
        record.get("at")
        for record in get_authentication_records(request, user)
        if isinstance(record.get("at"), int | float)
    ]
    return bool(times) and time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT


def record_sign_in(request, user, method):
    """Note in the session that ``user`` has just proved who they are outside allauth's own
    views (e.g. by choosing a password through an invitation link), as allauth notes its
    sign-ins: a recent one spares the password prompt before the two-factor set-up."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, method=method)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # allauth reads the name from Django's sites framework, which Kohorta does not
        # install: it fell back to the request's host ("Hello from 127.0.0.1:8102!").
        from notifications import mail

        context = {
            **context,
            "current_site": SimpleNamespace(name=mail.site_name(), domain=mail.domain()),
        }
        language = recipient_language(email, context)
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # The message is shown by the page allauth redirects to: write it in that page's
        # language (the one in ``next``, or the preferred language of the person who has
        # just signed in and lands on the dashboard), not the sign-in page's.
        with translation.override(landing_language(request)):
            super().add_message(
                request,
                level,
                message_template=message_template,
                message_context=message_context,
                extra_tags=extra_tags,
                message=message,
            )

    def format_email_subject(self, subject):
        from notifications import mail

        return f"[{mail.site_name()}] {subject}"

    def get_client_ip(self, request):
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # X-Forwarded-For has fewer hops than ALLAUTH_TRUSTED_PROXY_COUNT: the request
            # did not come through the proxies, so its own address is the client's.
            try:
                return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
            except ValueError:
                raise PermissionDenied("Unable to determine client IP address") from None

    def is_reauthentication_required(self, *, app, **kwargs):
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not (self.request is not None and signed_in_recently(self.request))
