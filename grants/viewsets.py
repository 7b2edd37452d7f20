"""Wagtail admin for grant calls and their rubric, scoped to the cohorts a person coordinates.

Every save goes through ``grants.services``; a frozen rubric is refused in the form (with
the message next to the form) and again in the service.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.actions import DeleteAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets

from cohorts import selectors as cohort_selectors
from cohorts.models import Cohort
from kohorta.admin_scope import (
    ScopedEditView,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
    ScopedSnippetDeleteView,
    ScopedSnippetEditView,
    ScopedSnippetViewSet,
)

from . import selectors, services
from .forms import questions_field, questions_initial
from .models import Criterion, GrantCall, GrantQuestion
from .services.calls import CALL_FIELDS, CRITERION_FIELDS

RUBRIC_FROZEN = _(
    "The rubric of this call is frozen: reviews have been submitted, "
    "so criteria can no longer change."
)


def criteria_managed_by(user):
    """Criteria (sources and their translations) of the calls the person manages."""
    return Criterion.objects.filter(call__in=selectors.calls_managed_by(user)).select_related(
        "call", "locale"
    )


def questions_managed_by(user):
    return GrantQuestion.objects.filter(call__in=selectors.calls_managed_by(user)).select_related(
        "call", "locale"
    )


register_permission_policy(GrantCall, ScopedPermissionPolicy(GrantCall, selectors.calls_managed_by))
register_permission_policy(Criterion, ScopedPermissionPolicy(Criterion, criteria_managed_by))
register_permission_policy(
    GrantQuestion, ScopedPermissionPolicy(GrantQuestion, questions_managed_by)
)


class GrantCallForm(WagtailAdminModelForm):
    extra_questions = questions_field()

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.initial.setdefault("extra_questions", questions_initial(self.instance))
        if for_user is not None and "cohort" in self.fields:
            self.fields["cohort"].queryset = cohort_selectors.cohorts_managed_by(for_user)


def _cohorts_for_filter(request):
    if request is None:
        return Cohort.objects.none()
    return cohort_selectors.cohorts_managed_by(request.user)


def _calls_for_filter(request):
    if request is None:
        return GrantCall.objects.none()
    return selectors.calls_managed_by(request.user)


class GrantCallFilterSet(WagtailFilterSet):
    """Filters list only the person's own cohorts (a plain ``list_filter`` lists all)."""

    cohort = django_filters.ModelChoiceFilter(queryset=_cohorts_for_filter)

    class Meta:
        model = GrantCall
        fields = ["cohort", "blind_review"]


class CriterionFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(queryset=_calls_for_filter)

    class Meta:
        model = Criterion
        fields = ["call", "locale"]


class GrantQuestionFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(queryset=_calls_for_filter)

    class Meta:
        model = GrantQuestion
        fields = ["call", "locale"]


class GrantCallSaveMixin:
    def save_instance(self):
        data, by = self.form.cleaned_data, self.request.user
        fields = {name: data[name] for name in CALL_FIELDS if name in data}
        if self.form.instance.pk is None:
            return services.create_call(cohort=data["cohort"], by=by, **fields)
        return services.update_call(
            call=GrantCall.objects.get(pk=self.form.instance.pk), by=by, **fields
        )


class GrantCallCreateView(GrantCallSaveMixin, generic.CreateView):
    pass


class GrantCallEditView(GrantCallSaveMixin, ScopedEditView):
    pass


class GrantCallViewSet(ScopedModelViewSet):
    model = GrantCall
    icon = "tasks"
    menu_label = _("Grant calls")
    menu_order = 130
    add_to_admin_menu = True
    add_view_class = GrantCallCreateView
    edit_view_class = GrantCallEditView
    list_display = ["title", "cohort", "opens_at", "closes_at", "blind_review"]
    filterset_class = GrantCallFilterSet
    search_fields = ["title"]
    edit_handler_panels = [
        FieldPanel("cohort"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("timezone"),
                FieldPanel("reviews_close_at"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("total_budget"),
                        FieldPanel("max_per_proposal"),
                        FieldPanel("currency"),
                    ]
                ),
                FieldRowPanel([FieldPanel("awards"), FieldPanel("jurors_per_proposal")]),
            ],
            heading=_("Budget and awards"),
        ),
        FieldPanel("blind_review"),
        FieldPanel("same_country_conflicts"),
        FieldPanel("extra_questions"),
    ]


