from django.urls import path

from hts.activities import views

urlpatterns = [
    path("studio/<uuid:studio_uid>/", views.activity_list, name="activities-list"),
    path("studio/<uuid:studio_uid>/new/", views.activity_create, name="activities-create"),
    path("hours/", views.my_transcript, name="activities-transcript"),
    path("<uuid:uid>/", views.activity_detail, name="activities-detail"),
    path("<uuid:uid>/attendance/", views.attendance_mark, name="activities-mark"),
    path("<uuid:uid>/screen/", views.checkin_screen, name="activities-screen"),
    path("<uuid:uid>/checkin/", views.checkin_view, name="activities-checkin"),
]
