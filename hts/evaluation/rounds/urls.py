"""Rounds: list, creation, people and raters, transitions, scoring sheets, results and exports."""

from django.urls import path

from hts.evaluation.rounds import views

urlpatterns = [
    path("rounds/", views.round_list, name="evaluation-round-list"),
    path("rounds/new/", views.round_create, name="evaluation-round-create"),
    path("rounds/<uuid:uid>/", views.round_detail, name="evaluation-round-detail"),
    path("rounds/<uuid:uid>/open/", views.round_open, name="evaluation-round-open"),
    path("rounds/<uuid:uid>/close/", views.round_close, name="evaluation-round-close"),
    path("rounds/<uuid:uid>/publish/", views.round_publish, name="evaluation-round-publish"),
    path("rounds/<uuid:uid>/summary/", views.round_summary_create, name="evaluation-round-summary"),
    path("rounds/<uuid:uid>/subjects/fill/", views.round_subjects_fill, name="evaluation-round-subjects-fill"),
    path("rounds/<uuid:uid>/subjects/add/", views.round_subject_add, name="evaluation-round-subject-add"),
    path(
        "rounds/<uuid:uid>/subjects/<uuid:subject_uid>/remove/",
        views.round_subject_remove,
        name="evaluation-round-subject-remove",
    ),
    path("rounds/<uuid:uid>/raters/add/", views.round_rater_add, name="evaluation-round-rater-add"),
    path(
        "rounds/<uuid:uid>/raters/<uuid:user_uid>/remove/",
        views.round_rater_remove,
        name="evaluation-round-rater-remove",
    ),
    path("rounds/<uuid:uid>/result/", views.round_result, name="evaluation-round-result"),
    path("rounds/<uuid:uid>/scores.xlsx", views.export_scores, name="evaluation-round-export-scores"),
    path("rounds/<uuid:uid>/ranking.xlsx", views.export_ranking, name="evaluation-round-export-ranking"),
    path("sheets/", views.my_sheets, name="evaluation-sheet-list"),
    path("rounds/<uuid:uid>/sheet/", views.sheet_index, name="evaluation-sheet-index"),
    path("rounds/<uuid:uid>/sheet/<uuid:subject_uid>/", views.sheet, name="evaluation-sheet"),
]
