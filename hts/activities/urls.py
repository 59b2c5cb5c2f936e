from django.urls import include, path

from hts.activities import views, views_exports

urlpatterns = [
    path("studio/<uuid:studio_uid>/", views.activity_list, name="activities-list"),
    path("studio/<uuid:studio_uid>/new/", views.activity_create, name="activities-create"),
    path("hours/", views.my_transcript, name="activities-transcript"),
    path("studio/<uuid:studio_uid>/calendar/", views.studio_calendar, name="activities-studio-calendar"),
    path("<uuid:uid>/", views.activity_detail, name="activities-detail"),
    path("<uuid:uid>/edit/", views.activity_edit, name="activities-edit"),
    path("<uuid:uid>/attendance/", views.attendance_mark, name="activities-mark"),
    path("<uuid:uid>/screen/", views.checkin_screen, name="activities-screen"),
    path("<uuid:uid>/checkin/", views.checkin_view, name="activities-checkin"),
    path("<uuid:uid>/attachments/", views.attachment_upload, name="activities-attachment-upload"),
    path("<uuid:uid>/attachments/<uuid:attachment_uid>/", views.attachment_download, name="activities-attachment"),
    *views_exports.urlpatterns,
    path("", include("hts.activities.plans.urls")),
    path("", include("hts.activities.quotas.urls")),
]
