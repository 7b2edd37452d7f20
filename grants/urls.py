from django.urls import path

from kohorta import converters  # noqa: F401  (registers <id:...>)

from .views import applicant, coordinator, jury, public, setup

app_name = "grants"

urlpatterns = [
    path("grants/funded/<slug:slug>/", public.funded_projects, name="funded"),
    path("grants/calls/<id:pk>/", applicant.call_detail, name="call"),
    path("grants/calls/<id:pk>/start/", applicant.proposal_start, name="proposal_start"),
    path("grants/calls/<id:pk>/jury/", jury.jury_home, name="jury"),
    path("grants/calls/<id:pk>/jury/conflicts/", jury.jury_conflicts, name="jury_conflicts"),
    path("grants/cohorts/<id:cohort_pk>/calls/new/", setup.call_new, name="call_new"),
    path("grants/calls/<id:pk>/settings/", setup.call_settings, name="call_settings"),
    path("grants/calls/<id:pk>/progress/", coordinator.progress, name="progress"),
    path(
        "grants/calls/<id:pk>/decisions/preview/",
        coordinator.decision_preview,
        name="decision_preview",
    ),
    path("grants/calls/<id:pk>/manage/", coordinator.manage, name="manage"),
    path(
        "grants/calls/<id:pk>/manage/start-review/", coordinator.start_review, name="start_review"
    ),
    path("grants/calls/<id:pk>/assignments/", coordinator.assignments, name="assignments"),
    path("grants/calls/<id:pk>/ranking/", coordinator.ranking, name="ranking"),
    path("grants/calls/<id:pk>/ranking.csv", coordinator.ranking_export, name="ranking_csv"),
    path(
        "grants/calls/<id:pk>/ranking.xlsx",
        coordinator.ranking_export,
        {"fmt": "xlsx"},
        name="ranking_xlsx",
    ),
    path("grants/calls/<id:pk>/dossier/", coordinator.dossier_request, name="dossier_request"),
    path("grants/dossiers/<id:pk>/", coordinator.dossier_download, name="dossier"),
    path("grants/calls/<id:pk>/decisions/", coordinator.decisions, name="decisions"),
    path("grants/proposals/<id:pk>/", applicant.proposal_detail, name="proposal"),
    path("grants/proposals/<id:pk>/edit/", applicant.proposal_edit, name="proposal_edit"),
    path(
        "grants/proposals/<id:pk>/transition/",
        applicant.proposal_transition,
        name="proposal_transition",
    ),
    path("grants/proposals/<id:pk>/messages/", applicant.proposal_message, name="messages"),
    path("grants/proposals/<id:pk>/revisions/", applicant.proposal_revisions, name="revisions"),
    path("grants/proposals/<id:pk>/attachments/", applicant.attachment_add, name="attachment_add"),
    path("grants/proposals/<id:pk>/conflict/", applicant.declare_conflict, name="declare_conflict"),
    path("grants/proposals/<id:pk>/review/", jury.review, name="review"),
    path("grants/proposals/<id:pk>/letter.pdf", coordinator.letter, name="letter"),
    path("grants/attachments/<id:pk>/", applicant.attachment_download, name="attachment"),
    path(
        "grants/attachments/<id:pk>/remove/", applicant.attachment_remove, name="attachment_remove"
    ),
    path("grants/awards/<id:pk>/", coordinator.award, name="award"),
    path("grants/report-files/<id:pk>/", coordinator.report_file, name="report_file"),
]
