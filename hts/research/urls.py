from django.urls import path

from hts.research import views

urlpatterns = [
    path("projects/", views.project_list, name="research-project-list"),
    path("studio/<uuid:studio_uid>/", views.studio_projects, name="research-studio-projects"),
    path("studio/<uuid:studio_uid>/new/", views.project_create, name="research-project-create"),
    path("projects/<uuid:uid>/", views.project_detail, name="research-project-detail"),
    path("projects/<uuid:uid>/edit/", views.project_edit, name="research-project-edit"),
    path("projects/<uuid:uid>/documents/", views.document_upload, name="research-document-upload"),
    path("projects/<uuid:uid>/documents/<uuid:document_uid>/", views.document_download, name="research-document"),
    path("projects/<uuid:uid>/<slug:verb>/", views.project_transition, name="research-project-transition"),
    path("achievements/", views.my_achievements, name="research-my-achievements"),
    path("achievements/new/", views.achievement_create, name="research-achievement-create"),
    path("achievements/<uuid:uid>/", views.achievement_detail, name="research-achievement-detail"),
    path("achievements/<uuid:uid>/evidence/", views.evidence_upload, name="research-evidence-upload"),
    path("achievements/<uuid:uid>/evidence/<uuid:evidence_uid>/", views.evidence_download, name="research-evidence"),
    path("achievements/<uuid:uid>/<slug:decision>/", views.achievement_decide, name="research-achievement-decide"),
    path("verification/", views.verification_queue, name="research-verification"),
    path("weights/", views.weights_home, name="research-weights-home"),
    path("weights/<uuid:region_uid>/", views.weights_edit, name="research-weights"),
]
