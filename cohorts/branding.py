"""A programme's branding: the admin form that sets it and what pages, e-mails and PDFs use.

``branding_for(programme, language)`` is the one place that turns a programme into what a
document shows (name in the language, accent colour, logo, signatory, funders' line).
PDFs get images as data URIs (WeasyPrint never fetches a URL); pages and e-mails get URLs.
"""

import base64
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Programme
from .validators import strip_photo, validate_brand_image

DEFAULT_ACCENT = "#0B5CAD"
IMAGE_FIELDS = ("logo", "signature", "funders_logos")
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def other_languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ProgrammeForm(WagtailAdminModelForm):
    """The programme in the Wagtail admin, with one name field per interface language."""

    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "description",
            "website",
            "logo",
            "accent_colour",
            "signatory_name",
            "signatory_title",
            "signature",
            "funders_logos",
            "funders_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = (self.instance.names or {}) if self.instance else {}
        for code, language in other_languages():
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language},
                max_length=200,
                required=False,
                initial=names.get(code, ""),
            )
        # The per-language names right after the main name.
        order = ["name", *[f"name_{code}" for code, _n in other_languages()]]
        self.order_fields(order + [name for name in self.fields if name not in order])

    def _clean_image(self, name):
        upload = self.cleaned_data.get(name)
        if isinstance(upload, UploadedFile):
            validate_brand_image(upload)
            return strip_photo(upload)
        return upload

    def clean_logo(self):
        return self._clean_image("logo")

    def clean_signature(self):
        return self._clean_image("signature")

    def clean_funders_logos(self):
        return self._clean_image("funders_logos")

    def clean_accent_colour(self):
        return (self.cleaned_data.get("accent_colour") or "").upper()

    def save(self, commit=True):
        self.instance.names = {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code, _n in other_languages()
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }
        return super().save(commit=commit)


def _data_uri(fieldfile):
    """An uploaded image as a data URI for WeasyPrint; None when missing or unreadable."""
    if not fieldfile:
        return None
    mime = _MIME.get(PurePath(fieldfile.name).suffix.lower())
    if mime is None:
        return None
    try:
        with fieldfile.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _url(fieldfile):
    if not fieldfile:
        return None
    try:
        return fieldfile.url
    except ValueError:
        return None


@dataclass
class Branding:
    """What a page, an e-mail or a PDF shows of a programme, in one language."""

    name: str
    accent: str = DEFAULT_ACCENT
    logo_url: str | None = None
    funders_url: str | None = None
    funders_text: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    website: str = ""
    # Filled only for PDFs (``for_pdf=True``): images inline, nothing fetched.
    logo: str | None = None
    signature: str | None = None
    funders: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def initials(self):
        """Up to four initials of the programme's name, for the emblem."""
        words = [word for word in self.name.replace("-", " ").split() if word[:1].isalnum()]
        if len(words) == 1:
            return words[0][:4].upper()
        return "".join(word[0] for word in words[:4]).upper()

    @property
    def emblem_angles(self):
        return range(0, 360, 30)

    @property
    def absolute_logo_url(self):
        """The logo's address for e-mails, which need the site's full URL."""
        if not self.logo_url:
            return None
        if self.logo_url.startswith(("http://", "https://")):
            return self.logo_url
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.logo_url


def branding_for(programme, language=None, *, for_pdf=False):
    """The programme's branding in ``language``; the site's own when there is no programme."""
    if programme is None:
        return Branding(name=getattr(settings, "WAGTAIL_SITE_NAME", "Kohorta"))
    branding = Branding(
        name=programme.name_in(language or settings.LANGUAGE_CODE),
        accent=programme.accent_colour or DEFAULT_ACCENT,
        logo_url=_url(programme.logo),
        funders_url=_url(programme.funders_logos),
        funders_text=programme.funders_text,
        signatory_name=programme.signatory_name,
        signatory_title=programme.signatory_title,
        website=programme.website,
    )
    if for_pdf:
        branding.logo = _data_uri(programme.logo)
        branding.signature = _data_uri(programme.signature)
        branding.funders = _data_uri(programme.funders_logos)
    return branding


def email_branding(programme, language=None):
    """Template context for e-mails about a programme: ``{"branding": Branding}``.

    E-mail templates include ``cohorts/email/branding_header.html`` and
    ``cohorts/email/branding_footer.html`` with this context.
    """
    return {"branding": branding_for(programme, language)}
