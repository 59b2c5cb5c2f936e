"""Activity pages, the organiser's check-in screen, and the attendee's phone check-in."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can
from hts.activities import checkin, selectors, services
from hts.activities.forms import ActivityForm, MarkAttendanceForm
from hts.activities.models import Activity
from hts.core.files import serve_stored
from hts.core.forms import add_errors, submit
from hts.core.pagination import paginate
from hts.core.workflow import TransitionRefused
from hts.studios.selectors import studio_get, studio_team

# How long a scan verified before signing in still counts once the person has signed in.
PENDING_SCAN_SECONDS = 10 * 60
TRANSCRIPT_PAGE_SIZE = 50
# A studio's team manages its activities; a school's or bureau's staff organise their own.
MANAGE = ("activity.manage", "activity.organise")


@action_required("activity.view")
def activity_list(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="activity.view")
    activities = selectors.activity_list(request.user, studio_uid=str(studio.uid))
    can_manage = can(request.user, "activity.manage", studio)
    return render(
        request,
        "activities/list.html",
        {"studio": studio, "page": paginate(request, activities), "can_manage": can_manage and studio.accepts_records},
    )


@action_required("activity.manage")
def activity_create(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="activity.manage")
    form = ActivityForm(
        request.POST or None, team=studio_team(studio), outside_mentors=services.outside_mentors(studio)
    )
    activity = submit(
        request, form, lambda data: services.activity_create(actor=request.user, studio=studio, data=data)
    )
    if activity is not None:
        messages.success(request, _("Activity “%(name)s” created.") % {"name": activity})
        return redirect("activities-detail", uid=activity.uid)
    return render(request, "activities/form.html", {"form": form, "studio": studio, "title": _("New activity")})


@action_required(*MANAGE)
def activity_edit(request: HttpRequest, uid: str) -> HttpResponse:
    """Change an activity, typically to add the minutes and the publicity link after it took place."""
    activity = selectors.activity_to_manage(request.user, uid)
    # The form gets the current values as initial data, not the instance: the service compares the
    # instance before and after to log what changed.
    form = ActivityForm(
        request.POST or None,
        initial=model_to_dict(activity),
        team=selectors.team_teachers(activity),
        outside_mentors=services.outside_mentors(activity.studio) if activity.studio is not None else None,
        studio=activity.studio_id is not None,
    )
    try:
        saved = submit(
            request, form, lambda data: services.activity_update(actor=request.user, activity=activity, data=data)
        )
    except (PermissionDenied, TransitionRefused) as error:
        form.add_error(None, str(error))
        saved = None
    if saved is not None:
        messages.success(request, _("Activity “%(name)s” saved.") % {"name": saved})
        return redirect("activities-detail", uid=saved.uid)
    return render(
        request,
        "activities/form.html",
        {"form": form, "studio": activity.studio, "title": _("Edit activity"), "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@action_required("activity.view")
def studio_calendar(request: HttpRequest, studio_uid: str) -> HttpResponse:
    """The studio's activities of one month, as a month grid (a day list on phones)."""
    studio = studio_get(request.user, studio_uid, action="activity.view")
    month = selectors.parse_month(request.GET.get("month", ""))
    return render(request, "activities/studio_calendar.html", {"studio": studio, **selectors.month_grid(studio, month)})


@action_required("activity.view")
def activity_detail(request: HttpRequest, uid: str) -> HttpResponse:
    activity = selectors.activity_get(request.user, uid)
    return render(request, "activities/detail.html", _detail_context(request, activity))


def _detail_context(
    request: HttpRequest, activity: Activity, mark_form: MarkAttendanceForm | None = None
) -> dict[str, Any]:
    can_manage = selectors.can_manage(request.user, activity)
    context: dict[str, Any] = {
        "activity": activity,
        "attendances": selectors.attendance_of(activity),
        "attachments": list(activity.attachments.all()),
        "presenters": [teacher.name for teacher in activity.presenters.order_by("name")]
        + [m.external_name for m in activity.guiding_mentors.order_by("external_name")],
        "can_manage": can_manage,
    }
    if can_manage:
        context["mark_form"] = mark_form or MarkAttendanceForm(people=selectors.team_teachers(activity))
    return context


