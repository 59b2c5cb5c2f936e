"""Training pages: courses (sessions, trainees, scores entered or imported, results), a school's
head-teacher meetings with attendance, and who is behind (list, Excel, reminders)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, get_scoped_or_404, scoped
from hts.core.forms import add_errors, submit
from hts.core.jobs import export_job_start
from hts.core.pagination import paginate
from hts.core.tabular import XLSX_CONTENT_TYPE, TableError, read_table, write_workbook
from hts.corps.training import selectors, services
from hts.corps.training.export_jobs import BEHIND_EXPORT
from hts.corps.training.forms import CourseForm, EnrolForm, ImportForm, SessionForm
from hts.corps.training.models import Course
from hts.org.models import Region, School

MANAGE = services.MANAGE
IMPORT_MAX_ROWS = 2000
PLACES_SHOWN = 200


def _places(request: HttpRequest) -> list[tuple[str, str]]:
    regions = scoped(request.user, MANAGE, Region.objects.all()).order_by("path")[:20]
    schools = scoped(request.user, MANAGE, School.objects.all()).order_by("name")[:PLACES_SHOWN]
    return [(f"r{r.pk}", _("Education bureau of %(region)s") % {"region": r.name}) for r in regions] + [
        (f"s{s.pk}", s.name) for s in schools
    ]


@action_required(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, places=_places(request))

    def open_course(data: dict[str, Any]) -> Course:
        place = data["place"]
        school = School.objects.get(pk=place[1:]) if place.startswith("s") else None
        region = Region.objects.get(pk=place[1:]) if place.startswith("r") else None
        return services.course_open(
            actor=request.user, kind=data["kind"], title=data["title"], year=data["year"], school=school, region=region
        )

    course = submit(request, form, open_course)
    if course is not None:
        messages.success(request, _("Course “%(name)s” opened.") % {"name": course.title})
        return redirect("corps-training-course", uid=course.uid)
    schools = scoped(request.user, MANAGE, School.objects.all()).order_by("name")[:PLACES_SHOWN]
    regions = scoped(request.user, MANAGE, Region.objects.all()).order_by("path")[:20]
    return render(
        request,
        "corps/training/home.html",
        {
            "page": paginate(request, selectors.courses_for(request.user)),
            "form": form,
            "schools": schools,
            "regions": regions,
        },
        status=400 if request.method == "POST" else 200,
    )


def _course_page(request: HttpRequest, course: Course, status: int = 200, **forms: Any) -> HttpResponse:
    candidates = list(selectors.course_candidates(course)[:PLACES_SHOWN])
    context = {
        "course": course,
        **selectors.course_detail(course),
        "session_form": forms.get("session_form") or SessionForm(prefix="session"),
        "enrol_form": forms.get("enrol_form") or EnrolForm(candidates=candidates, prefix="enrol"),
        "import_form": forms.get("import_form") or ImportForm(prefix="import"),
        "import_errors": forms.get("import_errors", []),
    }
    return render(request, "corps/training/course.html", context, status=status)


@action_required(MANAGE)
def course_detail(request: HttpRequest, uid: str) -> HttpResponse:
    course = selectors.course_get(request.user, uid)
    if request.method != "POST":
        return _course_page(request, course)
    which = request.POST.get("form")
    if which == "session":
        session_form = SessionForm(request.POST, prefix="session")
        if submit(
            request, session_form, lambda d: services.course_session_add(actor=request.user, course=course, data=d)
        ):
            messages.success(request, _("Session added."))
            return redirect("corps-training-course", uid=course.uid)
        return _course_page(request, course, 400, session_form=session_form)
    if which == "enrol":
        candidates = list(selectors.course_candidates(course)[:PLACES_SHOWN])
        enrol_form = EnrolForm(request.POST, candidates=candidates, prefix="enrol")
        if (
            submit(
                request,
                enrol_form,
                lambda d: services.course_enrol(actor=request.user, course=course, teachers=enrol_form.chosen()),
            )
            is not None
        ):
            messages.success(request, _("Trainees enrolled."))
            return redirect("corps-training-course", uid=course.uid)
        return _course_page(request, course, 400, enrol_form=enrol_form)
    return _scores_post(request, course)


def _scores_post(request: HttpRequest, course: Course) -> HttpResponse:
    scores: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    try:
        for pk in course.enrolments.values_list("pk", flat=True):
            pair = []
            for name in ("theory", "practice"):
                text = request.POST.get(f"{name}-{pk}", "").strip()
                pair.append(Decimal(text) if text else None)
            scores[pk] = (pair[0], pair[1])
        changed = services.scores_save(actor=request.user, course=course, scores=scores)
    except (InvalidOperation, ValidationError) as error:
        messages.error(
            request, _("A score is from 0 to 100.") if isinstance(error, InvalidOperation) else " ".join(error.messages)
        )
        return _course_page(request, course, 400)
    messages.success(request, _("%(count)d trainees' scores saved.") % {"count": changed})
    return redirect("corps-training-course", uid=course.uid)


@action_required(MANAGE)
def scores_template(request: HttpRequest, uid: str) -> HttpResponse:
    """The import template: one row per trainee, with the scores already entered."""
    course = selectors.course_get(request.user, uid)
    rows = [
        [e.teacher.name, e.teacher.mobile, e.theory_score, e.practice_score]
        for e in course.enrolments.select_related("teacher")
    ]
    content = write_workbook([("成绩", services.IMPORT_HEADERS, rows)])
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scores-{course.year}.xlsx"'
    return response


@require_POST
@action_required(MANAGE)
def scores_import(request: HttpRequest, uid: str) -> HttpResponse:
    course = selectors.course_get(request.user, uid)
    form = ImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.name, upload.read(), max_rows=IMPORT_MAX_ROWS)
            changed = services.scores_import(actor=request.user, course=course, table=table)
        except TableError as error:
            form.add_error("file", str(error))
        except services.ImportRefused as error:
            return _course_page(request, course, 400, import_form=form, import_errors=error.cell_errors)
        else:
            messages.success(request, _("%(count)d trainees' scores imported.") % {"count": changed})
            return redirect("corps-training-course", uid=course.uid)
    return _course_page(request, course, 400, import_form=form)


@action_required("activity.organise")
def meetings(request: HttpRequest, school_uid: str) -> HttpResponse:
    """The school's head-teacher meetings with attendance rates, absences per teacher, and a new one."""
    school = get_scoped_or_404(
        request.user, "activity.organise", School.objects.select_related("region"), uid=school_uid
    )
    form = SessionForm(request.POST or None)
    try:
        meeting = submit(request, form, lambda d: services.meeting_create(actor=request.user, school=school, data=d))
    except ValidationError as error:  # pragma: no cover - submit puts refusals on the form
        add_errors(form, error)
        meeting = None
    if meeting is not None:
        messages.success(request, _("Meeting “%(name)s” called; the head teachers are told.") % {"name": meeting.title})
        return redirect("activities-detail", uid=meeting.uid)
    found = selectors.meetings_of(school)
    for m in found:
        m.rate = selectors.rate(m.attended, m.invited)  # type: ignore[attr-defined]
    return render(
        request,
        "corps/training/meetings.html",
        {"school": school, "meetings": found[:50], "absences": selectors.meeting_absences(school, found), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@action_required(MANAGE)
def behind(request: HttpRequest, kind: str, uid: str) -> HttpResponse:
    place, rows, policy = selectors.behind_for(request.user, kind, uid, timezone.localdate())
    # The button counts only whom it can reach: a head teacher without an active account is named
    # before it is pressed, not found out after.
    reachable = sum(1 for row in rows if services.has_account(row.teacher))
    return render(
        request,
        "corps/training/behind.html",
        {
            "place": place,
            "kind": kind,
            "page": paginate(request, rows),
            "total": len(rows),
            "reachable": reachable,
            "no_account": len(rows) - reachable,
            "policy": policy,
        },
    )


@require_POST
@action_required(MANAGE)
def behind_export(request: HttpRequest, kind: str, uid: str) -> HttpResponse:
    """The list as Excel, written in the background (a county's subtree is thousands of head teachers)."""
    place, _rows, _policy = selectors.behind_for(request.user, kind, uid, timezone.localdate())
    job = export_job_start(
        actor=request.user,
        kind=BEHIND_EXPORT,
        label=_("%(place)s: who is behind on training (Excel)") % {"place": place.name},
        params={"kind": kind, "uid": str(place.uid)},
    )
    return redirect(job)


@require_POST
@action_required(MANAGE)
def behind_remind(request: HttpRequest, kind: str, uid: str) -> HttpResponse:
    place, rows, policy = selectors.behind_for(request.user, kind, uid, timezone.localdate())
    reminded = services.head_teachers_behind_notify(rows=rows, on=timezone.localdate())
    # Nothing sent is not a success: say why (nobody behind, no account, already told this week).
    notice = messages.success if reminded.sent else messages.warning
    notice(request, services.reminded_text(reminded, policy))
    return redirect("corps-training-behind", kind=kind, uid=place.uid)
