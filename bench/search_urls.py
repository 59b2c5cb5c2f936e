"""The platform's addresses and a hello-world beside them (bench/search.py): the same middleware stack
answers both, so the search page's time reads against the server's bare cost per request."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


urlpatterns = [path("bench-hello/", hello), path("", include("config.urls"))]
