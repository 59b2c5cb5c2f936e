"""Publication URLs: my evaluations, results, objections, corrections and finalising a round."""

from django.urls import path

from hts.evaluation.publication import views

urlpatterns = [
    path("mine/", views.my_evaluations, name="evaluation-mine"),
    path("results/<uuid:uid>/", views.subject_detail, name="evaluation-subject-detail"),
    path("results/<uuid:uid>/report.pdf", views.subject_report_pdf, name="evaluation-subject-report"),
    path("results/<uuid:uid>/objections/new/", views.objection_raise, name="evaluation-objection-raise"),
    path("results/<uuid:uid>/correct/", views.result_correct, name="evaluation-result-correct"),
    path("objections/<uuid:uid>/", views.objection_detail, name="evaluation-objection-detail"),
    path("objections/<uuid:uid>/decide/", views.objection_decide, name="evaluation-objection-decide"),
    path("rounds/<uuid:uid>/objections/", views.round_objections, name="evaluation-round-objections"),
    path("rounds/<uuid:uid>/finalise/", views.round_finalise, name="evaluation-round-finalise"),
]