GrantCallViewSet.edit_handler = ObjectList(
    GrantCallViewSet.edit_handler_panels, base_form_class=GrantCallForm
)


class CriterionForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "call" in self.fields:
            self.fields["call"].queryset = selectors.calls_managed_by(for_user)

    def clean(self):
        data = super().clean()
        call = self.instance.call if self.instance.call_id else data.get("call")
        if self.instance.call_id and data.get("call") and data["call"] != self.instance.call:
            self.add_error("call", _("A criterion cannot move to another call."))
        if call is not None and call.rubric_frozen_at is not None:
            raise ValidationError(RUBRIC_FROZEN, code="rubric_frozen")
        return data


class CriterionSaveMixin:
    def save_instance(self):
        data, by = self.form.cleaned_data, self.request.user
        fields = {name: data[name] for name in CRITERION_FIELDS if name in data}
        if self.form.instance.pk is None:
            return services.create_criterion(call=data["call"], by=by, **fields)
        return services.update_criterion(
            criterion=Criterion.objects.select_related("call").get(pk=self.form.instance.pk),
            by=by,
            **fields,
        )


class CriterionCreateView(CriterionSaveMixin, snippets.CreateView):
    pass


class CriterionEditView(CriterionSaveMixin, ScopedSnippetEditView):
    """A source criterion's form (a translation's opens wagtail-localize's editor)."""


class CriterionDeleteView(ScopedSnippetDeleteView):
    """A frozen rubric refuses deletion with the message its edit form gives."""

    def get_refusal(self):
        if self.object.call.rubric_frozen_at is not None:
            return RUBRIC_FROZEN
        return None


class DeleteCriterionAction(DeleteAction):
    """A criterion is deleted through ``services.delete_criterion`` (refused, with a
    ``ValidationError``, once the rubric froze)."""

    def _delete(self):
        services.delete_criterion(criterion=self.instance, by=self.user)


class CriterionViewSet(ScopedSnippetViewSet):
    """Criteria as snippets: wagtail-localize's Translate and Sync act on snippets."""

    model = Criterion
    icon = "list-ol"
    menu_label = _("Grant criteria")
    menu_order = 131
    add_to_admin_menu = True
    add_view_class = CriterionCreateView
    edit_view_class = CriterionEditView
    delete_view_class = CriterionDeleteView
    list_display = ["name", "call", "locale", "weight", "scale_min", "scale_max", "required"]
    filterset_class = CriterionFilterSet
    search_fields = ["name"]
    edit_handler_panels = [
        FieldPanel("call"),
        FieldPanel("name"),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_min"), FieldPanel("scale_max")]),
        FieldPanel("required"),
        FieldPanel("position"),
    ]


CriterionViewSet.edit_handler = ObjectList(
    CriterionViewSet.edit_handler_panels, base_form_class=CriterionForm
)


class GrantQuestionForm(WagtailAdminModelForm):
    """Only the wording: questions are added, ordered and removed in the call's form."""


class GrantQuestionEditView(ScopedSnippetEditView):
    def save_instance(self):
        return services.update_question(
            question=self.form.instance, by=self.request.user, text=self.form.cleaned_data["text"]
        )


class GrantQuestionViewSet(ScopedSnippetViewSet):
    """A call's questions, to correct a wording and to translate them (wagtail-localize)."""

    model = GrantQuestion
    icon = "help"
    menu_label = _("Grant call questions")
    menu_order = 132
    add_to_admin_menu = True
    edit_view_class = GrantQuestionEditView
    list_display = ["text", "call", "locale"]
    filterset_class = GrantQuestionFilterSet
    search_fields = ["text"]
    edit_handler = ObjectList([FieldPanel("text")], base_form_class=GrantQuestionForm)
