from django.urls import path

from hts.evaluation.observations import views

urlpatterns = [
    path("", views.observation_list, name="evaluation-observation-list"),
    path("new/", views.observation_create, name="evaluation-observation-create"),
    path("<uuid:uid>/", views.observation_detail, name="evaluation-observation-detail"),
    path("<uuid:uid>/sheet/", views.observation_sheet, name="evaluation-observation-sheet"),
    path("<uuid:uid>/close/", views.observation_close, name="evaluation-observation-close"),
]
