"""People-and-places pages: thin views that parse, call a selector or service, and render."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, principal
from hts.core.forms import add_errors, submit
from hts.core.pagination import paginate, querystring_without_page
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.org import roster, selectors, services
from hts.org.forms import (
    HonourForm,
    RegionForm,
    RosterUploadForm,
    SchoolClassForm,
    SchoolForm,
    SchoolYearForm,
    ServiceRecordForm,
    TeacherForm,
)
from hts.org.models import HeadTeacherService, Honour, Stage
from hts.org.profile_facts import profile_facts, profile_links
from hts.org.roster_template import template_workbook


def _list_context(request: HttpRequest, queryset: Any, **extra: Any) -> dict[str, Any]:
    return {
        "page": paginate(request, queryset),
        "querystring": querystring_without_page(request),
        "q": request.GET.get("q", "").strip(),
        "stages": Stage.choices,
        **extra,
    }


# Regions ---------------------------------------------------------------------------------------


@action_required("region.view")
def region_list(request: HttpRequest) -> HttpResponse:
    regions = selectors.region_list(request.user, search=request.GET.get("q", "").strip())
    return render(request, "org/region_list.html", _list_context(request, regions))


@action_required("region.view")
def region_detail(request: HttpRequest, uid: str) -> HttpResponse:
    region = selectors.region_get(request.user, uid)
    children = selectors.region_list(request.user).filter(parent=region)
    schools = selectors.school_list(request.user, region_uid=str(region.uid))
    return render(
        request,
        "org/region_detail.html",
        {"region": region, "children": children, "school_count": schools.count(), "schools": schools[:20]},
    )


@action_required("region.manage")
def region_create(request: HttpRequest) -> HttpResponse:
    form = RegionForm(request.POST or None, user=request.user)
    region = submit(request, form, lambda data: services.region_create(actor=request.user, **data))
    if region is not None:
        messages.success(request, _("Region “%(name)s” created.") % {"name": region})
        return redirect("org-region-detail", uid=region.uid)
    return render(request, "org/form.html", {"form": form, "title": _("New region")})


@action_required("region.manage")
def region_edit(request: HttpRequest, uid: str) -> HttpResponse:
    region = selectors.region_get(request.user, uid, action="region.manage")
    bureau = getattr(region, "bureau", None)
    initial = {"name": region.name, "bureau_name": bureau.name if bureau else ""}
    form = RegionForm(request.POST or None, user=request.user, editing=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.region_update(actor=request.user, region=region, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("org-region-detail", uid=region.uid)
    return render(request, "org/form.html", {"form": form, "title": _("Edit region"), "back": region})


# Academic calendar -----------------------------------------------------------------------------


@action_required("calendar.view")
def calendar_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return render(request, "org/calendar.html", selectors.calendar_detail(request.user, uid))


@action_required("calendar.manage")
def calendar_create(request: HttpRequest, uid: str) -> HttpResponse:
    region = selectors.calendar_region_get(request.user, uid, action="calendar.manage")
    form = SchoolYearForm(request.POST or None)
    year = submit(
        request,
        form,
        lambda data: services.school_year_create(actor=request.user, region=region, **form.service_arguments(data)),
    )
    if year is not None:
        messages.success(request, _("School year “%(label)s” created.") % {"label": year})
        return redirect("org-calendar", uid=region.uid)
    return render(request, "org/calendar_form.html", {"form": form, "region": region})


# Schools ---------------------------------------------------------------------------------------


@action_required("school.view")
def school_list(request: HttpRequest) -> HttpResponse:
    schools = selectors.school_list(
        request.user,
        search=request.GET.get("q", "").strip(),
        region_uid=request.GET.get("region", ""),
        stage=request.GET.get("stage", ""),
        flag=request.GET.get("flag", ""),
    )
    regions = selectors.regions_for_filter(request.user, "school.view")
    return render(request, "org/school_list.html", _list_context(request, schools, regions=regions))


@action_required("school.view")
def school_detail(request: HttpRequest, uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, uid)
    p = principal(request)
    context: dict[str, Any] = {"school": school}
    if p.can("teacher.view"):
        teachers = selectors.teacher_list(request.user, school_uid=str(school.uid))
        context["teacher_count"] = teachers.count()
        context["head_teacher_count"] = teachers.filter(is_head_teacher=True).count()
    if p.can("class.view"):
        context["classes"] = selectors.class_list(request.user, school_uid=str(school.uid))
    return render(request, "org/school_detail.html", context)


@action_required("school.create")
def school_create(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None, user=request.user)
    school = submit(request, form, lambda data: services.school_create(actor=request.user, data=data))
    if school is not None:
        messages.success(request, _("School “%(name)s” created.") % {"name": school})
        return redirect("org-school-detail", uid=school.uid)
    return render(request, "org/form.html", {"form": form, "title": _("New school")})


@action_required("school.edit")
def school_edit(request: HttpRequest, uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, uid, action="school.edit")
    form = SchoolForm(request.POST or None, instance=copy.copy(school), user=request.user)
    saved = submit(request, form, lambda data: services.school_update(actor=request.user, school=school, data=data))
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("org-school-detail", uid=school.uid)
    return render(request, "org/form.html", {"form": form, "title": _("Edit school"), "back": school})


# The edit views hand the form a copy: a ModelForm writes into its instance while validating, and
# the service must see the stored values to log what changed.


# Teachers --------------------------------------------------------------------------------------


@action_required("teacher.view")
def teacher_list(request: HttpRequest) -> HttpResponse:
    teachers = selectors.teacher_list(
        request.user,
        search=request.GET.get("q", "").strip(),
        region_uid=request.GET.get("region", ""),
        school_uid=request.GET.get("school", ""),
        stage=request.GET.get("stage", ""),
        head_teachers_only=request.GET.get("head") == "1",
    )
    regions = selectors.regions_for_filter(request.user, "teacher.view")
    schools = selectors.schools_for_filter(request.user, "teacher.view", request.GET.get("region", ""))
    return render(request, "org/teacher_list.html", _list_context(request, teachers, regions=regions, schools=schools))


@action_required("teacher.view")
def teacher_detail(request: HttpRequest, uid: str) -> HttpResponse:
    context = selectors.teacher_detail(request.user, uid)
    teacher = context["teacher"]
    services.teacher_viewed(actor=request.user, teacher=teacher)
    can_edit = can(request.user, "teacher.edit", teacher)
    context["can_edit"] = can_edit
    context["facts"] = profile_facts(teacher)
    context["links"] = profile_links(teacher, request.user)
    if can_edit:
        context["honour_form"] = HonourForm()
        context["service_form"] = ServiceRecordForm(user=request.user, teacher=teacher)
    return render(request, "org/teacher_detail.html", context)


@action_required("teacher.create")
def teacher_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if school_uid := request.GET.get("school"):
        initial["school"] = selectors.school_get(request.user, school_uid, action="teacher.create")
    form = TeacherForm(request.POST or None, user=request.user, initial=initial)
    teacher = submit(request, form, lambda data: services.teacher_create(actor=request.user, data=data))
    if teacher is not None:
        messages.success(request, _("Teacher “%(name)s” created.") % {"name": teacher})
        return redirect("org-teacher-detail", uid=teacher.uid)
    return render(request, "org/form.html", {"form": form, "title": _("New teacher")})


@action_required("teacher.edit")
def teacher_edit(request: HttpRequest, uid: str) -> HttpResponse:
    teacher = selectors.teacher_get(request.user, uid, action="teacher.edit")
    form = TeacherForm(request.POST or None, instance=copy.copy(teacher), user=request.user)
    saved = submit(request, form, lambda data: services.teacher_update(actor=request.user, teacher=teacher, data=data))
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("org-teacher-detail", uid=teacher.uid)
    return render(request, "org/form.html", {"form": form, "title": _("Edit teacher"), "back": teacher})


def _teacher_subform(
    request: HttpRequest, uid: str, form_class: Any, service: Any, success: str, **form_kwargs: Any
) -> HttpResponse:
    teacher = selectors.teacher_get(request.user, uid, action="teacher.edit")
    if form_class is ServiceRecordForm:
        form_kwargs.update(user=request.user, teacher=teacher)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            service(actor=request.user, teacher=teacher, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("org-teacher-detail", uid=teacher.uid)
    # Refused: the detail page comes back with the typed values and the reasons beside them.
    context = selectors.teacher_detail(request.user, uid)
    context["can_edit"] = True
    context["honour_form"] = form if form_class is HonourForm else HonourForm()
    context["service_form"] = (
        form if form_class is ServiceRecordForm else ServiceRecordForm(user=request.user, teacher=teacher)
    )
    return render(request, "org/teacher_detail.html", context, status=400)


@require_POST
@action_required("teacher.edit")
def honour_add(request: HttpRequest, uid: str) -> HttpResponse:
    return _teacher_subform(request, uid, HonourForm, services.honour_add, _("Honour added."))


@require_POST
@action_required("teacher.edit")
def honour_delete(request: HttpRequest, uid: str, honour_uid: str) -> HttpResponse:
    teacher = selectors.teacher_get(request.user, uid, action="teacher.edit")
    honour = get_object_or_404(Honour, teacher=teacher, uid=honour_uid)
    services.honour_delete(actor=request.user, honour=honour)
    messages.success(request, _("Honour deleted."))
    return redirect("org-teacher-detail", uid=teacher.uid)


@require_POST
@action_required("teacher.edit")
def service_add(request: HttpRequest, uid: str) -> HttpResponse:
    return _teacher_subform(request, uid, ServiceRecordForm, services.service_record_add, _("Service record added."))


@require_POST
@action_required("teacher.edit")
def service_delete(request: HttpRequest, uid: str, record_uid: str) -> HttpResponse:
    teacher = selectors.teacher_get(request.user, uid, action="teacher.edit")
    record = get_object_or_404(HeadTeacherService, teacher=teacher, uid=record_uid)
    services.service_record_delete(actor=request.user, record=record)
    messages.success(request, _("Service record deleted."))
    return redirect("org-teacher-detail", uid=teacher.uid)


# Classes ---------------------------------------------------------------------------------------


@action_required("class.view")
def class_list(request: HttpRequest) -> HttpResponse:
    classes = selectors.class_list(
        request.user,
        search=request.GET.get("q", "").strip(),
        region_uid=request.GET.get("region", ""),
        school_uid=request.GET.get("school", ""),
        stage=request.GET.get("stage", ""),
    )
    regions = selectors.regions_for_filter(request.user, "class.view")
    schools = selectors.schools_for_filter(request.user, "class.view", request.GET.get("region", ""))
    return render(request, "org/class_list.html", _list_context(request, classes, regions=regions, schools=schools))


@action_required("class.create")
def class_create(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid, action="class.create")
    form = SchoolClassForm(request.POST or None, user=request.user, school=school)
    school_class = submit(
        request, form, lambda data: services.class_create(actor=request.user, data={**data, "school": school})
    )
    if school_class is not None:
        messages.success(request, _("Class “%(name)s” created.") % {"name": school_class})
        return redirect("org-school-detail", uid=school.uid)
    return render(
        request,
        "org/form.html",
        {"form": form, "title": _("New class at %(school)s") % {"school": school}, "back": school},
    )


@action_required("class.edit")
def class_edit(request: HttpRequest, uid: str) -> HttpResponse:
    school_class = selectors.class_get(request.user, uid, action="class.edit")
    form = SchoolClassForm(
        request.POST or None, instance=copy.copy(school_class), user=request.user, school=school_class.school
    )
    saved = submit(
        request, form, lambda data: services.class_update(actor=request.user, school_class=school_class, data=data)
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("org-school-detail", uid=school_class.school.uid)
    return render(request, "org/form.html", {"form": form, "title": _("Edit class"), "back": school_class.school})


# Rosters ---------------------------------------------------------------------------------------


def _roster_kinds(request: HttpRequest) -> list[str]:
    p = principal(request)
    return [kind for kind, action in (("schools", "school.create"), ("teachers", "teacher.create")) if p.can(action)]


@action_required("roster.import")
def roster_import(request: HttpRequest) -> HttpResponse:
    kinds = _roster_kinds(request)
    kind = request.POST.get("kind") or request.GET.get("kind") or (kinds[-1] if kinds else "")
    if kind not in kinds:
        raise PermissionDenied
    result = None
    form = RosterUploadForm(request.POST or None, request.FILES or None, kinds=kinds, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        result = roster.ROSTERS[kind]["importer"](actor=request.user, upload=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Imported %(rows)d rows: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect(f"{reverse('org-roster-import')}?kind={kind}")
    status = 400 if result is not None and not result.ok else 200
    return render(
        request,
        "org/roster_import.html",
        {"form": form, "kind": kind, "kinds": kinds, "result": result, "columns": roster.ROSTERS[kind]["columns"]},
        status=status,
    )


@action_required("roster.import")
def roster_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in _roster_kinds(request):
        raise PermissionDenied
    return _xlsx_response(template_workbook(kind, actor=request.user), f"{roster.ROSTERS[kind]['title']}模板.xlsx")


@action_required("roster.export")
def roster_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The list as filtered on its page, in the import layout."""
    if kind == "schools":
        schools = selectors.school_list(
            request.user,
            search=request.GET.get("q", "").strip(),
            region_uid=request.GET.get("region", ""),
            stage=request.GET.get("stage", ""),
            flag=request.GET.get("flag", ""),
        )
        data = roster.export_schools(schools)
        count, full = schools.count(), 0
    elif kind == "teachers":
        principal(request).require("teacher.view")
        teachers = selectors.teacher_list(
            request.user,
            search=request.GET.get("q", "").strip(),
            region_uid=request.GET.get("region", ""),
            school_uid=request.GET.get("school", ""),
            stage=request.GET.get("stage", ""),
            head_teachers_only=request.GET.get("head") == "1",
        )
        full_mobile_schools = principal(request).school_ids_for("teacher.edit")
        data = roster.export_teachers(teachers, full_mobile_schools=full_mobile_schools)
        count = teachers.count()
        full = teachers.filter(school_id__in=full_mobile_schools).count() if full_mobile_schools else 0
    else:
        raise Http404
    services.roster_exported(
        actor=request.user,
        kind=kind,
        rows=count,
        full_mobiles=full,
        filters={
            name: request.GET.get(name, "").strip() for name in ("q", "region", "school", "stage", "flag", "head")
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx_response(data, f"{roster.ROSTERS[kind]['title']}-{stamp}.xlsx")


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
