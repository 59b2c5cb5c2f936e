from django.urls import path

from hts.classwork import views, views_contacts, views_entries

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
    # Changing and deleting an entry (issue 15, point 1).
    path("entry/<uuid:uid>/", views_entries.entry_edit, name="classwork-entry-edit"),
    path("entry/<uuid:uid>/delete/", views_entries.entry_remove, name="classwork-entry-delete"),
    # A parent's contact for home visits (issue 15, point 2).
    path("pupil/<uuid:uid>/contact/", views_contacts.pupil_contact, name="classwork-pupil-contact"),
]
