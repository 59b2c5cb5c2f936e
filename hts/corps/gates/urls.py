from django.urls import path

from hts.corps.gates import views

urlpatterns = [
    path("", views.gates_home, name="corps-gates-home"),
    path("<uuid:school_uid>/", views.school_gates, name="corps-gates-school"),
    path("<uuid:school_uid>/share/", views.share_save, name="corps-gates-share"),
    path("<uuid:school_uid>/counts/", views.count_save, name="corps-gates-counts"),
    path("<uuid:school_uid>/credited/new/", views.credited_new, name="corps-gates-credited-new"),
    path("<uuid:school_uid>/export/", views.title_export, name="corps-gates-export"),
]
