"""The portal's addresses. Public pages (no sign-in): `/` (the bureau portal), `/s/<slug>/` (a studio's
website), `/u/<uid>/` (a member's blog). Signed-in pages live under their part's prefix."""

from django.urls import include, path

urlpatterns: list = [
    # Each part adds its block here: path("<prefix>/", include("hts.portal.<part>.urls")).
    # Search: /search/ (public, published content) and /search/all/ (signed in, what the person may open).
    path("", include("hts.portal.search.urls")),
]
