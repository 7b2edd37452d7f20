from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorts.models import User
from cohorts.rules import TAKE_PART, roles_with
from kohorta.translatable import localize

from .enums import MilestoneStatus, Outcome, Recommendation, ReportKind
from .models import Criterion, GrantCall, Proposal
from .services.calls import CALL_FIELDS, CRITERION_FIELDS, QUESTION_MAX_LENGTH, question_lines

TEXTAREA = {"rows": 5}


class ProposalStartForm(forms.Form):
    title = forms.CharField(label=_("Title of your proposal"), max_length=200)


class ProposalForm(forms.ModelForm):
    """The proposal's texts, answers to the call's questions and co-applicants."""

    co_applicants = forms.ModelMultipleChoiceField(
        label=_("Co-applicants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other innovators of your cohort who run the project with you (up to 4)."),
    )

    class Meta:
        model = Proposal
        fields = ["title", "summary", "problem", "target_community", "activities", "timeline"]
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in ["summary", "problem", "target_community", "activities", "timeline"]
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        for name in ["summary", "problem", "target_community", "activities", "timeline"]:
            self.fields[name].required = False
        self.fields["co_applicants"].queryset = (
            User.objects.filter(
                memberships__cohort_id=call.cohort_id,
                memberships__role__in=roles_with(TAKE_PART),
            )
            .exclude(pk=self.instance.applicant_id)
            .order_by("full_name")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["co_applicants"] = list(
                self.instance.co_applicants.values_list("pk", flat=True)
            )
        # The questions in the page's language; the answers are keyed by the source's id.
        self.questions = localize(call.source_questions())
        answers = self.instance.answers if isinstance(self.instance.answers, dict) else {}
        self.question_fields = []
        for question in self.questions:
            name = f"question_{question.pk}"
            label = question.tr.text
            if question.tr_fallback:
                label = format_html('<span lang="{}">{}</span>', question.tr_fallback, label)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answers.get(str(question.pk), ""),
            )
            self.question_fields.append(name)

    def answers(self):
        return {
            str(question.pk): self.cleaned_data.get(f"question_{question.pk}", "")
            for question in self.questions
        }

    def text_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        required=False,
        min_value=0,
        error_messages={"min_value": _("Amounts cannot be negative.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("description", "").strip():
            self.add_error("description", _("Say what the money is for."))
        if (
            data.get("description", "").strip()
            and data.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Enter the amount."))
        return data


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=30, validate_max=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, Word, OpenDocument, Excel, text, CSV, PNG or JPEG; up to 10 MB."),
    )


class ReviewForm(forms.Form):
    comment_to_applicant = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Sent to the applicant with the decision, without your name."),
    )
    private_note = forms.CharField(
        label=_("Private note to the jury"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Only the jury and the coordinators read this."),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", _("Not yet"))] + list(Recommendation.choices),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        existing = {}
        if review is not None:
            existing = {score.criterion_id: score.value for score in review.scores.all()}
            for name in ("comment_to_applicant", "private_note", "recommendation"):
                self.initial.setdefault(name, getattr(review, name))
        self.criterion_fields = []
        for criterion in criteria:
            choices = [
                (str(v), str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)
            ]
            if not criterion.required:
                choices.append(("na", _("n/a")))
            name = f"criterion_{criterion.pk}"
            self.fields[name] = forms.ChoiceField(
                label=getattr(criterion, "tr", criterion).name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=getattr(criterion, "tr", criterion).guidance,
            )
            if criterion.pk in existing:
                value = existing[criterion.pk]
                self.initial[name] = "na" if value is None else str(value)
            self.criterion_fields.append(name)

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") or None for c in self.criteria}


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Why (seen only by the coordinators)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=Proposal.objects.none())
    juror = forms.ModelChoiceField(label=_("Juror"), queryset=User.objects.none())

    def __init__(self, *args, proposals, jurors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["juror"].queryset = jurors


class AutoAssignForm(forms.Form):
    per_proposal = forms.IntegerField(label=_("Jurors per proposal"), min_value=1, max_value=10)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("Amount awarded"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    rationale = forms.CharField(
        label=_("Rationale (in the decision letter)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("Payment"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    report_kind = forms.ChoiceField(label=_("Report due"), choices=ReportKind.choices)


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Your report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Up to 5 files: PDF, Word, OpenDocument, Excel, text, CSV, PNG or JPEG; 10 MB each."
        ),
    )


class SendDecisionsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending now"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only while the call is open or reviews are missing; it is logged."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class InfoRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What information do you need?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicant and every co-applicant; they answer on this page."),
    )
    return_on_answer = forms.BooleanField(
        label=_("Return the proposal to its current state when the applicants answer"),
        required=False,
        initial=True,
    )


class QuestionsField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if any(len(line) > QUESTION_MAX_LENGTH for line in question_lines(value)):
            raise forms.ValidationError(
                _("Keep each question under %(count)s characters.")
                % {"count": QUESTION_MAX_LENGTH},
                code="max_length",
            )


def questions_field():
    """The call's extra questions as one text box, one question per line (each line is a
    ``GrantQuestion``; the call's services keep the rows of unchanged lines)."""
    return QuestionsField(
        label=_("extra questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line; all are required."),
    )


def questions_initial(call):
    if call is None or call.pk is None:
        return ""
    return "\n".join(question.text for question in call.source_questions())


class CallForm(forms.ModelForm):
    """A call's settings on the coordinator's screens (the model's own checks apply)."""

    extra_questions = questions_field()

    class Meta:
        model = GrantCall
        fields = list(CALL_FIELDS)
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "reviews_close_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("extra_questions", questions_initial(self.instance))
        for name in ("opens_at", "closes_at", "reviews_close_at"):
            self.fields[name].help_text = _("In the call's time zone.") + (
                f" {self.fields[name].help_text}" if self.fields[name].help_text else ""
            )
        if self.instance.pk and self.instance.blind_locked():
            self.fields["blind_review"].help_text = _("Fixed: the first review has been submitted.")


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = list(CRITERION_FIELDS)
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}
