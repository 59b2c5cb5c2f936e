from django.urls import path

from hts.evaluation.rubrics import views

urlpatterns = [
    path("", views.rubric_list, name="evaluation-rubric-list"),
    path("<uuid:uid>/", views.rubric_detail, name="evaluation-rubric-detail"),
    path("versions/<uuid:uid>/", views.version_detail, name="evaluation-version-detail"),
    path("versions/<uuid:uid>/copy/", views.version_copy, name="evaluation-version-copy"),
    path("versions/<uuid:uid>/edit/", views.version_edit, name="evaluation-version-edit"),
    path("versions/<uuid:uid>/activate/", views.version_activate, name="evaluation-version-activate"),
    path("versions/<uuid:uid>/sections/new/", views.section_edit, name="evaluation-section-create"),
    path("versions/<uuid:uid>/sections/<int:position>/", views.section_edit, name="evaluation-section-edit"),
    path("versions/<uuid:uid>/sections/<int:position>/delete/", views.section_delete, name="evaluation-section-delete"),
    path("versions/<uuid:uid>/items/new/", views.item_edit, name="evaluation-item-create"),
    path("versions/<uuid:uid>/items/<int:number>/", views.item_edit, name="evaluation-item-edit"),
    path("versions/<uuid:uid>/items/<int:number>/delete/", views.item_delete, name="evaluation-item-delete"),
    path("evidence/<uuid:subject_uid>/", views.subject_evidence, name="evaluation-evidence-subject"),
]
