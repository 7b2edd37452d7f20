from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/", views.home, name="home"),
    path("community/reports/", views.reports, name="reports"),
    path("community/cohorts/<int:cohort_id>/", views.space, name="space"),
    path(
        "community/cohorts/<int:cohort_id>/lessons/<uuid:lesson_key>/",
        views.lesson_thread,
        name="lesson_thread",
    ),
    path("community/threads/<int:pk>/", views.thread, name="thread"),
    path("community/threads/<int:pk>/follow/", views.follow, name="follow"),
    path("community/threads/<int:pk>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("community/posts/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("community/posts/<int:pk>/remove/", views.remove_post, name="remove_post"),
    path("community/posts/<int:pk>/report/", views.report_post, name="report_post"),
    path("community/posts/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
    path("community/posts/<int:pk>/move/", views.move_post, name="move_post"),
    path("community/posts/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/message/", views.contact, name="contact"),
]
