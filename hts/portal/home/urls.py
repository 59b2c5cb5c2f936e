from django.urls import path

from hts.portal.home import views, views_manage

urlpatterns = [
    path("", views.portal_root, name="portal-root"),
    path("sitemap.xml", views.sitemap_xml, name="portal-sitemap"),
    path("robots.txt", views.robots_txt, name="portal-robots"),
    path("b/<str:code>/", views.bureau_home, name="portal-bureau"),
    path("b/<str:code>/studios/", views.studios, name="portal-studios"),
    path("b/<str:code>/notices/", views.notices, name="portal-notices"),
    path("b/<str:code>/notices/<uuid:uid>/", views.notice, name="portal-notice"),
    path("b/<str:code>/notices/<uuid:uid>/file/", views.notice_file, name="portal-notice-file"),
    path("b/<str:code>/results/", views.results, name="portal-results"),
    path("b/<str:code>/messages/", views.messages_board, name="portal-bureau-messages"),
    path("b/<str:code>/logo/<uuid:uid>/", views.brand_logo, name="portal-brand-logo"),
    path("portal/manage/", views_manage.manage_list, name="portal-home-manage"),
    path("portal/manage/<str:code>/", views_manage.manage_region, name="portal-home-region"),
    path("portal/manage/<str:code>/brand/", views_manage.brand_edit, name="portal-home-brand"),
    path("portal/manage/<str:code>/notices/new/", views_manage.notice_new, name="portal-home-notice-new"),
    path("portal/manage/<str:code>/notices/<uuid:uid>/", views_manage.notice_edit, name="portal-home-notice-edit"),
    path(
        "portal/manage/<str:code>/notices/<uuid:uid>/publish/",
        views_manage.notice_publish,
        name="portal-home-notice-publish",
    ),
    path(
        "portal/manage/<str:code>/notices/<uuid:uid>/unpublish/",
        views_manage.notice_unpublish,
        name="portal-home-notice-unpublish",
    ),
    path("portal/manage/<str:code>/featured/", views_manage.featured, name="portal-home-featured"),
]
