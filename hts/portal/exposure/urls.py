from django.urls import path

from hts.portal.exposure import views

urlpatterns = [
    path("", views.class_list, name="portal-consent-classes"),
    path("class/<uuid:uid>/", views.consent_list, name="portal-consents"),
    path("<uuid:uid>/withdraw/", views.consent_withdraw_confirm, name="portal-consent-withdraw"),
    path("<uuid:uid>/form/", views.consent_scan_upload, name="portal-consent-scan"),
    path("<uuid:uid>/form/<uuid:file_uid>/", views.consent_scan_file, name="portal-consent-scan-file"),
]
