from django.urls import path

from hts.org import views

urlpatterns = [
    path("regions/", views.region_list, name="org-region-list"),
    path("regions/new/", views.region_create, name="org-region-create"),
    path("regions/<uuid:uid>/", views.region_detail, name="org-region-detail"),
    path("regions/<uuid:uid>/edit/", views.region_edit, name="org-region-edit"),
    path("regions/<uuid:uid>/calendar/", views.calendar_detail, name="org-calendar"),
    path("regions/<uuid:uid>/calendar/new/", views.calendar_create, name="org-calendar-create"),
    path("schools/", views.school_list, name="org-school-list"),
    path("schools/new/", views.school_create, name="org-school-create"),
    path("schools/<uuid:uid>/", views.school_detail, name="org-school-detail"),
    path("schools/<uuid:uid>/edit/", views.school_edit, name="org-school-edit"),
    path("schools/<uuid:school_uid>/classes/new/", views.class_create, name="org-class-create"),
    path("teachers/", views.teacher_list, name="org-teacher-list"),
    path("teachers/new/", views.teacher_create, name="org-teacher-create"),
    path("teachers/<uuid:uid>/", views.teacher_detail, name="org-teacher-detail"),
    path("teachers/<uuid:uid>/edit/", views.teacher_edit, name="org-teacher-edit"),
    path("teachers/<uuid:uid>/honours/", views.honour_add, name="org-honour-add"),
    path("teachers/<uuid:uid>/honours/<uuid:honour_uid>/delete/", views.honour_delete, name="org-honour-delete"),
    path("teachers/<uuid:uid>/service/", views.service_add, name="org-service-add"),
    path("teachers/<uuid:uid>/service/<uuid:record_uid>/delete/", views.service_delete, name="org-service-delete"),
    path("classes/", views.class_list, name="org-class-list"),
    path("classes/<uuid:uid>/edit/", views.class_edit, name="org-class-edit"),
    path("rosters/import/", views.roster_import, name="org-roster-import"),
    path("rosters/<slug:kind>/template.xlsx", views.roster_template, name="org-roster-template"),
    path("rosters/<slug:kind>/export.xlsx", views.roster_export, name="org-roster-export"),
]
