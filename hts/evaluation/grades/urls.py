from django.urls import path

from hts.evaluation.grades import views

urlpatterns = [
    path("studio/<uuid:uid>/", views.studio_grades, name="evaluation-grades-studio"),
    path("failures/", views.failure_list, name="evaluation-failure-list"),
    path("failures/<uuid:uid>/review/", views.failure_review, name="evaluation-failure-review"),
]
