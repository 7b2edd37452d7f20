from django.urls import include, path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.profile_export, name="profile_export"),
    path("profile/delete/", views.profile_delete, name="profile_delete"),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation"),
    path("", include("cohorts.intake.urls")),
]
