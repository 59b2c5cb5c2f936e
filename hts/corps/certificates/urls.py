from django.urls import path

from hts.corps.certificates import views

urlpatterns = [
    path("certificates/", views.certificate_list, name="corps-certificate-list"),
    path("certificates/issue/", views.issue_home, name="corps-certificate-issue-home"),
    path("certificates/issue/<uuid:region_uid>/", views.issue, name="corps-certificate-issue"),
    path("certificates/<uuid:uid>/", views.certificate_detail, name="corps-certificate"),
    path("certificates/<uuid:uid>/revoke/", views.revoke, name="corps-certificate-revoke"),
    path("certificates/<uuid:uid>/reinstate/", views.reinstate, name="corps-certificate-reinstate"),
    path("certificates/<uuid:uid>/pdf/", views.certificate_pdf, name="corps-certificate-pdf"),
    path("verify/<str:token>/", views.verify, name="corps-verify"),
]
