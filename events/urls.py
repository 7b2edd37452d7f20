from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("meetings/manage/", views.manage_list, name="manage_list"),
    path("meetings/<int:meeting_id>/register/", views.register, name="register"),
    path(
        "meetings/<int:meeting_id>/register/cancel/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path("meetings/<int:meeting_id>/my-agenda/", views.my_agenda, name="my_agenda"),
    path("meetings/<int:meeting_id>/tracks-<int:number>.css", views.tracks_css, name="tracks_css"),
    path("meetings/<int:meeting_id>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("meetings/<int:meeting_id>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("meetings/<int:meeting_id>/manage/", views.manage_meeting, name="manage"),
    path(
        "meetings/<int:meeting_id>/manage/registrations/",
        views.manage_registrations,
        name="registrations",
    ),
    path(
        "meetings/<int:meeting_id>/manage/registrations.csv",
        views.registrations_csv,
        name="registrations_csv",
    ),
    path(
        "meetings/<int:meeting_id>/manage/registrations/<int:registration_id>/cancel/",
        views.manage_cancel_registration,
        name="manage_cancel_registration",
    ),
    path("meetings/<int:meeting_id>/participants/", views.participants, name="participants"),
    path("meetings/<int:meeting_id>/manage/badges.pdf", views.badges_pdf, name="badges"),
    path("meetings/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("meetings/sessions/<int:session_id>/session.ics", views.session_ics, name="session_ics"),
    path("meetings/sessions/<int:session_id>/signup/", views.sign_up, name="signup"),
    path(
        "meetings/sessions/<int:session_id>/signup/cancel/",
        views.cancel_signup,
        name="cancel_signup",
    ),
    path("meetings/sessions/<int:session_id>/star/", views.star, name="star"),
    path("meetings/calendar/<str:token>.ics", views.personal_ics, name="personal_ics"),
]
