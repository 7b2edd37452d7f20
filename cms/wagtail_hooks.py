import functools

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsTag, Organisation

ORGANISATION_PERMISSIONS = tuple(
    f"cms.{action}_organisation" for action in ("add", "change", "delete")
)
NEWS_TAG_PERMISSIONS = tuple(f"cms.{action}_newstag" for action in ("add", "change", "delete"))


def _editors_only(view, permissions):
    """Wagtail's choosers answer anyone with admin access; a snippet's chooser is for the
    people who may manage that snippet (staff and editors), like the rest of its admin."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not any(request.user.has_perm(perm) for perm in permissions):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapped


class OrganisationChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        return _editors_only(view, ORGANISATION_PERMISSIONS)


class NewsTagChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return _editors_only(super().construct_view(view_class, **kwargs), NEWS_TAG_PERMISSIONS)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "country", "website"]
    list_filter = ["locale"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 210
    chooser_viewset_class = OrganisationChooserViewSet


register_snippet(OrganisationViewSet)


class NewsTagViewSet(SnippetViewSet):
    """News tags; editors translate a tag's name with wagtail-localize's "Translate"."""

    model = NewsTag
    icon = "tag"
    menu_label = _("News tags")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 211
    chooser_viewset_class = NewsTagChooserViewSet


register_snippet(NewsTagViewSet)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page_to_move, destination):
    """Wagtail's move confirmation checks no permission on GET: it would show any page's
    title and place to anyone with admin access. The move needs the permission first."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("construct_page_chooser_queryset")
def live_pages_only_for_non_editors(pages, request):
    """The page chooser answers anyone with admin access (coordinators choose a course for
    a course run): people who may edit no page see only live pages, never drafts."""
    from .selectors import edits_pages

    return pages if edits_pages(request.user) else pages.live()


@hooks.register("register_admin_urls")
def register_slug_url():
    from django.urls import path

    from .views import slugify_title

    return [path("kohorta/slug/", slugify_title, name="kohorta_slug")]


@hooks.register("insert_editor_js")
def slug_from_server():
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" data-slug-url="{}" defer></script>',
        static("cms/slug.js"),
        reverse("kohorta_slug"),
    )
