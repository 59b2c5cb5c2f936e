from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from hts.core.audit import current_ip


class AuditContextMiddleware:
    """Makes the client address available to `audit_record` for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy
    # rewrites it, and the proxy setup belongs to the deployment (see README).
    return request.META.get("REMOTE_ADDR") or None


class SecurityHeadersMiddleware:
    """Sends the Content-Security-Policy and Permissions-Policy of settings on every response.

    Every script is a static file of our own (no CDN, no inline script or handler), so `script-src
    'self'` holds; inline style attributes remain in templates and documents, hence `'unsafe-inline'`
    for styles only. A response that set its own header keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response
