"""Wagtail admin for course runs: coordinators choose a course and schedule its modules for
their cohorts. Writes go through the services; every queryset is scoped to the cohorts the
person coordinates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Locale
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets

from cohorts.selectors import cohorts_managed_by
from kohorta.admin_scope import ScopedPermissionPolicy, ScopedSnippetEditView, ScopedSnippetViewSet

from . import services
from .models import CohortCourse, CoursePage, ModulePage, ModuleSchedule


def runs_managed_by(user):
    return CohortCourse.objects.filter(cohort__in=cohorts_managed_by(user)).select_related(
        "cohort", "course"
    )


register_permission_policy(CohortCourse, ScopedPermissionPolicy(CohortCourse, runs_managed_by))


class CohortCourseForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["cohort"].queryset = cohorts_managed_by(for_user)
        self.fields["course"].queryset = CoursePage.objects.filter(locale=Locale.get_default())
        if self.instance.pk:
            self.fields["cohort"].disabled = True
            self.fields["course"].disabled = True
        for form in self.formsets["schedules"].forms + [self.formsets["schedules"].empty_form]:
            form.fields["module"].queryset = ModulePage.objects.filter(
                locale=Locale.get_default()
            ).order_by("path")

    def clean(self):
        cleaned = super().clean()
        course = cleaned.get("course") or getattr(self.instance, "course", None)
        if course is None:
            return cleaned
        allowed = set(ModulePage.objects.child_of(course).values_list("pk", flat=True))
        for form in self.formsets["schedules"].forms:
            module = form.cleaned_data.get("module") if form.is_valid() else None
            if (
                module is not None
                and module.pk not in allowed
                and not form.cleaned_data.get("DELETE")
            ):
                form.add_error("module", ValidationError(_("This module is not in the course.")))
        return cleaned


class CohortCourseSaveMixin:
    """Create the run and (un)schedule its modules through ``services``."""

    def save_instance(self):
        form = self.form
        user = self.request.user
        if form.instance.pk is None:
            run = services.create_cohort_course(
                cohort=form.cleaned_data["cohort"], course=form.cleaned_data["course"], by=user
            )
        else:
            run = CohortCourse.objects.get(pk=form.instance.pk)
        formset = form.formsets["schedules"]
        for schedule_form in formset.forms:
            data = schedule_form.cleaned_data
            if not data:
                continue
            if data.get("DELETE"):
                if schedule_form.instance.pk:
                    services.unschedule_module(
                        schedule=ModuleSchedule.objects.get(pk=schedule_form.instance.pk), by=user
                    )
                continue
            services.schedule_module(
                cohort_course=run,
                module=data["module"],
                releases_on=data["releases_on"],
                due_on=data["due_on"],
                by=user,
            )
        return run


class CohortCourseCreateView(CohortCourseSaveMixin, snippets.CreateView):
    pass


class CohortCourseEditView(CohortCourseSaveMixin, ScopedSnippetEditView):
    pass


class CohortCourseViewSet(ScopedSnippetViewSet):
    model = CohortCourse
    icon = "doc-full"
    menu_label = _("Course runs")
    menu_order = 130
    add_to_admin_menu = True
    add_view_class = CohortCourseCreateView
    edit_view_class = CohortCourseEditView
    base_form_class = CohortCourseForm
    list_display = ["course", "cohort", "created_at"]
    panels = [
        FieldPanel("cohort"),
        FieldPanel("course", widget=forms.Select),
        InlinePanel(
            "schedules",
            heading=_("Module schedule"),
            label=_("Module"),
            panels=[
                FieldPanel("module", widget=forms.Select),
                FieldRowPanel([FieldPanel("releases_on"), FieldPanel("due_on")]),
            ],
        ),
    ]

    def get_queryset(self, request):
        return CohortCourse.objects.select_related("cohort", "course")
