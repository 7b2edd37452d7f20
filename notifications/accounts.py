"""django-allauth's e-mails (sign-up, password reset, ...) name the site, not the host.

allauth reads the name from Django's sites framework, which Kohorta does not install, so it
fell back to the request's host ("Hello from 127.0.0.1:8102!"). Account e-mails cannot be
turned off and go to addresses that may have no account yet, so they are sent by allauth
itself, with the site's name and address from ``notifications.mail``.
"""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter

from . import mail


@dataclass(frozen=True)
class SiteInfo:
    name: str
    domain: str

    def __str__(self):
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {**context, "current_site": SiteInfo(name=mail.site_name(), domain=mail.domain())}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"[{mail.site_name()}] {subject}"
