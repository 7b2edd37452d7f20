from django.urls import path

from kohorta import converters  # noqa: F401  (registers <id:...>)

from . import views

app_name = "curriculum"

urlpatterns = [
    path("learn/", views.home, name="home"),
    path(
        "learn/<id:pk>/lessons/<uuid:lesson_key>/progress/",
        views.lesson_progress,
        name="lesson_progress",
    ),
    path("learn/<id:pk>/lessons/<uuid:lesson_key>/quiz/", views.lesson_quiz, name="lesson_quiz"),
    path(
        "learn/<id:pk>/modules/<uuid:module_key>/reflection/",
        views.my_reflection,
        name="my_reflection",
    ),
    path("learn/reflections/<id:pk>/", views.reflection_detail, name="reflection"),
    path("learn/files/<id:version_id>/", views.reflection_file, name="reflection_file"),
    path("learn/<id:pk>/mentees/", views.mentor_dashboard, name="mentor_dashboard"),
    path("learn/<id:pk>/country/", views.country_dashboard, name="country_dashboard"),
    path("learn/<id:pk>/overview/", views.cohort_dashboard, name="cohort_dashboard"),
    path("learn/<id:pk>/overview.csv", views.cohort_export, name="cohort_csv"),
    path("learn/<id:pk>/overview.xlsx", views.cohort_export, {"fmt": "xlsx"}, name="cohort_xlsx"),
    path("learn/<id:pk>/people/<id:user_id>/", views.person_progress, name="person_progress"),
    path(
        "learn/<id:pk>/people/<id:user_id>/certificate/",
        views.issue_certificate,
        name="issue_certificate",
    ),
    path("learn/<id:pk>/certificates/", views.bulk_certificates, name="bulk_certificates"),
    path("learn/certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "learn/certificates/<str:code>/revoke/",
        views.revoke_certificate,
        name="revoke_certificate",
    ),
    path(
        "learn/certificates/<str:code>/reissue/",
        views.reissue_certificate,
        name="reissue_certificate",
    ),
    path("learn/certificates/<str:code>.json", views.certificate_json, name="certificate_json"),
    path("learn/certificates/<str:code>.jwt", views.certificate_jwt, name="certificate_jwt"),
    path("learn/certificates/<str:code>.png", views.certificate_badge, name="certificate_badge"),
    path("verify/", views.verify_index, name="verify_index"),
    path("verify/<str:code>/", views.verify_certificate, name="verify"),
    # Open Badges 3.0: stable public addresses verifiers fetch.
    path("credentials/issuer/", views.ob_issuer, name="ob_issuer"),
    path("credentials/keys.json", views.ob_keys, name="ob_keys"),
    path("credentials/status/", views.ob_status, name="ob_status"),
    path("credentials/achievements/<id:pk>/", views.ob_achievement, name="ob_achievement"),
]
