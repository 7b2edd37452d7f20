from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import COMMON_LANGUAGE_CODES, SECTORS, SPOKEN_LANGUAGES

from .models import MAX_POST_LENGTH

MARKUP_HELP = _(
    "**bold**, *italics*, lists with - , > for a quote, [text](https://…) for a link; "
    "@Full Name tells that person."
)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_POST_LENGTH,
        help_text=MARKUP_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(
        label=_("Image or file (optional)"),
        required=False,
        help_text=_("PDF, office documents, text, PNG or JPEG; at most 10 MB."),
    )
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body", "attachment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Message")


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_POST_LENGTH,
        help_text=MARKUP_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_POST_LENGTH,
        help_text=MARKUP_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any"))] + SECTORS
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, countries=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        from django_countries import countries as all_countries

        names = dict(all_countries)
        self.fields["country"].choices = [("", _("Any"))] + sorted(
            ((code, names.get(code, code)) for code in countries), key=lambda c: str(c[1])
        )
        spoken = dict(SPOKEN_LANGUAGES)
        self.fields["language"].choices = [("", _("Any"))] + sorted(
            ((code, _(spoken[code])) for code in COMMON_LANGUAGE_CODES), key=lambda c: str(c[1])
        )
        self.fields["programme"].choices = [("", _("Any")), *programmes]
