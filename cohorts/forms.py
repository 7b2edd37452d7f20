from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .models import COMMON_LANGUAGE_CODES, SPOKEN_LANGUAGES, Cohort, User
from .validators import strip_photo, validate_photo


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls ``signup()`` after creating the user."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    country = LazyTypedChoiceField(label=_("Country"), choices=countries, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred interface language"), choices=settings.LANGUAGES, initial="en"
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.country = self.cleaned_data["country"]
        user.organisation = self.cleaned_data["organisation"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save()


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"}),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "country",
            "organisation",
            "languages",
            "preferred_language",
            "bio",
            "photo",
            "sector",
            "interests",
            "in_directory",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(SPOKEN_LANGUAGES)
        codes = list(COMMON_LANGUAGE_CODES)
        codes += [
            code for code in (self.instance.languages or []) if code in names and code not in codes
        ]
        self.fields["languages"].choices = sorted(
            ((code, _(names[code])) for code in codes), key=lambda item: str(item[1])
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            validate_photo(photo)
            photo = strip_photo(photo)
        return photo


class MembersCSVForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email, country, organisation, role. "
            "Roles: innovator, mentor, ambassador, jury, coordinator."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        if len(cohorts) == 1:
            self.fields["cohort"].initial = cohorts[0].pk


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    confirm = forms.BooleanField(
        label=_("I understand that my name, e-mail address, photo and bio will be erased."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
