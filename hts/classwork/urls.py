from django.urls import path

from hts.classwork import views, views_retention

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
    # Retention (issue 15 point 6): a pupil's edit page, and export or erasure on a verified request.
    path("pupil/<uuid:uid>/edit/", views_retention.pupil_edit, name="classwork-pupil-edit"),
    path("pupil/<uuid:uid>/request/", views_retention.pupil_request, name="classwork-pupil-request"),
]
