from django.contrib.auth import views as auth_views
from django.urls import path

from hts.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="accounts-login"),
    path("logout/", auth_views.LogoutView.as_view(), name="accounts-logout"),
    path("password/", views.PasswordChangeView.as_view(), name="accounts-password-change"),
    path("me/", views.profile, name="accounts-profile"),
    path("users/", views.user_list, name="accounts-user-list"),
    path("users/<uuid:uid>/", views.user_detail, name="accounts-user-detail"),
    path("users/<uuid:uid>/reset-password/", views.user_reset_password, name="accounts-user-reset-password"),
    path("users/<uuid:uid>/roles/", views.role_grant, name="accounts-role-grant"),
    path("users/<uuid:uid>/roles/<uuid:assignment_uid>/revoke/", views.role_revoke, name="accounts-role-revoke"),
    path("teachers/<uuid:teacher_uid>/open/", views.user_open_for_teacher, name="accounts-user-open"),
    path("audit/", views.audit_log, name="accounts-audit-log"),
    path("audit/export/", views.audit_export, name="accounts-audit-export"),
]
