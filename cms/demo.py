"""Demo content for the public site: a home page per language tree."""

from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from .models import HomePage


def seed(*, rng, scale, stdout, context):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Kohorta",
                slug="home-en",
                locale=locale,
                intro=_(
                    "Cohort programmes for library networks: training, mentoring, grants and meetings."
                ),
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kohorta"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Kohorta"
        site.save()
        if (
            old_root.specific_class is Page
            and old_root.depth == 2
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    context["home_pages"] = {"en": home}
