from django.urls import include, path

from hts.corps import views

urlpatterns = [
    path("policy/", views.policy_home, name="corps-policy-home"),
    path("policy/<uuid:region_uid>/", views.policy_edit, name="corps-policy"),
    path("", include("hts.corps.certificates.urls")),
    path("gates/", include("hts.corps.gates.urls")),
    path("structure/", include("hts.corps.structure.urls")),
    path("training/", include("hts.corps.training.urls")),
]
