from django.urls import path

from hts.studios import views, views_documents

urlpatterns = [
    path("", views.studio_list, name="studios-studio-list"),
    path("coverage/", views.coverage, name="studios-coverage"),
    path("apply/", views.studio_apply, name="studios-apply"),
    path("join/", views.studio_directory, name="studios-directory"),
    path("eligible-hosts/", views.eligible_hosts, name="studios-eligible-hosts"),
    path("batches/", views.batch_list, name="studios-batch-list"),
    path("batches/new/", views.batch_create, name="studios-batch-create"),
    path("batches/<uuid:uid>/", views.batch_detail, name="studios-batch-detail"),
    path("batches/<uuid:uid>/policy/", views.batch_policy_edit, name="studios-batch-policy"),
    path("batches/<uuid:uid>/status/", views.batch_status, name="studios-batch-status"),
    path("<uuid:uid>/", views.studio_detail, name="studios-studio-detail"),
    path("<uuid:uid>/join/", views.studio_join, name="studios-join"),
    path("<uuid:uid>/theme/", views.studio_theme, name="studios-theme"),
    path("<uuid:uid>/review/material/", views.studio_act, {"verb": "material"}, name="studios-review-material"),
    path("<uuid:uid>/review/research/", views.studio_act, {"verb": "research"}, name="studios-review-research"),
    path("<uuid:uid>/review/defence/", views.studio_act, {"verb": "defence"}, name="studios-review-defence"),
    path("<uuid:uid>/review/score/", views.studio_act, {"verb": "score"}, name="studios-review-score"),
    path("<uuid:uid>/review/decide/", views.studio_act, {"verb": "decide"}, name="studios-review-decide"),
    path("<uuid:uid>/activate/", views.studio_act, {"verb": "activate"}, name="studios-activate"),
    path("<uuid:uid>/assess/", views.studio_act, {"verb": "assess"}, name="studios-assess"),
    path("<uuid:uid>/mentors/invite/", views.studio_act, {"verb": "invite"}, name="studios-mentor-invite"),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/<slug:verb>/",
        views.membership_act,
        name="studios-membership-act",
    ),
    *views_documents.urlpatterns,
]
