from django.urls import path

from hts.corps.structure import views

urlpatterns = [
    path("", views.home, name="corps-structure-home"),
    path("mine/", views.mine, name="corps-structure-mine"),
    path("school/<uuid:school_uid>/", views.school_structure, name="corps-structure-school"),
    path("chief/<uuid:uid>/end/", views.chief_end, name="corps-structure-chief-end"),
    path("pairs/<uuid:uid>/", views.pair_detail, name="corps-structure-pair"),
    path("pairs/<uuid:uid>/end/", views.pair_end, name="corps-structure-pair-end"),
]
