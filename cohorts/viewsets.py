"""Wagtail admin for programmes, cohorts and memberships, scoped to what a person coordinates."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import selectors, services
from .enums import CohortStatus, Role
from .models import Cohort, Membership, Programme


class ScopedIndexMixin:
    scope = None

    def get_base_queryset(self):
        return type(self).scope(self.request.user) & super().get_base_queryset()


class ScopedObjectMixin:
    """404 for an object outside the person's scope, whatever the view fetches it with
    (edit and delete use ``get_queryset``, history and usage ``BaseObjectMixin``, copy
    its own lookup); the listing querysets of history and usage views stay Wagtail's."""

    scope = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not type(self).scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedChooseMixin:
    scope = None

    def get_object_list(self):
        return type(self).scope(self.request.user)


class ScopedChosenMixin:
    scope = None

    def get_object(self, pk):
        return type(self).scope(self.request.user).get(pk=pk)


class ScopedChosenMultipleMixin:
    scope = None

    def get_objects(self, pks):
        return type(self).scope(self.request.user).filter(pk__in=pks)


def _scoped(base, mixin, scope):
    return type(f"Scoped{base.__name__}", (mixin, base), {"scope": staticmethod(scope)})


def _scoped_views(viewset_cls, scope):
    """Give a viewset's index, object and chooser views the same queryset scope."""
    if getattr(viewset_cls, "index_view_class", None) is not None:
        viewset_cls.index_view_class = _scoped(
            viewset_cls.index_view_class, ScopedIndexMixin, scope
        )
    for name in (
        "edit_view_class",
        "delete_view_class",
        "history_view_class",
        "usage_view_class",
        "inspect_view_class",
        "copy_view_class",
    ):
        base = getattr(viewset_cls, name, None)
        if base is not None:
            setattr(viewset_cls, name, _scoped(base, ScopedObjectMixin, scope))
    chooser = getattr(viewset_cls, "chooser_viewset_class", None)
    if chooser is not None:
        viewset_cls.chooser_viewset_class = type(
            f"Scoped{chooser.__name__}",
            (chooser,),
            {
                "choose_view_class": _scoped(chooser.choose_view_class, ScopedChooseMixin, scope),
                "choose_results_view_class": _scoped(
                    chooser.choose_results_view_class, ScopedChooseMixin, scope
                ),
                "chosen_view_class": _scoped(chooser.chosen_view_class, ScopedChosenMixin, scope),
                "chosen_multiple_view_class": _scoped(
                    chooser.chosen_multiple_view_class, ScopedChosenMultipleMixin, scope
                ),
            },
        )
    return viewset_cls


# Cohorts ------------------------------------------------------------------------------


class CohortForm(WagtailAdminModelForm):
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


class CohortFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields = ["programme", "status"]


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 100
    add_to_admin_menu = True
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


_scoped_views(CohortViewSet, lambda user: selectors.cohorts_managed_by(user))


def _save_cohort(view):
    form = view.form
    cohort = form.instance
    if cohort.pk is None:
        data = {
            name: form.cleaned_data[name]
            for name in (
                "programme",
                "name",
                "slug",
                "starts_on",
                "ends_on",
                "countries",
                "languages",
            )
        }
        cohort = services.create_cohort(by=view.request.user, **data)
        if form.cleaned_data["status"] != cohort.status:
            cohort = services.transition_cohort(
                cohort, form.cleaned_data["status"], by=view.request.user
            )
        return cohort
    fields = {name: form.cleaned_data[name] for name in form.changed_data}
    return services.update_cohort(
        cohort=Cohort.objects.get(pk=cohort.pk), by=view.request.user, **fields
    )


CohortViewSet.add_view_class = type(
    "CohortCreateView", (CohortViewSet.add_view_class,), {"save_instance": _save_cohort}
)
CohortViewSet.edit_view_class = type(
    "CohortEditView", (CohortViewSet.edit_view_class,), {"save_instance": _save_cohort}
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


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    menu_order = 110
    add_to_admin_menu = True
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


_scoped_views(MembershipViewSet, lambda user: selectors.memberships_managed_by(user))


def _save_membership(view):
    data = view.form.cleaned_data
    user = view.request.user
    if view.form.instance.pk is not None:
        old = Membership.objects.get(pk=view.form.instance.pk)
        if (old.user_id, old.cohort_id, old.role) != (
            data["user"].pk,
            data["cohort"].pk,
            data["role"],
        ):
            services.remove_member(membership=old, by=user)
        else:
            return services.add_member(
                cohort=data["cohort"],
                user=data["user"],
                role=data["role"],
                by=user,
                country=data["country"],
            )
    return services.add_member(
        cohort=data["cohort"],
        user=data["user"],
        role=data["role"],
        by=user,
        country=data["country"],
    )


def _delete_membership(view):
    services.remove_member(membership=view.object, by=view.request.user)


MembershipViewSet.add_view_class = type(
    "MembershipCreateView", (MembershipViewSet.add_view_class,), {"save_instance": _save_membership}
)
MembershipViewSet.edit_view_class = type(
    "MembershipEditView", (MembershipViewSet.edit_view_class,), {"save_instance": _save_membership}
)
MembershipViewSet.delete_view_class = type(
    "MembershipDeleteView",
    (MembershipViewSet.delete_view_class,),
    {"delete_action": _delete_membership},
)


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    menu_order = 90
    add_to_admin_menu = True
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
