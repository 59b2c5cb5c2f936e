from django.urls import path

from hts.corps.honours import views

urlpatterns = [
    path("", views.home, name="corps-honours-home"),
    path("new/", views.call_new, name="corps-honours-new"),
    path("mine/", views.mine, name="corps-honours-mine"),
    path("<uuid:uid>/", views.call_detail, name="corps-honours-call"),
    path("<uuid:uid>/step/<slug:step>/", views.call_step, name="corps-honours-step"),
    path("<uuid:uid>/nominate/", views.nominate, name="corps-honours-nominate"),
    path("<uuid:uid>/score/", views.score, name="corps-honours-score"),
    path("<uuid:uid>/notice/", views.notice, name="corps-honours-notice"),
    path("panel/<int:pk>/remove/", views.panel_remove, name="corps-honours-panel-remove"),
    path("nominations/<uuid:uid>/withdraw/", views.withdraw, name="corps-honours-withdraw"),
    path("nominations/<uuid:uid>/certificate.pdf", views.certificate_pdf, name="corps-honours-certificate"),
    path("objections/<uuid:uid>/decide/", views.objection_decide, name="corps-honours-decide"),
]