@require_POST
@action_required(*MANAGE)
def attendance_mark(request: HttpRequest, uid: str) -> HttpResponse:
    activity = selectors.activity_to_manage(request.user, uid)
    form = MarkAttendanceForm(request.POST, people=selectors.team_teachers(activity))
    if form.is_valid():
        try:
            services.attendance_mark(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("activities-detail", uid=activity.uid)
    return render(request, "activities/detail.html", _detail_context(request, activity, form), status=400)


@never_cache
@action_required(*MANAGE)
def checkin_screen(request: HttpRequest, uid: str) -> HttpResponse:
    """The organiser's screen: a QR code that changes every few seconds, and who has checked in."""
    activity = selectors.activity_to_manage(request.user, uid)
    template = "activities/_screen_live.html" if request.htmx else "activities/screen.html"  # type: ignore[attr-defined]
    token = checkin.make_token(str(activity.uid))
    url = request.build_absolute_uri(reverse("activities-checkin", kwargs={"uid": activity.uid})) + f"?t={token}"
    return render(
        request,
        template,
        {
            "activity": activity,
            "qr": checkin.qr_svg(url),
            "checkin_url": url,
            "attendances": selectors.attendance_of(activity),
            "rotate_seconds": checkin.ROTATE_SECONDS,
        },
    )


def _pending_key(activity: Activity) -> str:
    return f"checkin:{activity.uid}"


@never_cache
def checkin_view(request: HttpRequest, uid: str) -> HttpResponse:
    """What the attendee's phone opens. A valid scan is remembered in the session first, so signing in
    (which may take longer than the code lives) brings them back here and completes the check-in."""
    activity = get_object_or_404(Activity.objects.select_related("studio__batch__policy", "school", "region"), uid=uid)
    token = request.GET.get("t", "")
    if token:
        try:
            services.verify_code(activity, token)
        except TransitionRefused as error:
            return render(
                request,
                "activities/checkin.html",
                {"activity": activity, "error": " ".join(error.messages)},
                status=400,
            )
        request.session[_pending_key(activity)] = time.time()
        # Drop the code from the address, so reloading or sharing this page carries no code.
        return redirect("activities-checkin", uid=activity.uid)
    scanned_at = request.session.get(_pending_key(activity))
    if not scanned_at or time.time() - scanned_at > PENDING_SCAN_SECONDS:
        return render(
            request,
            "activities/checkin.html",
            {"activity": activity, "error": _("Scan the QR code on the organiser's screen to check in.")},
            status=400,
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        # Reading the page writes nothing (a link preview or a prefetch must not check anyone in): the
        # landing page's button, a POST with its CSRF token, is the check-in.
        return render(request, "activities/checkin.html", {"activity": activity, "confirm": True})
    try:
        attendance = services.checkin(actor=request.user, activity=activity)
    except TransitionRefused as error:
        return render(
            request, "activities/checkin.html", {"activity": activity, "error": " ".join(error.messages)}, status=400
        )
    finally:
        request.session.pop(_pending_key(activity), None)
    return render(request, "activities/checkin.html", {"activity": activity, "attendance": attendance})


@action_required("activity.checkin")
def my_transcript(request: HttpRequest) -> HttpResponse:
    teacher = getattr(request.user, "teacher", None)
    if teacher is None:
        raise PermissionDenied
    result = selectors.transcript(teacher)
    # The totals count every activity; the list shows the newest first, a page at a time (a member of
    # a busy studio attends a hundred a cycle). The Excel and PDF downloads keep the whole record.
    page = paginate(request, result["rows"][::-1], TRANSCRIPT_PAGE_SIZE)
    return render(request, "activities/transcript.html", {"teacher": teacher, **result, "page": page})


@require_POST
@action_required(*MANAGE)
def attachment_upload(request: HttpRequest, uid: str) -> HttpResponse:
    activity = selectors.activity_to_manage(request.user, uid)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("activities-detail", uid=activity.uid)
    try:
        services.attachment_add(actor=request.user, activity=activity, upload=upload)
    except ValidationError as error:
        context = _detail_context(request, activity)
        context["upload_error"] = " ".join(error.messages)
        return render(request, "activities/detail.html", context, status=400)
    messages.success(request, _("“%(name)s” uploaded.") % {"name": upload.name})
    return redirect("activities-detail", uid=activity.uid)


@action_required("activity.view")
def attachment_download(request: HttpRequest, uid: str, attachment_uid: str) -> FileResponse:
    """Files are served only here, after the same scope check as the activity page."""
    activity = selectors.activity_get(request.user, uid)
    attachment = get_object_or_404(activity.attachments.all(), uid=attachment_uid)
    return serve_stored(attachment)
