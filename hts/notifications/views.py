"""My notifications: the list, opening one (which marks it read and follows its link), and marking
all read. Every view answers only about the signed-in user's own notifications (404 otherwise)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.core.decorators import signed_in
from hts.core.pagination import paginate
from hts.notifications import selectors, services


@signed_in
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(request.user))
    return render(request, "notifications/list.html", {"page": page})


@signed_in
def notification_open(request: HttpRequest, uid: UUID) -> HttpResponse:
    notification = selectors.notification_get_for_user(request.user, uid)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications-list")


@require_POST
@signed_in
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
    return redirect("notifications-list")
