from django.urls import path

from hts.dashboards import views

urlpatterns = [
    # The name predates this app; sign-in, the navbar and several redirects reverse it.
    path("", views.home, name="core-home"),
]
