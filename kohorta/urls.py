from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.urls import wagtail_patterns
from cohorts import views as cohort_views
from kohorta import media

urlpatterns = [
    path("", cms_views.choose_language, name="choose_language"),
    path("sitemap.xml", cms_views.sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    # Before Wagtail's own: the news tags' suggestions are for people who edit pages.
    path(
        "admin/tag-autocomplete/cms/newstag/",
        cms_views.news_tag_autocomplete,
        name="news_tag_autocomplete",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", cohort_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dashboard/", cohort_views.dashboard, name="dashboard"),
    path("", include("cohorts.urls")),
    path("", include("curriculum.urls")),
    path("", include("grants.urls")),
    path("", include("events.urls")),
    path("", include("notifications.urls")),
    path("", include("community.urls")),
]

# Uploaded files, with the headers that keep them from running as pages (kohorta/media.py).
urlpatterns += [path("media/<path:path>", media.serve_media, name="media")]

urlpatterns += i18n_patterns(
    path("", include("cms.urls")),
    path("", include(wagtail_patterns)),
    prefix_default_language=True,
)
