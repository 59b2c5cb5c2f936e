from django.urls import path

from hts.activities.plans.views import (
    plan_acknowledge,
    plan_comment,
    plan_create,
    plan_detail,
    plan_edit,
    plan_list,
    plan_submit,
)

urlpatterns = [
    path("studio/<uuid:studio_uid>/plans/", plan_list, name="activities-plans"),
    path("studio/<uuid:studio_uid>/plans/new/", plan_create, name="activities-plan-create"),
    path("plans/<uuid:uid>/", plan_detail, name="activities-plan-detail"),
    path("plans/<uuid:uid>/edit/", plan_edit, name="activities-plan-edit"),
    path("plans/<uuid:uid>/submit/", plan_submit, name="activities-plan-submit"),
    path("plans/<uuid:uid>/acknowledge/", plan_acknowledge, name="activities-plan-acknowledge"),
    path("plans/<uuid:uid>/comment/", plan_comment, name="activities-plan-comment"),
]
