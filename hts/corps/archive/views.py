"""The work-archive pages: one head teacher's archive and its PDF, and a school's list of its head
teachers' archives with the background export of them all."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.jobs import export_job_start
from hts.core.pagination import paginate
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.corps.archive import documents, selectors, services
from hts.corps.archive.export_jobs import PDF_KIND, ZIP_KIND

VIEW = selectors.VIEW
TEACHERS_PER_PAGE = 25


@action_required(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    """School staff land on their school's list, a bureau picks a school, a head teacher opens their own."""
    page = paginate(request, selectors.archive_schools(request.user), 50)
    if page.paginator.count == 1:
        return redirect("corps-archive-school", school_uid=page.object_list[0].uid)
    if page.paginator.count == 0:
        teacher_id = getattr(request.user, "teacher_id", None)
        if teacher_id is None:
            raise Http404
        return redirect("corps-archive", teacher_uid=request.user.teacher.uid)  # type: ignore[union-attr]
    return render(request, "corps/archive/home.html", {"page": page})


@action_required(VIEW)
def school_archives(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.archive_school(request.user, school_uid)
    page = paginate(request, selectors.school_head_teachers(school), TEACHERS_PER_PAGE)
    return render(request, "corps/archive/school.html", {"school": school, "page": page})


@require_POST
@action_required(VIEW)
def school_export(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.archive_school(request.user, school_uid)
    as_zip = request.POST.get("format") != "pdf"
    label = (
        _("%(school)s: head-teacher work archives, one PDF each (zip)")
        if as_zip
        else _("%(school)s: head-teacher work archives in one PDF")
    )
    job = export_job_start(
        actor=request.user,
        kind=ZIP_KIND if as_zip else PDF_KIND,
        label=label % {"school": school.name},
        params={"school": str(school.uid)},
    )
    return redirect(job)


@action_required(VIEW)
def archive(request: HttpRequest, teacher_uid: str) -> HttpResponse:
    teacher = selectors.archive_teacher(request.user, teacher_uid)
    services.archive_viewed(actor=request.user, teacher=teacher)
    on = timezone.localdate()
    return render(
        request,
        "corps/archive/archive.html",
        {
            "teacher": teacher,
            "sections": selectors.shown_sections(request.user, teacher, on),
            "on": on,
            "school_link": selectors.archive_schools(request.user).filter(pk=teacher.school_id).exists(),
        },
    )


@action_required(VIEW)
def archive_pdf(request: HttpRequest, teacher_uid: str) -> HttpResponse:
    teacher = selectors.archive_teacher(request.user, teacher_uid)
    services.archive_viewed(actor=request.user, teacher=teacher, as_pdf=True)
    on = timezone.localdate()
    response = HttpResponse(
        documents.archive_pdf([documents.archive_of(teacher, on)], on), content_type=PDF_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=False, filename=documents.filename(teacher, on)) or ""
    )
    response["Cache-Control"] = "private, no-store"
    return response
