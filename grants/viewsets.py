"""Wagtail admin for grant calls and their rubric, scoped to the cohorts a person coordinates.

Every save goes through ``grants.services``; a frozen rubric is refused in the form (with
the message next to the form) and again in the service.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import selectors as cohort_selectors
from cohorts.viewsets import _scoped_views

from . import selectors, services
from .models import Criterion, GrantCall
from .services.calls import CALL_FIELDS, CRITERION_FIELDS


class GrantCallForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "cohort" in self.fields:
            self.fields["cohort"].queryset = cohort_selectors.cohorts_managed_by(for_user)


class GrantCallViewSet(ModelViewSet):
    model = GrantCall
    icon = "tasks"
    menu_label = _("Grant calls")
    menu_order = 130
    add_to_admin_menu = True
    list_display = ["title", "cohort", "opens_at", "closes_at", "blind_review"]
    list_filter = ["cohort", "blind_review"]
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
_scoped_views(GrantCallViewSet, lambda user: selectors.calls_managed_by(user))


def _save_call(view):
    data = view.form.cleaned_data
    fields = {name: data[name] for name in CALL_FIELDS if name in data}
    if view.form.instance.pk is None:
        return services.create_call(cohort=data["cohort"], by=view.request.user, **fields)
    return services.update_call(
        call=GrantCall.objects.get(pk=view.form.instance.pk), by=view.request.user, **fields
    )


GrantCallViewSet.add_view_class = type(
    "GrantCallCreateView", (GrantCallViewSet.add_view_class,), {"save_instance": _save_call}
)
GrantCallViewSet.edit_view_class = type(
    "GrantCallEditView", (GrantCallViewSet.edit_view_class,), {"save_instance": _save_call}
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
            raise ValidationError(
                _(
                    "The rubric of this call is frozen: reviews have been submitted, "
                    "so criteria can no longer change."
                ),
                code="rubric_frozen",
            )
        return data


class CriterionViewSet(ModelViewSet):
    model = Criterion
    icon = "list-ol"
    menu_label = _("Grant criteria")
    menu_order = 131
    add_to_admin_menu = True
    list_display = ["name", "call", "weight", "scale_min", "scale_max", "required"]
    list_filter = ["call"]
    search_fields = ["name"]
    edit_handler_panels = [
        FieldPanel("call"),
        FieldPanel("name"),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_min"), FieldPanel("scale_max")]),
        FieldPanel("required"),
        FieldPanel("position"),
    ]


def _criteria_scope(user):
    return Criterion.objects.filter(call__in=selectors.calls_managed_by(user)).select_related(
        "call"
    )


CriterionViewSet.edit_handler = ObjectList(
    CriterionViewSet.edit_handler_panels, base_form_class=CriterionForm
)
_scoped_views(CriterionViewSet, _criteria_scope)


def _save_criterion(view):
    data = view.form.cleaned_data
    fields = {name: data[name] for name in CRITERION_FIELDS if name in data}
    if view.form.instance.pk is None:
        return services.create_criterion(call=data["call"], by=view.request.user, **fields)
    return services.update_criterion(
        criterion=Criterion.objects.select_related("call").get(pk=view.form.instance.pk),
        by=view.request.user,
        **fields,
    )


def _delete_criterion(view):
    services.delete_criterion(criterion=view.object, by=view.request.user)


CriterionViewSet.add_view_class = type(
    "CriterionCreateView", (CriterionViewSet.add_view_class,), {"save_instance": _save_criterion}
)
CriterionViewSet.edit_view_class = type(
    "CriterionEditView", (CriterionViewSet.edit_view_class,), {"save_instance": _save_criterion}
)
CriterionViewSet.delete_view_class = type(
    "CriterionDeleteView",
    (CriterionViewSet.delete_view_class,),
    {"delete_action": _delete_criterion},
)
