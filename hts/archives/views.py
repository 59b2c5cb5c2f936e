"""Growth-archive pages: thin views over selectors (reads, scoped) and services (writes, checked)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can
from hts.archives import guards, selectors, services
from hts.archives.forms import ItemForm
from hts.archives.models import MENTOR_KINDS, OWNER_KINDS, ArchiveItem, ItemKind
from hts.core.files import serve_stored
from hts.core.forms import submit
from hts.org.models import Teacher
from hts.studios.guards import studio_open_for
from hts.studios.models import CLOSED_STATES, Membership, Studio


def _kind_filter(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in ItemKind.values else ""


def _semester_page(request: HttpRequest, items: Any) -> dict[str, Any]:
    """One semester per page: the semesters that have items (newest first), the chosen one (default
    the latest), and that semester's items grouped for the timeline."""
    kind = _kind_filter(request)
    if kind:
        items = items.filter(kind=kind)
    semesters = selectors.semesters(items)
    semester = request.GET.get("semester")
    if semester not in semesters:
        semester = semesters[0] if semesters else None
    groups = selectors.timeline(items.filter(semester_label=semester)) if semester is not None else {}
    return {"groups": groups, "semesters": semesters, "semester": semester, "kinds": ItemKind.choices, "kind": kind}


def _timeline_page(request: HttpRequest, teacher: Teacher, *, mine: bool) -> HttpResponse:
    items = selectors.visible_items(request.user).filter(owner_teacher=teacher)
    appraise = _appraisal_studios(request.user, teacher) if not mine else Studio.objects.none()
    return render(
        request,
        "archives/timeline.html",
        {"teacher": teacher, "mine": mine, "can_appraise": appraise.exists(), **_semester_page(request, items)},
    )


@action_required("archive.write")
def my_archive(request: HttpRequest) -> HttpResponse:
    teacher = get_object_or_404(Teacher.objects.select_related("school"), pk=request.user.teacher_id)
    return _timeline_page(request, teacher, mine=True)


@action_required("archive.view")
def teacher_archive(request: HttpRequest, uid: str) -> HttpResponse:
    teacher = selectors.teacher_get(request.user, uid)
    return _timeline_page(request, teacher, mine=teacher.pk == request.user.teacher_id)


def _own_studios(user: Any) -> Any:
    return (
        Studio.objects.filter(memberships__teacher_id=user.teacher_id, memberships__status=Membership.Status.ACTIVE)
        .exclude(status__in=CLOSED_STATES)
        .distinct()
    )


def _appraisal_studios(user: Any, teacher: Teacher) -> Any:
    """Studios where `user` is host or mentor and `teacher` an active member."""
    if not user.teacher_id:
        return Studio.objects.none()
    leads = Membership.objects.filter(
        teacher_id=user.teacher_id, status="active", role__in=[Membership.Role.HOST, Membership.Role.MENTOR]
    ).values("studio_id")
    joined = Membership.objects.filter(teacher=teacher, status="active", role=Membership.Role.MEMBER).values(
        "studio_id"
    )
    return Studio.objects.filter(pk__in=leads).filter(pk__in=joined)


def _form_page(request: HttpRequest, form: ItemForm, title: str, item: ArchiveItem | None, status: int = 200) -> Any:
    return render(request, "archives/form.html", {"form": form, "title": title, "item": item}, status=status)


def _save(request: HttpRequest, form: ItemForm, title: str, save: Any) -> HttpResponse:
    item = submit(request, form, save)
    if item is not None:
        messages.success(request, _("“%(title)s” saved.") % {"title": item.title})
        return redirect("archives-item", uid=item.uid)
    return _form_page(request, form, title, None, status=400 if request.method == "POST" else 200)


@action_required("archive.write")
def item_create(request: HttpRequest) -> HttpResponse:
    teacher = get_object_or_404(Teacher.objects.select_related("school__region"), pk=request.user.teacher_id)
    form = ItemForm(request.POST or None, kinds=OWNER_KINDS, studios=_own_studios(request.user))
    return _save(
        request,
        form,
        _("New archive item"),
        lambda data: services.item_create(actor=request.user, owner=teacher, data=data),
    )


@action_required("archive.appraise")
def appraise(request: HttpRequest, uid: str) -> HttpResponse:
    """The mentor's form: a tracking record or the comprehensive appraisal of a member."""
    teacher = selectors.teacher_get(request.user, uid)
    studios = _appraisal_studios(request.user, teacher)
    if not studios.exists():
        raise Http404
    kinds = [k for k in ItemKind if k in MENTOR_KINDS]
    form = ItemForm(request.POST or None, kinds=kinds, studios=studios, initial={"kind": request.GET.get("kind")})
    return _save(
        request,
        form,
        _("Appraisal of %(name)s") % {"name": teacher.name},
        lambda data: services.item_create(actor=request.user, owner=teacher, data=data),
    )


