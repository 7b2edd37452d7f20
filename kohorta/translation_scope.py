"""wagtail-localize's views, inside the scopes of ``kohorta.admin_scope``.

Coordinators translate their cohort's content (criteria, call questions, discussion
topics, sessions...) with wagtail-localize's "Translate": their group holds
``wagtail_localize.submit_translation``. wagtail-localize's own views find the object by id
and check only that permission, or the model-level "change" permission: they would let the
coordinator of one cohort translate, sync or edit the strings of another cohort's objects,
or translate any page. ``ScopedTranslationMiddleware`` puts every one of those views behind
the same question Kohorta's admin views ask: the model's registered permission policy
(a ``ScopedPermissionPolicy``) must allow "change" on the object (for a translation, on its
source object); a page needs the page's own edit permission. Anything else answers 404.
Superusers are not limited.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from wagtail.models import Page
from wagtail.permissions import policy_registry

#: wagtail-localize's URL names whose object the middleware checks, by what names it.
SNIPPET_VIEWS = {"submit_snippet_translation"}
PAGE_VIEWS = {"submit_page_translation", "convert_to_alias"}
SOURCE_VIEWS = {"update_translations"}
TRANSLATION_VIEWS = {
    "edit_string_translation",
    "edit_override",
    "download_pofile",
    "upload_pofile",
    "machine_translate",
    "preview_translation",
    "stop_translation",
}


def user_may_translate(user, obj):
    """May ``user`` translate ``obj`` (a snippet or model instance, or a page)?"""
    if user.is_superuser:
        return True
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    try:
        policy = policy_registry.get_by_type(type(obj))
    except LookupError:
        policy = None
    if policy is not None:
        return policy.user_has_permission_for_instance(user, "change", obj)
    meta = obj._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def _target(name, kwargs):
    """The object the wagtail-localize view ``name`` acts on, or None when there is none."""
    from wagtail_localize.models import Translation, TranslationSource

    try:
        if name in SNIPPET_VIEWS:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
            return model._default_manager.filter(pk=kwargs["pk"]).first()
        if name in PAGE_VIEWS:
            return Page.objects.filter(pk=kwargs["page_id"]).first()
        if name in SOURCE_VIEWS:
            source = TranslationSource.objects.filter(pk=kwargs["translation_source_id"]).first()
            return source.get_source_instance() if source else None
        if name in TRANSLATION_VIEWS:
            translation = (
                Translation.objects.select_related("source")
                .filter(pk=kwargs["translation_id"])
                .first()
            )
            return translation.source.get_source_instance() if translation else None
    except (LookupError, ValueError, TypeError, ValidationError, ObjectDoesNotExist):
        # No such model, a malformed id, or the translation's source object is gone.
        raise Http404 from None
    return None


class ScopedTranslationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "wagtail_localize" not in match.namespaces:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        name = match.url_name
        if name not in SNIPPET_VIEWS | PAGE_VIEWS | SOURCE_VIEWS | TRANSLATION_VIEWS:
            return None
        obj = _target(name, view_kwargs)
        if obj is None or not user_may_translate(user, obj):
            raise Http404
        return None
