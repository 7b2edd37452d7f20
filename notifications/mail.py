"""Rendering and sending one e-mail: the only place Kohorta builds an e-mail message.

Subject, plain text and an HTML alternative in the recipient's language; the site's name
and address come from the default Wagtail Site and ``WAGTAILADMIN_BASE_URL``, never from a
request's host; the Message-ID is derived from the once-key, so a retried send carries the
same one; kinds a person may turn off carry a signed one-click List-Unsubscribe link.
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DEFAULT_SITE_NAME = "Kohorta"


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def domain():
    return urlsplit(base_url()).hostname or "kohorta.localhost"


def site_name():
    """The default Wagtail Site's name (the site's own name, whatever host was asked)."""
    from wagtail.models import Site

    name = Site.objects.filter(is_default_site=True).values_list("site_name", flat=True).first()
    return name or DEFAULT_SITE_NAME


def absolute(url):
    if not url:
        return base_url() + "/"
    if url.startswith("/"):
        return base_url() + url
    return url


def language_of(user):
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def message_id(key):
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain()}>"


def unsubscribe_token(user, kind_name):
    return signing.dumps({"u": user.pk, "k": kind_name}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user id, kind name)`` from a token, or ``None`` when it was not made here."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind_name):
    return base_url() + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user, kind_name)]
    )


def base_context(user, *, language):
    return {
        "user": user,
        "recipient": user,
        "site_name": site_name(),
        "site_url": base_url(),
        "dashboard_url": base_url() + reverse("dashboard"),
        "preferences_url": base_url() + reverse("notifications:preferences"),
        "LANGUAGE_CODE": language,
    }


def _optional(template_name, context):
    try:
        template = get_template(template_name)
    except TemplateDoesNotExist:
        return None
    return template.render(context)


# Where an e-mail's context names the programme it is about: the programme itself, or an
# object on the way to it (a cohort, an application, a grant call, a course run, a meeting).
PROGRAMME_PATHS = (
    (),
    ("programme",),
    ("cohort", "programme"),
    ("call", "cohort", "programme"),
    ("cohort_course", "cohort", "programme"),
    ("meeting", "cohort", "programme"),
)


def programme_of(context):
    """The programme an e-mail is about, found in its context, or ``None``."""
    from cohorts.models import Programme

    for value in context.values():
        for path in PROGRAMME_PATHS:
            target = value
            for name in path:
                target = getattr(target, name, None)
                if target is None:
                    break
            if isinstance(target, Programme):
                return target
    return None


def render(template, context, *, language):
    """``(subject, text, html)`` of ``template`` (a prefix) in ``language``. An e-mail about
    a programme carries its branding: its name and logo above the HTML, its signatory and
    funders' line below the text."""
    from cohorts.branding import email_branding

    programme = programme_of(context)
    if programme is not None:
        context = {**context, **email_branding(programme, language)}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        if programme is not None:
            signature = render_to_string("cohorts/email/branding_signature.txt", context).strip()
            text += f"\n{signature}\n"
        html = _optional(f"{template}.html", context)
        if html is None:
            html = render_to_string(
                "notifications/email/layout.html", {**context, "subject": subject, "text": text}
            )
    return subject, text, html


def send(*, to, subject, text, html, key, unsubscribe=None, attachments=()):
    """Send one e-mail. ``attachments``: ``(filename, content, mimetype)`` triples."""
    headers = {"Message-ID": message_id(key)}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject, text, None, [to], headers=headers)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
