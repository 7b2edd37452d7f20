from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import FeedbackDecision
from .validators import validate_upload


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=20000,
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, Word, OpenDocument, PowerPoint, Excel, text or image; at most 10 MB."),
    )
    remove_attachment = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, allows_upload=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allows_upload:
            del self.fields["attachment"]
            del self.fields["remove_attachment"]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            try:
                validate_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["attachment"]) from None
        return upload


class FeedbackForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=FeedbackDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )


class ExtensionForm(forms.Form):
    schedule = forms.TypedChoiceField(label=_("Module"), coerce=int)
    due_on = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, schedules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].choices = [
            (module.schedule_id, f"{module.position}. {module.title} ({module.due_on:%d.%m.%Y})")
            for module in schedules
            if module.schedule_id
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class VerifyForm(forms.Form):
    """Public verification: a certificate's code, or its credential file (PNG, JSON or JWT)."""

    MAX_BYTES = 2 * 1024 * 1024

    code = forms.CharField(label=_("Verification code"), max_length=32, required=False)
    credential = forms.FileField(
        label=_("Or upload the credential file"),
        required=False,
        help_text=_("The badge image (PNG) or the credential (JSON) you were given."),
    )

    def clean_credential(self):
        upload = self.cleaned_data.get("credential")
        if upload and upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is too large to be a credential."), code="too_large")
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not cleaned.get("code", "").strip()
            and not cleaned.get("credential")
        ):
            raise ValidationError(_("Enter a code or choose a file."), code="empty")
        return cleaned
