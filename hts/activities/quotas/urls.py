from django.urls import path

from hts.activities.quotas.views import (
    quota_matrix,
    quota_matrix_export,
    quota_rule_delete,
    quota_rule_edit,
    quota_rules,
    studio_quotas,
)

urlpatterns = [
    path("quotas/", quota_matrix, name="activities-quota-matrix"),
    path("quotas/export/", quota_matrix_export, name="activities-quota-matrix-export"),
    path("studio/<uuid:studio_uid>/quotas/", studio_quotas, name="activities-studio-quotas"),
    path("batches/<uuid:batch_uid>/quotas/", quota_rules, name="activities-quota-rules"),
    path("quota-rules/<uuid:uid>/edit/", quota_rule_edit, name="activities-quota-rule-edit"),
    path("quota-rules/<uuid:uid>/delete/", quota_rule_delete, name="activities-quota-rule-delete"),
]
