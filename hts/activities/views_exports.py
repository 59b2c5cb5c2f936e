"""A person's continuing-education transcript as Excel and PDF (their own, or a teacher's for staff),
their calendar page, and the iCalendar feed that calendar apps subscribe to without a session.

The transcript views check the action (403 without it) and, for staff, fetch the teacher within
the user's "teacher.view" scope (404 outside it, the same as a missing teacher). The feed is
reached by a signed token instead of a session: a bad token is answered 404, like a missing page.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from hts.accounts.access import action_required, get_scoped_or_404
from hts.accounts.models import User
from hts.activities import documents
from hts.activities.models import Activity
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.org.models import Teacher


def _private(response: HttpResponse) -> HttpResponse:
    # Personal data: no shared cache may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    return _private(response)


def _own_teacher(request: HttpRequest) -> Teacher:
    teacher_id = getattr(request.user, "teacher_id", None)
    if teacher_id is None:
        raise PermissionDenied
    return documents.teacher_queryset().get(pk=teacher_id)


def _scoped_teacher(request: HttpRequest, uid: UUID) -> Teacher:
    return get_scoped_or_404(request.user, "teacher.view", documents.teacher_queryset(), uid=uid)


def _xlsx(teacher: Teacher) -> HttpResponse:
    return _attachment(
        documents.transcript_xlsx(teacher), XLSX_CONTENT_TYPE, documents.transcript_filename(teacher, "xlsx")
    )


def _pdf(teacher: Teacher) -> HttpResponse:
    return _attachment(
        documents.transcript_pdf(teacher), PDF_CONTENT_TYPE, documents.transcript_filename(teacher, "pdf")
    )


@action_required("activity.checkin")
def my_transcript_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(_own_teacher(request))


@action_required("activity.checkin")
def my_transcript_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(_own_teacher(request))


@action_required("teacher.view")
def teacher_transcript_xlsx(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _xlsx(_scoped_teacher(request, uid))


@action_required("teacher.view")
def teacher_transcript_pdf(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _pdf(_scoped_teacher(request, uid))


def feed_url(request: HttpRequest, user: User) -> str:
    """The absolute address of the user's personal calendar feed."""
    return request.build_absolute_uri(reverse("activities-ics", kwargs={"token": documents.feed_token(user)}))


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    uid = documents.feed_user_uid(token)
    if uid is None:
        raise Http404
    user = get_object_or_404(User.objects.select_related("teacher").filter(is_active=True), uid=uid)
    activities = documents.calendar_activities(
        user.teacher_id,
        ends_after=timezone.now() - dt.timedelta(days=documents.FEED_PAST_DAYS),
        limit=documents.FEED_LIMIT,
    )
    text = documents.calendar_ics(
        documents.calendar_name(user.teacher),
        activities,
        url_for=lambda activity: request.build_absolute_uri(activity.get_absolute_url()),
    )
    response = HttpResponse(text.encode(), content_type=documents.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename="hts.ics") or ""
    return _private(response)


def _by_day(activities: list[Activity]) -> list[tuple[dt.date, list[Activity]]]:
    return [
        (day, list(items))
        for day, items in groupby(activities, key=lambda activity: timezone.localtime(activity.starts_at).date())
    ]


@action_required("activity.checkin")
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's upcoming activities (those not yet over), grouped by local date."""
    activities = documents.calendar_activities(
        getattr(request.user, "teacher_id", None), ends_after=timezone.now(), limit=documents.CALENDAR_LIMIT
    )
    return render(request, "activities/calendar.html", {"days": _by_day(activities)})


urlpatterns: list[URLPattern] = [
    path("hours.xlsx", my_transcript_xlsx, name="activities-transcript-xlsx"),
    path("hours.pdf", my_transcript_pdf, name="activities-transcript-pdf"),
    path("teachers/<uuid:uid>/hours.xlsx", teacher_transcript_xlsx, name="activities-teacher-transcript-xlsx"),
    path("teachers/<uuid:uid>/hours.pdf", teacher_transcript_pdf, name="activities-teacher-transcript-pdf"),
    path("calendar/", my_calendar, name="activities-my-calendar"),
    path("feed/<str:token>.ics", calendar_feed, name="activities-ics"),
]
