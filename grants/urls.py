from django.urls import path

from .views import applicant, coordinator, jury, public

app_name = "grants"

urlpatterns = [
    path("grants/funded/<slug:slug>/", public.funded_projects, name="funded"),
    path("grants/calls/<int:pk>/", applicant.call_detail, name="call"),
    path("grants/calls/<int:pk>/start/", applicant.proposal_start, name="proposal_start"),
    path("grants/calls/<int:pk>/jury/", jury.jury_home, name="jury"),
    path("grants/calls/<int:pk>/jury/conflicts/", jury.jury_conflicts, name="jury_conflicts"),
    path("grants/calls/<int:pk>/manage/", coordinator.manage, name="manage"),
    path(
        "grants/calls/<int:pk>/manage/start-review/", coordinator.start_review, name="start_review"
    ),
    path("grants/calls/<int:pk>/assignments/", coordinator.assignments, name="assignments"),
    path("grants/calls/<int:pk>/ranking/", coordinator.ranking, name="ranking"),
    path("grants/calls/<int:pk>/ranking.csv", coordinator.ranking_csv, name="ranking_csv"),
    path("grants/calls/<int:pk>/dossier/", coordinator.dossier_request, name="dossier_request"),
    path("grants/dossiers/<int:pk>/", coordinator.dossier_download, name="dossier"),
    path("grants/calls/<int:pk>/decisions/", coordinator.decisions, name="decisions"),
    path("grants/proposals/<int:pk>/", applicant.proposal_detail, name="proposal"),
    path("grants/proposals/<int:pk>/edit/", applicant.proposal_edit, name="proposal_edit"),
    path(
        "grants/proposals/<int:pk>/transition/",
        applicant.proposal_transition,
        name="proposal_transition",
    ),
    path("grants/proposals/<int:pk>/revisions/", applicant.proposal_revisions, name="revisions"),
    path("grants/proposals/<int:pk>/attachments/", applicant.attachment_add, name="attachment_add"),
    path(
        "grants/proposals/<int:pk>/conflict/", applicant.declare_conflict, name="declare_conflict"
    ),
    path("grants/proposals/<int:pk>/review/", jury.review, name="review"),
    path("grants/proposals/<int:pk>/letter.pdf", coordinator.letter, name="letter"),
    path("grants/attachments/<int:pk>/", applicant.attachment_download, name="attachment"),
    path(
        "grants/attachments/<int:pk>/remove/", applicant.attachment_remove, name="attachment_remove"
    ),
    path("grants/awards/<int:pk>/", coordinator.award, name="award"),
    path("grants/report-files/<int:pk>/", coordinator.report_file, name="report_file"),
]
