from django.urls import path

from hts.classwork import (
    leftbehind_views,
    views,
    views_contacts,
    views_entries,
    views_handbook,
    views_retention,
)

urlpatterns = [
    path("", views.class_list, name="classwork-classes"),
    path("class/<uuid:uid>/", views.class_log, name="classwork-log"),
    path("class/<uuid:uid>/new/<str:kind>/", views.entry_new, name="classwork-entry-new"),
    path("class/<uuid:uid>/pupils/", views.pupil_list, name="classwork-pupils"),
    path("class/<uuid:uid>/pupils/import/", views.pupil_import, name="classwork-pupil-import"),
    path("class/<uuid:uid>/pupils/template/", views.pupil_template, name="classwork-pupil-template"),
    path("photo/<uuid:uid>/", views.photo, name="classwork-photo"),
    path("policy/", views.policy_home, name="classwork-policy-home"),
    path("policy/<uuid:region_uid>/", views.policy_edit, name="classwork-policy"),
    # The semester's 班主任工作手册 (issue 15 point 5).
    path("class/<uuid:uid>/handbook/", views_handbook.handbook_export, name="classwork-handbook-export"),
    # Left-behind children's files (issue 15 point 3).
    path("class/<uuid:uid>/leftbehind/", leftbehind_views.file_list, name="classwork-leftbehind"),
    path("class/<uuid:uid>/leftbehind/new/", leftbehind_views.file_new, name="classwork-leftbehind-new"),
    path("class/<uuid:uid>/leftbehind/export/", leftbehind_views.file_export, name="classwork-leftbehind-export"),
    path("leftbehind/<uuid:uid>/", leftbehind_views.file_detail, name="classwork-leftbehind-file"),
    path("leftbehind/<uuid:uid>/edit/", leftbehind_views.file_edit, name="classwork-leftbehind-edit"),
    path("leftbehind/<uuid:uid>/activity/", leftbehind_views.activity_add, name="classwork-leftbehind-activity"),
    path("leftbehind/<uuid:uid>/note/", leftbehind_views.note_add, name="classwork-leftbehind-note"),
    path("leftbehind/schools/", leftbehind_views.bureau_counts, name="classwork-leftbehind-counts"),
    # Retention (issue 15 point 6): a pupil's edit page, and export or erasure on a verified request.
    path("pupil/<uuid:uid>/edit/", views_retention.pupil_edit, name="classwork-pupil-edit"),
    path("pupil/<uuid:uid>/request/", views_retention.pupil_request, name="classwork-pupil-request"),
    # Changing and deleting an entry (issue 15, point 1).
    path("entry/<uuid:uid>/", views_entries.entry_edit, name="classwork-entry-edit"),
    path("entry/<uuid:uid>/delete/", views_entries.entry_remove, name="classwork-entry-delete"),
    # A parent's contact for home visits (issue 15, point 2).
    path("pupil/<uuid:uid>/contact/", views_contacts.pupil_contact, name="classwork-pupil-contact"),
]
