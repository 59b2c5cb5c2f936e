from django.urls import path

from hts.core import views, views_jobs, views_privacy

urlpatterns = [
    path("healthz", views.healthz, name="core-healthz"),
    path("jobs/<uuid:uid>/", views_jobs.job_status, name="core-job-status"),
    path("jobs/<uuid:uid>/download/", views_jobs.job_download, name="core-job-download"),
    path("privacy/", views_privacy.data_inventory, name="core-data-inventory"),
]
