from django.urls import path

from hts.corps.training import views

urlpatterns = [
    path("", views.home, name="corps-training-home"),
    path("courses/<uuid:uid>/", views.course_detail, name="corps-training-course"),
    path("courses/<uuid:uid>/scores.xlsx", views.scores_template, name="corps-training-template"),
    path("courses/<uuid:uid>/import/", views.scores_import, name="corps-training-import"),
    path("meetings/<uuid:school_uid>/", views.meetings, name="corps-training-meetings"),
    path("behind/<str:kind>/<uuid:uid>/", views.behind, name="corps-training-behind"),
    path("behind/<str:kind>/<uuid:uid>/remind/", views.behind_remind, name="corps-training-remind"),
    path("behind/<str:kind>/<uuid:uid>/export/", views.behind_export, name="corps-training-export"),
]
