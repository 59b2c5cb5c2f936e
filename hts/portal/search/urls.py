from django.urls import path

from hts.portal.search import views

urlpatterns = [
    path("search/", views.search_public_page, name="portal-search"),
    path("search/all/", views.search_all, name="search-all"),
]
