from django.urls import path

from hts.portal.comments import views

# Signed-in pages and the uncached form, under "comments/".
urlpatterns = [
    path("", views.queue, name="portal-comments-queue"),
    path("form/<str:kind>/<uuid:uid>/", views.comment_form, name="portal-comments-form"),
    path("<uuid:uid>/approve/", views.approve, name="portal-comments-approve"),
    path("<uuid:uid>/reject/", views.reject, name="portal-comments-reject"),
    path("<uuid:uid>/delete/", views.delete, name="portal-comments-delete"),
    path("<uuid:uid>/reply/", views.reply, name="portal-comments-reply"),
    path("policy/", views.policy_home, name="portal-comments-policy-home"),
    path("policy/<uuid:region_uid>/", views.policy_edit, name="portal-comments-policy"),
]

# The first public addresses (by uid): permanent redirects to `/s/<slug>/messages/`, `/s/<slug>/p/<uid>/`
# and `/b/<code>/messages/`, where the threads now live.
public_urlpatterns = [
    path("s/<uuid:studio_uid>/messages/", views.studio_board, name="portal-comments-studio-board"),
    path("s/<uuid:studio_uid>/comments/<uuid:uid>/", views.publication_comments, name="portal-comments-publication"),
    path("b/<uuid:region_uid>/messages/", views.bureau_board, name="portal-comments-bureau-board"),
]
