from django.urls import path

from hts.evaluation.democratic import views

urlpatterns = [
    path("round/<uuid:round_uid>/new/", views.rating_create, name="evaluation-democratic-create"),
    path("<uuid:uid>/", views.rating_detail, name="evaluation-democratic-detail"),
    path("<uuid:uid>/links/", views.tokens_issue, name="evaluation-democratic-tokens"),
    path("r/<str:token>/", views.rating_respond, name="evaluation-democratic-respond"),
]
