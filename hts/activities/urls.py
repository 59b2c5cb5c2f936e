from django.urls import path

from hts.activities import views, views_exports, views_plans, views_quota_export, views_quota_rules

urlpatterns = [
    path("studio/<uuid:studio_uid>/", views.activity_list, name="activities-list"),
    path("studio/<uuid:studio_uid>/new/", views.activity_create, name="activities-create"),
    path("hours/", views.my_transcript, name="activities-transcript"),
    path("quotas/", views.quota_matrix, name="activities-quota-matrix"),
    path("quotas/export/", views_quota_export.quota_matrix_export, name="activities-quota-matrix-export"),
    path("studio/<uuid:studio_uid>/quotas/", views.studio_quotas, name="activities-studio-quotas"),
    path("studio/<uuid:studio_uid>/calendar/", views.studio_calendar, name="activities-studio-calendar"),
    path("<uuid:uid>/", views.activity_detail, name="activities-detail"),
    path("<uuid:uid>/edit/", views.activity_edit, name="activities-edit"),
    path("<uuid:uid>/attendance/", views.attendance_mark, name="activities-mark"),
    path("<uuid:uid>/screen/", views.checkin_screen, name="activities-screen"),
    path("<uuid:uid>/checkin/", views.checkin_view, name="activities-checkin"),
    path("<uuid:uid>/attachments/", views.attachment_upload, name="activities-attachment-upload"),
    path("<uuid:uid>/attachments/<uuid:attachment_uid>/", views.attachment_download, name="activities-attachment"),
    *views_exports.urlpatterns,
    *views_plans.urlpatterns,
    *views_quota_rules.urlpatterns,
]
