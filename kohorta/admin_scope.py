"""One scope per model for every Wagtail admin view of it, bulk actions included.

A model that coordinators reach in the admin registers a ``ScopedPermissionPolicy``
(``register_permission_policy(Model, ScopedPermissionPolicy(Model, scope))``): the model
permission from the person's groups AND the instance inside ``scope(user)``, e.g. the
memberships of the cohorts they coordinate. Wagtail asks the policy which instances a
person may act on and whether they may act on one instance; the views below ask it too,
so index, inspect, edit, delete, copy, history, usage, the chooser and the bulk delete all
see the same objects, and an id outside the scope answers 404.

Deleting goes through the delete action Wagtail's action registry holds for the model
(``register_actions`` hook): an app registers one that calls its service where a service
must run (``cohorts.services.remove_member`` for memberships), and the single delete view
and the bulk delete both run it. A service's ``ValidationError`` (a frozen rubric) is shown
as a message, never a 500.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.actions import action_registry
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.views.pages import bulk_actions as page_bulk_actions
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents.views import bulk_actions as document_bulk_actions
from wagtail.images.views import bulk_actions as image_bulk_actions
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets

#: Every action Wagtail's admin asks about; an object is visible to someone who may do
#: any of them to it. The view itself then checks the one action it performs.
ANY_ACTION = ("add", "change", "delete", "view")


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """The model permission (groups, as Wagtail's ``ModelPermissionPolicy``) AND the
    instance inside ``scope(user)``, a queryset of what the person may reach at all."""

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.pk is None:
            return self.user_has_any_permission(user, actions)
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )


def _clean_pk(model, value):
    """The primary key from a URL, or 404 when it is not one (never a 500)."""
    try:
        return model._meta.pk.to_python(unquote(str(value)))
    except (TypeError, ValueError, ValidationError) as error:
        raise Http404 from error


# Views -----------------------------------------------------------------------------------


class ScopedMixin:
    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(getattr(self, "model_class", None) or self.model)

    def scoped_queryset(self, actions=ANY_ACTION):
        """The instances the policy lets this person reach."""
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, actions
        )


class ScopedIndexMixin(ScopedMixin):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=self.scoped_queryset().values("pk"))


class ScopedSingleObjectMixin(ScopedMixin):
    """Edit and delete views: Django's ``SingleObjectMixin`` looks in ``get_queryset``."""

    def get_queryset(self):
        return self.scoped_queryset()


class ScopedBaseObjectMixin(ScopedMixin):
    """History and usage views: Wagtail's ``BaseObjectMixin`` looks in this queryset."""

    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedLookupMixin(ScopedMixin):
    """Inspect and copy views, which look the object up by primary key themselves."""

    def get_object(self, queryset=None):
        pk = _clean_pk(self.model, self.kwargs[self.pk_url_kwarg])
        return get_object_or_404(self.scoped_queryset(), pk=pk)


class RefusableDeleteMixin:
    """A delete the domain refuses (``get_refusal()`` before anything is shown, or a
    ``ValidationError`` from the delete action) is a message on the edit page, not a 500.
    The view's permission check (in ``dispatch``) comes first."""

    def get_refusal(self):
        """A message saying why this object cannot be deleted now, or ``None``."""
        return None

    def refuse(self, message):
        messages.error(self.request, message)
        return redirect(reverse(self.edit_url_name, args=[quote(self.object.pk)]))

    def get(self, request, *args, **kwargs):
        if (message := self.get_refusal()) is not None:
            return self.refuse(message)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if (message := self.get_refusal()) is not None:
            return self.refuse(message)
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            return self.refuse(" ".join(error.messages))


class ScopedSnippetIndexView(ScopedIndexMixin, snippets.IndexView):
    pass


class ScopedSnippetEditView(ScopedSingleObjectMixin, snippets.EditView):
    pass


class ScopedSnippetDeleteView(RefusableDeleteMixin, ScopedSingleObjectMixin, snippets.DeleteView):
    pass


class ScopedSnippetHistoryView(ScopedBaseObjectMixin, snippets.HistoryView):
    pass


class ScopedSnippetUsageView(ScopedBaseObjectMixin, snippets.UsageView):
    pass


class ScopedSnippetInspectView(ScopedLookupMixin, snippets.InspectView):
    pass


class ScopedSnippetCopyView(ScopedLookupMixin, snippets.CopyView):
    pass


class ScopedChooseMixin(ScopedMixin):
    def get_object_list(self):
        return self.scoped_queryset()


class ScopedChooseView(ScopedChooseMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(ScopedMixin, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.scoped_queryset().get(pk=_clean_pk(self.model_class, pk))


class ScopedChosenMultipleView(ScopedMixin, snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.scoped_queryset().filter(pk__in=[_clean_pk(self.model_class, pk) for pk in pks])


class ScopedChooserCreateView(snippet_chooser.SnippetCreateView):
    """Kohorta's snippets have no creation form in the chooser: writes go through the
    admin's add views and their services; posting here answers 404, not a 500."""

    def post(self, request):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().post(request)


class ScopedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedChooserCreateView


class ScopedSnippetViewSet(snippets.SnippetViewSet):
    """A snippet viewset whose every view takes its objects from the model's registered
    permission policy (a ``ScopedPermissionPolicy``)."""

    index_view_class = ScopedSnippetIndexView
    edit_view_class = ScopedSnippetEditView
    delete_view_class = ScopedSnippetDeleteView
    history_view_class = ScopedSnippetHistoryView
    usage_view_class = ScopedSnippetUsageView
    inspect_view_class = ScopedSnippetInspectView
    copy_view_class = ScopedSnippetCopyView
    chooser_viewset_class = ScopedSnippetChooserViewSet


class ScopedIndexView(ScopedIndexMixin, generic.IndexView):
    pass


class ScopedEditView(ScopedSingleObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(RefusableDeleteMixin, ScopedSingleObjectMixin, generic.DeleteView):
    pass


class ScopedHistoryView(ScopedBaseObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedBaseObjectMixin, UsageView):
    pass


class ScopedInspectView(ScopedLookupMixin, generic.InspectView):
    pass


class ScopedCopyView(ScopedLookupMixin, generic.CopyView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """``ScopedSnippetViewSet`` for models registered with ``register_admin_viewset``."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    copy_view_class = ScopedCopyView


# Bulk actions ----------------------------------------------------------------------------


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's snippet bulk delete, for every snippet model, scoped by the policy.

    Registered after Wagtail's (``order=1``), so it replaces it. The objects are those the
    policy lets the person delete: an id outside that answers 404 (Wagtail's lists "items
    with no access" by name). Each object is deleted through the model's registered delete
    action, so a service that must run (and log) does.
    """

    @cached_property
    def _actionable_objects(self):
        ids = self.request.GET.getlist("id")
        allowed = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "delete"
        )
        if "all" in ids:
            objects = list(allowed)
        else:
            pks = {_clean_pk(self.model, pk) for pk in ids}
            objects = list(allowed.filter(pk__in=pks))
            if len(objects) != len(pks):
                raise Http404
        if not objects:
            raise Http404
        return objects, {"items_with_no_access": []}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        for obj in objects:
            action_class = action_registry.get_action_class(type(obj), "delete")
            action_class(obj, user=view.request.user).execute()
        return len(objects), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.next_url)


class NoAccessIs404Mixin:
    """Wagtail's page, image and document bulk actions list the items a person may not
    act on by title ("items with no access"), to anyone with admin access: any id outside
    what the person may act on answers 404 instead, as for snippets."""

    @classmethod
    def get_queryset(cls, model, object_ids):
        return super().get_queryset(model, [_clean_pk(model, pk) for pk in object_ids])

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        if extra.get("items_with_no_access") or not objects:
            raise Http404
        return objects, extra


class PageDeleteBulkAction(NoAccessIs404Mixin, page_bulk_actions.DeleteBulkAction):
    pass


class PageMoveBulkAction(NoAccessIs404Mixin, page_bulk_actions.MoveBulkAction):
    pass


class PagePublishBulkAction(NoAccessIs404Mixin, page_bulk_actions.PublishBulkAction):
    pass


class PageUnpublishBulkAction(NoAccessIs404Mixin, page_bulk_actions.UnpublishBulkAction):
    pass


class ImageDeleteBulkAction(NoAccessIs404Mixin, image_bulk_actions.DeleteBulkAction):
    pass


class ImageAddTagsBulkAction(NoAccessIs404Mixin, image_bulk_actions.AddTagsBulkAction):
    pass


class ImageAddToCollectionBulkAction(
    NoAccessIs404Mixin, image_bulk_actions.AddToCollectionBulkAction
):
    pass


class DocumentDeleteBulkAction(NoAccessIs404Mixin, document_bulk_actions.DeleteBulkAction):
    pass


class DocumentAddTagsBulkAction(NoAccessIs404Mixin, document_bulk_actions.AddTagsBulkAction):
    pass


class DocumentAddToCollectionBulkAction(
    NoAccessIs404Mixin, document_bulk_actions.AddToCollectionBulkAction
):
    pass


#: Registered with hook ``order=1`` so that each replaces Wagtail's own (order 0).
BULK_ACTIONS = (
    ScopedDeleteBulkAction,
    PageDeleteBulkAction,
    PageMoveBulkAction,
    PagePublishBulkAction,
    PageUnpublishBulkAction,
    ImageDeleteBulkAction,
    ImageAddTagsBulkAction,
    ImageAddToCollectionBulkAction,
    DocumentDeleteBulkAction,
    DocumentAddTagsBulkAction,
    DocumentAddToCollectionBulkAction,
)
