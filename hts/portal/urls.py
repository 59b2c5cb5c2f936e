"""The portal's addresses. Public pages (no sign-in): `/` (the bureau portal), `/s/<slug>/` (a studio's
website), `/u/<uid>/` (a member's blog). Signed-in pages live under their part's prefix."""

from django.urls import include, path

from hts.portal.comments.urls import public_urlpatterns as comments_public

urlpatterns: list = [
    # Each part adds its block here: path("<prefix>/", include("hts.portal.<part>.urls")).
    # Comments and messages (issue 16 point 4).
    path("comments/", include("hts.portal.comments.urls")),
    *comments_public,
]
