from django.urls import path

from kohorta import converters  # noqa: F401  (registers <id:...>)

from . import views

app_name = "events"

urlpatterns = [
    path("meetings/manage/", views.manage_list, name="manage_list"),
    path("meetings/<id:meeting_id>/register/", views.register, name="register"),
    path(
        "meetings/<id:meeting_id>/register/cancel/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path(
        "meetings/<id:meeting_id>/register/offer/",
        views.registration_offer,
        name="registration_offer",
    ),
    path("meetings/<id:meeting_id>/my-agenda/", views.my_agenda, name="my_agenda"),
    path("meetings/<id:meeting_id>/changes/", views.changelog, name="changelog"),
    path("meetings/<id:meeting_id>/tracks-<id:number>.css", views.tracks_css, name="tracks_css"),
    path("meetings/<id:meeting_id>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("meetings/<id:meeting_id>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("meetings/<id:meeting_id>/manage/", views.manage_meeting, name="manage"),
    path(
        "meetings/<id:meeting_id>/manage/registrations/",
        views.manage_registrations,
        name="registrations",
    ),
    path(
        "meetings/<id:meeting_id>/manage/registrations.csv",
        views.registrations_export,
        name="registrations_csv",
    ),
    path(
        "meetings/<id:meeting_id>/manage/registrations.xlsx",
        views.registrations_export,
        {"fmt": "xlsx"},
        name="registrations_xlsx",
    ),
    path(
        "meetings/<id:meeting_id>/manage/registrations/<id:registration_id>/cancel/",
        views.manage_cancel_registration,
        name="manage_cancel_registration",
    ),
    path(
        "meetings/<id:meeting_id>/manage/registrations/<id:registration_id>/check-in/",
        views.check_in,
        name="check_in",
    ),
    path(
        "meetings/<id:meeting_id>/manage/check-in-<str:day>.pdf",
        views.check_in_list_pdf,
        name="check_in_list_pdf",
    ),
    path(
        "meetings/<id:meeting_id>/manage/check-in-<str:day>.csv",
        views.check_in_list_export,
        name="check_in_list_csv",
    ),
    path(
        "meetings/<id:meeting_id>/manage/check-in-<str:day>.xlsx",
        views.check_in_list_export,
        {"fmt": "xlsx"},
        name="check_in_list_xlsx",
    ),
    path("meetings/<id:meeting_id>/participants/", views.participants, name="participants"),
    path("meetings/speakers/<id:speaker_id>/", views.speaker, name="speaker"),
    path("meetings/<id:meeting_id>/manage/badges.pdf", views.badges_pdf, name="badges"),
    path("meetings/sessions/<id:session_id>/", views.session_detail, name="session"),
    path("meetings/sessions/<id:session_id>/session.ics", views.session_ics, name="session_ics"),
    path("meetings/sessions/<id:session_id>/signup/", views.sign_up, name="signup"),
    path(
        "meetings/sessions/<id:session_id>/signup/cancel/",
        views.cancel_signup,
        name="cancel_signup",
    ),
    path(
        "meetings/sessions/<id:session_id>/signup/offer/", views.signup_offer, name="signup_offer"
    ),
    path("meetings/sessions/<id:session_id>/star/", views.star, name="star"),
    path("meetings/calendar/<str:token>.ics", views.personal_ics, name="personal_ics"),
]