@action_required("archive.keep")
def studio_item_create(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_team_get(request.user, uid)
    if not guards.may_keep(request.user, studio):
        raise Http404
    form = ItemForm(request.POST or None, kinds=[ItemKind.STUDIO_MATERIAL], studios=None)
    return _save(
        request,
        form,
        _("New material for %(studio)s") % {"studio": studio.name},
        lambda data: services.item_create(actor=request.user, owner=None, studio=studio, data=data),
    )


@action_required("archive.view")
def item_detail(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.item_get(request.user, uid)
    return render(
        request,
        "archives/detail.html",
        {"item": item, "files": list(item.files.all()), "can_edit": guards.may_edit(request.user, item)},
    )


@action_required("archive.write", "archive.appraise", "archive.keep")
def item_edit(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.item_get(request.user, uid)
    if not guards.may_edit(request.user, item):
        raise PermissionDenied(_("You may not edit this item."))
    kinds = [ItemKind(item.kind)]
    studios = None if item.kind == ItemKind.STUDIO_MATERIAL else Studio.objects.filter(pk=item.studio_id)
    if item.kind in OWNER_KINDS:
        studios = Studio.objects.filter(Q(pk__in=_own_studios(request.user).values("pk")) | Q(pk=item.studio_id))
    initial = {f: getattr(item, f) for f in ("kind", "title", "date", "semester_label", "visibility", "body")}
    initial["studio"] = item.studio_id
    form = ItemForm(request.POST or None, kinds=kinds, studios=studios, initial=initial)
    if item.kind == ItemKind.STUDIO_MATERIAL:
        save = lambda data: services.item_update(actor=request.user, item=item, data={**data, "studio": item.studio})  # noqa: E731
    else:
        save = lambda data: services.item_update(actor=request.user, item=item, data=data)  # noqa: E731
    return _save(request, form, _("Edit “%(title)s”") % {"title": item.title}, save)


@require_POST
@action_required("archive.write", "archive.appraise", "archive.keep")
def file_upload(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.item_get(request.user, uid)
    uploads = request.FILES.getlist("file")
    if not uploads:
        messages.error(request, _("Choose a file to upload."))
        return redirect("archives-item", uid=item.uid)
    try:
        for upload in uploads:
            services.file_add(actor=request.user, item=item, upload=upload)
    except ValidationError as error:
        context = {
            "item": item,
            "files": list(item.files.all()),
            "can_edit": True,
            "upload_error": " ".join(error.messages),
        }
        return render(request, "archives/detail.html", context, status=400)
    messages.success(request, _("Files uploaded."))
    return redirect("archives-item", uid=item.uid)


@action_required("archive.view")
def file_download(request: HttpRequest, uid: str, file_uid: str, thumb: bool = False) -> FileResponse:
    """Files are served only here, after the same visibility check as the item page."""
    item = selectors.item_get(request.user, uid)
    record = get_object_or_404(item.files.all(), uid=file_uid)
    return serve_stored(record, thumbnail=thumb)


@require_POST
@action_required("archive.view")
def export_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    from hts.archives.export_jobs import KIND
    from hts.core.jobs import export_job_start

    teacher = selectors.teacher_get(request.user, uid)
    job = export_job_start(
        actor=request.user,
        kind=KIND,
        label=_("Growth archive of %(name)s (PDF)") % {"name": teacher.name},
        params={"teacher": str(teacher.uid), "name": teacher.name},
    )
    return redirect(job)


@require_POST
@action_required("archive.view")
def export_zip(request: HttpRequest, uid: str) -> HttpResponse:
    from hts.archives.export_jobs import ZIP_KIND
    from hts.core.jobs import export_job_start

    teacher = selectors.teacher_get(request.user, uid)
    job = export_job_start(
        actor=request.user,
        kind=ZIP_KIND,
        label=_("Growth archive of %(name)s (zip with the original files)") % {"name": teacher.name},
        params={"teacher": str(teacher.uid), "name": teacher.name},
    )
    return redirect(job)


@require_POST
@action_required("studio.export")
def export_compilation(request: HttpRequest, uid: str) -> HttpResponse:
    """The studio's compilation of results (成果集) as a PDF book, built in the background."""
    from hts.archives.export_jobs import COMPILATION_KIND, compilation_studio
    from hts.core.jobs import export_job_start

    studio = compilation_studio(request.user, uid)
    job = export_job_start(
        actor=request.user,
        kind=COMPILATION_KIND,
        label=_("Compilation of results of %(studio)s (PDF)") % {"studio": studio.name},
        params={"studio": str(studio.uid), "name": studio.name},
    )
    return redirect(job)


@action_required("archive.view")
def studio_archive(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_team_get(request.user, uid)
    context = selectors.studio_archive(request.user, studio)
    context.update(_semester_page(request, context.pop("items")))
    context.update(
        {
            "studio": studio,
            # A closed studio's archive is read (and compiled into its 成果集), never added to.
            "can_keep": guards.may_keep(request.user, studio) and studio_open_for(studio, "archive")[0],
            "closed_reason": studio_open_for(studio, "archive")[1],
            "can_compile": can(request.user, "studio.export", studio),
            "openable": selectors.archives_openable(request.user, [m.teacher_id for m in context["team"]]),
        }
    )
    return render(request, "archives/studio.html", context)
