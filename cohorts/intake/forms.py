"""Forms for applying, reviewing, matching, mentor groups and topics."""

from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from ..models import Application, User, spoken_language_choices
from .enums import ApplicationState, CareerStage, Interest, ReviewRecommendation, Sector
from .matching.algorithm import DEFAULT_TOP_K, Weights
from .services import APPLICANT_FIELDS, APPLICATION_FIELDSETS

BLANK = [("", "—")]


class ApplicationForm(forms.ModelForm):
    """The applicant's fields (``applications.APPLICANT_FIELDS``) plus the cohort's extra
    questions (``question_<id>``). A field added to the list appears here with its model
    label; the ones below only say it differently to the applicant.

    Nothing is required to save a draft; the service says what is missing on submission.
    The form only checks input: the view hands ``service_fields()`` to ``save_application``.
    """

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS

    sector = forms.ChoiceField(label=_("Sector"), choices=BLANK + Sector.choices, required=False)
    career_stage = forms.ChoiceField(
        label=_("Career stage"), choices=BLANK + CareerStage.choices, required=False
    )
    country = LazyTypedChoiceField(
        label=_("Country you work (or study) in"), choices=BLANK + list(countries), required=False
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Your library, school or university."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=spoken_language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Areas of interest"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests_other = forms.CharField(label=_("Other interests"), max_length=300, required=False)
    hopes = forms.CharField(
        label=_("What do you hope to get from the programme?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    preferred_partner_sector = forms.ChoiceField(
        label=_("I would like a partner from"),
        choices=[("", _("No preference"))] + Sector.choices,
        required=False,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            # Shown in the page's language when translated (``localize``d by the view).
            shown = getattr(question, "tr", question)
            label, help_text = shown.label, shown.help_text
            if getattr(question, "tr_fallback", None):
                label = format_html('<span lang="{}">{}</span>', question.tr_fallback, label)
                if help_text:
                    help_text = format_html(
                        '<span lang="{}">{}</span>', question.tr_fallback, help_text
                    )
            if question.required:
                label = format_html("{} *", label)
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def fieldsets(self):
        """``[(legend, [bound field, ...]), ...]`` in the order of ``APPLICATION_FIELDSETS``."""
        return [(legend, [self[name] for name in names]) for legend, names in APPLICATION_FIELDSETS]

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}
        data["answers"] = {
            str(q.pk): self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions
        }
        return data

    @staticmethod
    def initial_for(application, user):
        if application is None:
            return {
                "country": user.country,
                "organisation": user.organisation,
                "languages": user.languages,
            }
        initial = {name: getattr(application, name) for name in APPLICANT_FIELDS}
        for key, value in application.answers.items():
            initial[f"question_{key}"] = value
        return initial


class CallForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Application deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time (UTC)."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    country_cap_percent = forms.IntegerField(
        label=_("Country cap (%)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("E.g. 20: no country may have more than a fifth of the applicants."),
    )


class QuestionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Question"), max_length=300, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20)


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, e-mail or organisation"),
    )
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", _("All"))] + list(countries), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All"))] + Sector.choices, required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All applicants"))]
        + [c for c in ApplicationState.choices if c[0] != ApplicationState.DRAFT]
        + [("merged", _("Merged duplicates"))],
        required=False,
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–10)"), min_value=0, max_value=10, required=False)
    note = forms.CharField(
        label=_("Add a note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CriterionForm(forms.Form):
    """One line of the call's review rubric (``save_rubric`` checks what may still change)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Guidance for reviewers"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scale_max = forms.IntegerField(
        label=_("Highest score"),
        min_value=2,
        max_value=10,
        required=False,
        help_text=_("Scores go from 1 to this number (5 if left empty)."),
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal("0.1"),
        max_value=Decimal("10"),
        max_digits=4,
        decimal_places=1,
        required=False,
        help_text=_("1 unless this criterion counts more or less than the others."),
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, max_num=12)


class RubricReviewForm(forms.Form):
    """A reviewer's own review: a score per criterion (``criterion_<id>``), note, recommendation.

    Nothing is required here: a draft may be partial; ``save_review`` requires every score on
    submission and puts its errors next to the criteria.
    """

    note = forms.CharField(
        label=_("Your note"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Read by the other reviewers and the coordinators; never by the applicant."),
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=ReviewRecommendation.choices,
        initial=ReviewRecommendation.NONE,
        widget=forms.RadioSelect,
        help_text=_("The coordinators decide; they see every reviewer's recommendation."),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scored = {}
        for criterion in self.criteria:
            message = _("Give a score from 1 to %(max)s.") % {"max": criterion.scale_max}
            scored[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=[(value, str(value)) for value in range(1, criterion.scale_max + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": message},
            )
        self.fields = {**scored, **self.fields}

    def criteria_fields(self):
        return [(criterion, self[f"criterion_{criterion.pk}"]) for criterion in self.criteria]

    def scores(self):
        return {
            criterion.pk: self.cleaned_data.get(f"criterion_{criterion.pk}")
            for criterion in self.criteria
        }

    @staticmethod
    def initial_for(review):
        if review is None:
            return {}
        initial = {"note": review.note, "recommendation": review.recommendation}
        for score in review.scores.all():
            initial[f"criterion_{score.criterion_id}"] = score.value
        return initial


class CapForm(forms.Form):
    percent = forms.IntegerField(label=_("Country cap (%)"), min_value=1, max_value=100)


class RunForm(forms.Form):
    interests = forms.IntegerField(
        label=_("Shared areas of interest (per interest)"), min_value=0, max_value=20
    )
    partner_sector = forms.IntegerField(
        label=_("Requested partner sector"), min_value=0, max_value=20
    )
    language = forms.IntegerField(
        label=_("Shared language besides English"), min_value=0, max_value=20
    )
    student_stage = forms.IntegerField(
        label=_("Different career stage for a student"), min_value=0, max_value=20
    )
    top_k = forms.IntegerField(
        label=_("Candidates per person"),
        min_value=2,
        max_value=50,
        help_text=_("More candidates: a slightly better total, a slower run."),
    )
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, max_value=1_000_000)

    @classmethod
    def defaults(cls):
        return {**Weights().as_dict(), "top_k": DEFAULT_TOP_K, "seed": 0}

    def weights(self):
        return Weights(**{k: self.cleaned_data[k] for k in Weights().as_dict()})


class PeopleByEmailForm(forms.Form):
    """Two participants named by e-mail address (pins, exclusions, swaps)."""

    first = forms.EmailField(label=_("First person's e-mail"))
    second = forms.EmailField(label=_("Second person's e-mail"))

    def clean(self):
        cleaned = super().clean()
        for name in ("first", "second"):
            email = cleaned.get(name)
            if email:
                user = User.objects.filter(email__iexact=email).first()
                if user is None:
                    self.add_error(name, _("Nobody has this e-mail address."))
                else:
                    cleaned[f"{name}_user"] = user
        return cleaned


class ConstraintForm(PeopleByEmailForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("pin", _("Always together")), ("exclude", _("Never together"))]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TopicForm(forms.Form):
    starts_on = forms.TypedChoiceField(label=_("Fortnight starting"), coerce=str)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, fortnights=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fortnights = {day.isoformat(): day for day in fortnights}
        self.fields["starts_on"].choices = [
            (key, day.strftime("%d %b %Y")) for key, day in self.fortnights.items()
        ]

    def clean_starts_on(self):
        return self.fortnights[self.cleaned_data["starts_on"]]
