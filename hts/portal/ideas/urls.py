from django.urls import path

from hts.portal.ideas import views

urlpatterns = [
    path("", views.mine, name="portal-ideas-mine"),
    path("new/", views.new, name="portal-ideas-new"),
    path("mine/<uuid:uid>/", views.mine_detail, name="portal-ideas-mine-detail"),
    path("inbox/", views.inbox, name="portal-ideas-inbox"),
    path("inbox/<uuid:uid>/", views.received, name="portal-ideas-received"),
    path("counts/", views.counts, name="portal-ideas-counts"),
]
