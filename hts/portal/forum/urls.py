from django.urls import path

from hts.portal.forum import views

urlpatterns = [
    path("", views.board_list, name="portal-forum-boards"),
    path("boards/new/", views.board_new, name="portal-forum-board-new"),
    path("reports/", views.reports, name="portal-forum-reports"),
    path("reports/<uuid:uid>/dismiss/", views.report_dismiss, name="portal-forum-report-dismiss"),
    path("b/<uuid:uid>/", views.board_detail, name="portal-forum-board"),
    path("b/<uuid:uid>/new/", views.topic_new, name="portal-forum-topic-new"),
    path("b/<uuid:uid>/moderators/", views.moderators, name="portal-forum-moderators"),
    path("t/<uuid:uid>/", views.topic_detail, name="portal-forum-topic"),
    path("t/<uuid:uid>/pin/", views.topic_pin, name="portal-forum-topic-pin"),
    path("t/<uuid:uid>/close/", views.topic_close, name="portal-forum-topic-close"),
    path("p/<uuid:uid>/hide/", views.post_hide, name="portal-forum-post-hide"),
    path("p/<uuid:uid>/report/", views.post_report, name="portal-forum-post-report"),
]
