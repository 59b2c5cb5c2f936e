"""The portal's addresses. Public pages (no sign-in): `/` (the bureau portal), `/s/<slug>/` (a studio's
website), `/u/<uid>/` (a member's blog). Signed-in pages live under their part's prefix."""

from django.urls import include, path

from hts.portal.comments.urls import public_urlpatterns as comments_public

urlpatterns: list = [
    # The comments' first addresses by uid (redirects): before `/s/<slug>/…` and `/b/<code>/…`, which a uid also matches.
    *comments_public,
    # Consent and masking (issue 16 point 8): a class's guardian consents.
    path("portal/consents/", include("hts.portal.exposure.urls")),
    # Studio websites (/s/<slug>/, /u/<uid>/, /portal/sites/…).
    path("", include("hts.portal.sites.urls")),
    # home: the bureau portal at `/` and `/b/<code>/`, sitemap.xml, robots.txt, the bureau's portal pages.
    path("", include("hts.portal.home.urls")),
    # Comments and messages (issue 16 point 4).
    path("comments/", include("hts.portal.comments.urls")),
    # The head-teacher forum and the suggestion box (issue 16 points 5 and 6).
    path("forum/", include("hts.portal.forum.urls")),
    path("ideas/", include("hts.portal.ideas.urls")),
    # The essay contest (point 7): staff pages, and the public page /contest/<uid>/ with its book.
    path("contest/", include("hts.portal.contest.urls")),
    # Search: /search/ (public, published content) and /search/all/ (signed in, what the person may open).
    path("", include("hts.portal.search.urls")),
    # Each part adds its block here: path("<prefix>/", include("hts.portal.<part>.urls")).
]
