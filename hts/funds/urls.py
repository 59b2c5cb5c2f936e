from django.urls import path

from hts.funds import views, views_reports

urlpatterns = [
    path("", views.home, name="funds-home"),
    path("studio/<uuid:uid>/", views.studio_year, name="funds-studio"),
    path("studio/<uuid:uid>/expenses/new/", views.expense_create, name="funds-expense-create"),
    path("studio/<uuid:uid>/budget/", views.budget_edit, name="funds-budget"),
    path("studio/<uuid:uid>/grant/", views.grant_edit, name="funds-grant"),
    path("batches/<uuid:uid>/policy/", views.policy_edit, name="funds-policy"),
    path("expenses/<uuid:uid>/", views.expense_detail, name="funds-expense-detail"),
    path("expenses/<uuid:uid>/receipts/<uuid:receipt_uid>/", views.receipt_download, name="funds-receipt"),
    path("expenses/<uuid:uid>/<slug:verb>/", views.expense_act, name="funds-expense-act"),
    *views_reports.urlpatterns,
]
