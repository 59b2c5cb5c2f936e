"""The portal's addresses. Public pages (no sign-in): `/` (the bureau portal), `/s/<slug>/` (a studio's
website), `/u/<uid>/` (a member's blog). Signed-in pages live under their part's prefix."""

from django.urls import include, path

urlpatterns: list = [
    # Each part adds its block here: path("<prefix>/", include("hts.portal.<part>.urls")).
    # The head-teacher forum and the suggestion box (issue 16 points 5 and 6).
    path("forum/", include("hts.portal.forum.urls")),
    path("ideas/", include("hts.portal.ideas.urls")),
]
