from django.urls import include, path

urlpatterns = [
    path("", include("hts.core.urls")),
    path("", include("hts.dashboards.urls")),
    path("accounts/", include("hts.accounts.urls")),
    path("org/", include("hts.org.urls")),
    path("studios/", include("hts.studios.urls")),
    path("activities/", include("hts.activities.urls")),
    path("notifications/", include("hts.notifications.urls")),
    path("funds/", include("hts.funds.urls")),
    path("classwork/", include("hts.classwork.urls")),
    path("research/", include("hts.research.urls")),
    path("archives/", include("hts.archives.urls")),
    path("evaluation/", include("hts.evaluation.urls")),
    path("corps/", include("hts.corps.urls")),
    path("", include("hts.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
