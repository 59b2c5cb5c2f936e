from django.urls import path

from hts.classwork import views

urlpatterns = [
    path("", views.class_list, name="classwork-classes"),
    path("class/<int:pk>/", views.class_log, name="classwork-log"),
    path("class/<int:pk>/new/<str:kind>/", views.entry_new, name="classwork-entry-new"),
    path("class/<int:pk>/pupils/", views.pupil_list, name="classwork-pupils"),
    path("class/<int:pk>/pupils/import/", views.pupil_import, name="classwork-pupil-import"),
    path("class/<int:pk>/pupils/template/", views.pupil_template, name="classwork-pupil-template"),
    path("photo/<int:pk>/", views.photo, name="classwork-photo"),
    path("policy/", views.policy_home, name="classwork-policy-home"),
    path("policy/<uuid:region_uid>/", views.policy_edit, name="classwork-policy"),
]
