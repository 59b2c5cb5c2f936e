"""Evaluation URLs, one module per part: rubrics, rounds (scoring, publication, objections),
democratic rating, observations, and grades with their consequences."""

from django.urls import include, path

urlpatterns = [
    path("rubrics/", include("hts.evaluation.urls_rubrics")),
    path("", include("hts.evaluation.urls_rounds")),
    path("", include("hts.evaluation.urls_publication")),
    path("democratic/", include("hts.evaluation.urls_democratic")),
    path("observations/", include("hts.evaluation.urls_observations")),
    path("grades/", include("hts.evaluation.urls_grades")),
]
