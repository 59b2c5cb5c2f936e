from django.urls import path

from hts.corps.trainee import views

urlpatterns = [
    path("", views.home, name="corps-trainee-home"),
    path("school/<uuid:school_uid>/", views.school_posts, name="corps-trainee-school"),
    path("posts/<uuid:uid>/end/", views.post_end, name="corps-trainee-end"),
]
