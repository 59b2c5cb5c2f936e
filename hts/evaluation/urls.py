"""Evaluation URLs, one module per part: rubrics, rounds (scoring, publication, objections),
democratic rating, observations, and grades with their consequences."""

from django.urls import include, path

urlpatterns = [
    path("rubrics/", include("hts.evaluation.rubrics.urls")),
    path("", include("hts.evaluation.rounds.urls")),
    path("", include("hts.evaluation.publication.urls")),
    path("democratic/", include("hts.evaluation.democratic.urls")),
    path("observations/", include("hts.evaluation.observations.urls")),
    path("grades/", include("hts.evaluation.grades.urls")),
]
