from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgendaRelease, Registration


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["dietary_needs", "accessibility_needs", "arrival_on", "departure_on", "listed"]
        widgets = {
            "arrival_on": forms.DateInput(attrs={"type": "date"}),
            "departure_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "dietary_needs": _("For example vegetarian, halal, no nuts."),
            "accessibility_needs": _("Anything that helps you take part fully."),
        }

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("Departure cannot be before arrival."))
        return data

    def _post_clean(self):
        # Model constraints are checked by the service under its lock, not here.
        pass


class PublishForm(forms.ModelForm):
    class Meta:
        model = AgendaRelease
        fields = ["name"]
        help_texts = {"name": _("For example “Draft programme” or “Final programme”.")}
