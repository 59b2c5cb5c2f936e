"""Studio websites: the public pages (/s/<slug>/…, /u/<uid>/) and the signed-in ones (/portal/sites/…)."""

from django.urls import path

from hts.portal.sites import views, views_public

public_patterns = [
    # A publication by its uid alone (the public search links here): on to its page on its studio's site.
    path("s/p/<uuid:uid>/", views_public.publication_redirect, name="portal-publication"),
    path("s/<slug:slug>/", views_public.site_home, name="portal-site-home"),
    path("s/<slug:slug>/section/<str:section>/", views_public.site_section, name="portal-site-section"),
    path("s/<slug:slug>/album/", views_public.site_album, name="portal-site-album"),
    path("s/<slug:slug>/research/", views_public.site_research, name="portal-site-research"),
    path("s/<slug:slug>/p/<uuid:uid>/", views_public.site_item, name="portal-site-item"),
    path("s/<slug:slug>/messages/", views_public.site_messages, name="portal-site-messages"),
    path("s/<slug:slug>/rss/", views_public.site_rss, name="portal-site-rss"),
    path("s/photo/<uuid:uid>/", views_public.site_photo, name="portal-site-photo"),
    path("s/photo/<uuid:uid>/thumb/", views_public.site_photo, {"thumb": True}, name="portal-site-photo-thumb"),
    path("u/<uuid:uid>/", views_public.blog, name="portal-blog"),
    path("u/<uuid:uid>/photo/", views_public.blog_photo, name="portal-blog-photo"),
]

staff_patterns = [
    path("portal/sites/mine/", views.mine, name="portal-sites-mine"),
    path("portal/sites/profile/", views.profile, name="portal-sites-profile"),
    path("portal/sites/offer/<uuid:studio_uid>/<str:kind>/<uuid:uid>/", views.offer, name="portal-sites-offer"),
    path("portal/sites/studio/<uuid:uid>/", views.queue, name="portal-sites-queue"),
    path("portal/sites/studio/<uuid:uid>/news/", views.news, name="portal-sites-news"),
    path("portal/sites/studio/<uuid:uid>/compilation/", views.compilation, name="portal-sites-compilation"),
    path("portal/sites/studio/<uuid:uid>/settings/", views.settings_, name="portal-sites-settings"),
    path("portal/sites/p/<uuid:uid>/publish/", views.publish, name="portal-sites-publish"),
    path("portal/sites/p/<uuid:uid>/photo/<str:key>/", views.photo_preview, name="portal-sites-photo-preview"),
    path("portal/sites/p/<uuid:uid>/return/", views.return_, name="portal-sites-return"),
    path("portal/sites/p/<uuid:uid>/withdraw/", views.withdraw, name="portal-sites-withdraw"),
    path("portal/sites/p/<uuid:uid>/links/", views.links, name="portal-sites-links"),
]

urlpatterns = public_patterns + staff_patterns
