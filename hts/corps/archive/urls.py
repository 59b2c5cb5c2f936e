from django.urls import path

from hts.corps.archive import views

urlpatterns = [
    path("", views.home, name="corps-archive-home"),
    path("school/<uuid:school_uid>/", views.school_archives, name="corps-archive-school"),
    path("school/<uuid:school_uid>/export/", views.school_export, name="corps-archive-export"),
    path("<uuid:teacher_uid>/", views.archive, name="corps-archive"),
    path("<uuid:teacher_uid>/pdf/", views.archive_pdf, name="corps-archive-pdf"),
]
