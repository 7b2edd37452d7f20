from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "country", "website"]
    list_filter = ["locale"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 210


register_snippet(OrganisationViewSet)
