from django.urls import path

from hts.corps.ranks import views

urlpatterns = [
    path("", views.home, name="corps-ranks-home"),
    path("<uuid:school_uid>/", views.school_ranks, name="corps-ranks-school"),
    path("<uuid:school_uid>/teachers/<uuid:teacher_uid>/", views.teacher_rank, name="corps-ranks-teacher"),
    path("<uuid:school_uid>/confirm/", views.confirm_all, name="corps-ranks-confirm"),
    path("<uuid:school_uid>/scheme/", views.school_scheme, name="corps-ranks-school-scheme"),
    path("<uuid:school_uid>/rates/", views.rates, name="corps-ranks-rates"),
    path("<uuid:school_uid>/rolls/", views.rolls, name="corps-ranks-rolls"),
    path("schemes/<uuid:uid>/", views.scheme_edit, name="corps-ranks-scheme"),
    path("rolls/<uuid:uid>/", views.roll_detail, name="corps-ranks-roll"),
    path("rolls/<uuid:uid>/export/", views.roll_export, name="corps-ranks-roll-export"),
]
