"""Calls and applications (/apply/...) and coordinators' intake pages (/cohorts/<id>/...).

Included from ``cohorts/urls.py``, so the names live in the ``cohorts`` namespace.
"""

from django.urls import path

from kohorta import converters  # noqa: F401  (registers <id:...>)

from . import views

urlpatterns = [
    path("apply/", views.call_list, name="calls"),
    path("apply/<id:cohort_id>/", views.call_detail, name="call_detail"),
    path("apply/<id:cohort_id>/form/", views.application_form, name="apply"),
    path("apply/<id:cohort_id>/withdraw/", views.application_withdraw, name="withdraw"),
    path("cohorts/", views.manage, name="manage"),
    path("cohorts/<id:cohort_id>/call/", views.call_settings, name="call_settings"),
    path("cohorts/<id:cohort_id>/applications/", views.application_list, name="applications"),
    path(
        "cohorts/<id:cohort_id>/applications/bulk/",
        views.applications_bulk,
        name="applications_bulk",
    ),
    path(
        "cohorts/<id:cohort_id>/applications.csv",
        views.applications_export,
        name="applications_csv",
    ),
    path(
        "cohorts/<id:cohort_id>/applications.xlsx",
        views.applications_export,
        {"fmt": "xlsx"},
        name="applications_xlsx",
    ),
    path(
        "cohorts/<id:cohort_id>/applications/<id:pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "cohorts/<id:cohort_id>/applications/<id:pk>/review/",
        views.application_review,
        name="application_review",
    ),
    path(
        "cohorts/<id:cohort_id>/applications/<id:pk>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("cohorts/<id:cohort_id>/applications/cap/", views.apply_cap, name="apply_cap"),
    path(
        "cohorts/<id:cohort_id>/applications/send-decisions/",
        views.send_decisions,
        name="send_decisions",
    ),
    path("cohorts/<id:cohort_id>/applications/duplicates/", views.duplicates, name="duplicates"),
    path("cohorts/<id:cohort_id>/matching/", views.matching_home, name="matching"),
    path(
        "cohorts/<id:cohort_id>/matching/compare/", views.matching_compare, name="matching_compare"
    ),
    path("cohorts/<id:cohort_id>/matching/<id:run_id>/", views.matching_run, name="matching_run"),
    path(
        "cohorts/<id:cohort_id>/matching/jobs/<id:job_id>/",
        views.matching_job,
        name="matching_job",
    ),
    path("cohorts/<id:cohort_id>/mentor-groups/", views.mentor_groups, name="mentor_groups"),
    path("cohorts/<id:cohort_id>/topics/", views.topic_list, name="topics"),
]
