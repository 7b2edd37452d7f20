from django import forms

from . import registry


class PreferencesForm(forms.Form):
    """One choice per kind: how the person is e-mailed about it."""

    def __init__(self, *args, user_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, chosen in user_choices:
            if not kind.can_turn_off:
                continue
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                choices=[(channel.value, channel.label) for channel in kind.channels()],
                initial=chosen,
                widget=forms.RadioSelect,
            )

    def kinds(self):
        return [registry.get(name) for name in self.fields]
