from django.urls import include, path

from hts.corps import views

urlpatterns = [
    path("policy/", views.policy_home, name="corps-policy-home"),
    path("policy/<uuid:region_uid>/", views.policy_edit, name="corps-policy"),
    path("", include("hts.corps.certificates.urls")),
    path("gates/", include("hts.corps.gates.urls")),
    path("structure/", include("hts.corps.structure.urls")),
    path("archive/", include("hts.corps.archive.urls")),
    path("appointment/", include("hts.corps.appointment.urls")),
    path("ranks/", include("hts.corps.ranks.urls")),
    path("trainee/", include("hts.corps.trainee.urls")),
    path("honours/", include("hts.corps.honours.urls")),
    path("training/", include("hts.corps.training.urls")),
]
