from django.urls import path

from hts.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notifications-list"),
    path("read-all/", views.notification_read_all, name="notifications-read-all"),
    path("<uuid:uid>/", views.notification_open, name="notifications-open"),
]
