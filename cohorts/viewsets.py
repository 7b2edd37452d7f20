"""Wagtail admin for programmes, cohorts and memberships, scoped to what a person coordinates."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.actions import DeleteAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from kohorta.admin_scope import ScopedPermissionPolicy, ScopedSnippetEditView, ScopedSnippetViewSet

from . import selectors, services
from .enums import CohortStatus, Role
from .models import Cohort, Membership, Programme

register_permission_policy(Cohort, ScopedPermissionPolicy(Cohort, selectors.cohorts_managed_by))
register_permission_policy(
    Membership, ScopedPermissionPolicy(Membership, selectors.memberships_managed_by)
)


# Cohorts ------------------------------------------------------------------------------


class CohortForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "programme" in self.fields:
            # A cohort belongs to a programme the person runs; the list of every
            # programme would also let a coordinator open a cohort under someone else's.
            self.fields["programme"].queryset = selectors.programmes_managed_by(for_user)

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and status != self.instance.status:
            allowed = services.allowed_cohort_statuses(self.instance)
            if status not in allowed:
                raise ValidationError(
                    _("From “%(from)s” a cohort can only go to: %(to)s.")
                    % {
                        "from": self.instance.get_status_display(),
                        "to": ", ".join(str(CohortStatus(s).label) for s in allowed) or "–",
                    }
                )
        return status


def _programmes_for_filter(request):
    if request is None:
        return Programme.objects.none()
    return selectors.programmes_managed_by(request.user)


class CohortFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=_programmes_for_filter)
    status = django_filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields = ["programme", "status"]


_COHORT_CREATE_FIELDS = (
    "programme",
    "name",
    "slug",
    "starts_on",
    "ends_on",
    "countries",
    "languages",
)


class CohortSaveMixin:
    """Create and edit through ``services`` (a new cohort starts in draft and may then
    move to the chosen status through ``transition_cohort``)."""

    def save_instance(self):
        form, by = self.form, self.request.user
        if form.instance.pk is None:
            cohort = services.create_cohort(
                by=by, **{name: form.cleaned_data[name] for name in _COHORT_CREATE_FIELDS}
            )
            if form.cleaned_data["status"] != cohort.status:
                cohort = services.transition_cohort(cohort, form.cleaned_data["status"], by=by)
            return cohort
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.update_cohort(
            cohort=Cohort.objects.get(pk=form.instance.pk), by=by, **fields
        )


class CohortCreateView(CohortSaveMixin, snippets.CreateView):
    pass


class CohortEditView(CohortSaveMixin, ScopedSnippetEditView):
    pass


class CohortViewSet(ScopedSnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 100
    add_to_admin_menu = True
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    list_display = ["name", "programme", "status", "starts_on", "ends_on"]
    filterset_class = CohortFilterSet
    search_fields = ["name", "programme__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("status"),
            FieldPanel("countries"),
            FieldPanel("languages"),
        ],
        base_form_class=CohortForm,
    )


# Memberships --------------------------------------------------------------------------


class MembershipForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "cohort" in self.fields:
            self.fields["cohort"].queryset = selectors.cohorts_managed_by(for_user)
        if for_user is not None and "user" in self.fields and not for_user.is_superuser:
            # Only people already in the coordinator's cohorts: listing every account would
            # show other programmes' people. Newcomers join through the CSV import.
            self.fields["user"].queryset = selectors.people_managed_by(for_user)


def _cohorts_for_filter(request):
    if request is None:
        return Cohort.objects.none()
    return selectors.cohorts_managed_by(request.user)


class MembershipFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(queryset=_cohorts_for_filter, label=_("Cohort"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = Membership
        fields = ["cohort", "role", "country"]


class MembershipSaveMixin:
    """Add and change through ``services``: a change of person, cohort or role removes the
    old membership (``remove_member``, logged) and adds the new one."""

    def save_instance(self):
        data, by = self.form.cleaned_data, self.request.user
        if self.form.instance.pk is not None:
            old = Membership.objects.get(pk=self.form.instance.pk)
            if (old.user_id, old.cohort_id, old.role) != (
                data["user"].pk,
                data["cohort"].pk,
                data["role"],
            ):
                services.remove_member(membership=old, by=by)
        return services.add_member(
            cohort=data["cohort"],
            user=data["user"],
            role=data["role"],
            by=by,
            country=data["country"],
        )


class MembershipCreateView(MembershipSaveMixin, snippets.CreateView):
    pass


class MembershipEditView(MembershipSaveMixin, ScopedSnippetEditView):
    pass


class RemoveMemberAction(DeleteAction):
    """Deleting a membership, in its delete view or in bulk, is ``services.remove_member``
    (mentor groups tidied, the Coordinators group left, a log entry written)."""

    def _delete(self):
        services.remove_member(membership=self.instance, by=self.user)


class MembershipViewSet(ScopedSnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    menu_order = 110
    add_to_admin_menu = True
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    list_display = [
        "user",
        Column("email", accessor="user.email", label=_("E-mail")),
        "role",
        "country",
        "cohort",
    ]
    filterset_class = MembershipFilterSet
    search_fields = ["user__full_name", "user__email", "user__organisation"]
    edit_handler = ObjectList(
        [FieldPanel("cohort"), FieldPanel("user"), FieldPanel("role"), FieldPanel("country")],
        base_form_class=MembershipForm,
    )

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "cohort__programme")


# Programmes (staff only) ----------------------------------------------------------------


class ProgrammeCreateView(generic.CreateView):
    def save_instance(self):
        """The service creates the programme (staff only, logged); the same form's branding
        (logo, accent colour, signatory, names per language) is then saved onto it."""
        data = self.form.cleaned_data
        programme = services.create_programme(
            by=self.request.user,
            **{name: data[name] for name in ("name", "slug", "description", "website")},
        )
        self.form.instance.pk = programme.pk
        self.form.instance._state.adding = False
        return self.form.save()


class ProgrammeViewSet(ModelViewSet):
    """Programmes are created by staff only: coordinators hold no programme permission,
    and ``services.create_programme`` refuses anyone but staff with it."""

    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    menu_order = 90
    add_to_admin_menu = True
    add_view_class = ProgrammeCreateView
    list_display = ["name", "slug"]
    search_fields = ["name"]

    def get_form_class(self, for_update=False):
        from .branding import ProgrammeForm

        return ProgrammeForm


# People in the Wagtail admin: full name instead of first/last name ---------------------

_PEOPLE_FIELDS = ["full_name", "country", "organisation", "preferred_language"]


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    class Meta(UserCreationForm.Meta):
        fields = ["email", *_PEOPLE_FIELDS, "is_superuser", "groups"]


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    class Meta(UserEditForm.Meta):
        fields = ["email", *_PEOPLE_FIELDS, "is_active", "is_superuser", "groups"]


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm
