from django.urls import include, path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation"),
    path("", include("cohorts.urls_intake")),
]
