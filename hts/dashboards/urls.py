from django.urls import path

from hts.dashboards import views

urlpatterns = [
    # The name predates this app; sign-in, the navbar and several redirects reverse it. `/` is the
    # public portal (hts.portal.home); the signed-in home lives here.
    path("home/", views.home, name="core-home"),
]
