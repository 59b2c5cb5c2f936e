"""The class work pages: a class's log with what is due, its pupils, and the region's policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hts.accounts.access import action_required, can, declares, get_scoped_or_404, principal
from hts.classwork import selectors, services
from hts.classwork.apps import HEADS_A_CLASS
from hts.classwork.entry_edits import closed_message, semester_closed
from hts.classwork.forms import EntryForm, PolicyForm, PupilForm, PupilImportForm
from hts.classwork.importer import MAX_ROWS, check, template_workbook
from hts.classwork.links import class_links
from hts.classwork.models import ClassworkPolicy, Kind, LogPhoto, Pupil, PupilContact
from hts.classwork.policy import FIELDS, policy_for
from hts.core.files import serve_stored
from hts.core.forms import submit
from hts.core.tabular import XLSX_CONTENT_TYPE, TableError, read_table
from hts.org.models import Region

CLASSES_SHOWN = 200


@action_required("classwork.view")
def class_list(request: HttpRequest) -> HttpResponse:
    classes = list(selectors.classes_for(request.user)[:CLASSES_SHOWN])
    # The menu's memory (apps.HEADS_A_CLASS) brought up to date here, where it is known for free.
    if request.session.get(HEADS_A_CLASS) != bool(classes):
        request.session[HEADS_A_CLASS] = bool(classes)
    return render(request, "classwork/class_list.html", {"classes": classes})


@declares("classwork.view")
def class_log(request: HttpRequest, uid: Any) -> HttpResponse:
    """The log of one semester: the current one, or one the class's calendar has begun (`?semester=`)."""
    school_class = selectors.class_for(request.user, "classwork.view", uid)
    today = timezone.localdate()
    semesters = selectors.semesters_of(school_class, today)
    current = next((s for s in semesters if s.starts_on <= today <= s.ends_on), None)
    chosen = request.GET.get("semester", "")
    semester = next((s for s in semesters if str(s.uid) == chosen), None) if chosen else current
    if chosen and semester is None:
        raise Http404
    pupils = selectors.pupils_of(school_class)
    entries = selectors.log_of(school_class, semester) if semester else []
    dues = selectors.dues_of(school_class, semester, entries, pupils, today) if semester else None
    closed = semester is not None and semester_closed(semester, today)
    return render(
        request,
        "classwork/log.html",
        {
            "school_class": school_class,
            "semester": semester,
            "semesters": semesters,
            "is_current": semester is not None and semester == current,
            "closed": closed_message(semester) if semester is not None and closed else "",
            "entries": entries,
            "dues": dues,
            "pupil_count": len(pupils),
            "kinds": Kind.choices,
            "may_write": can(request.user, "classwork.log.write", school_class),
        },
    )


@declares("classwork.log.write")
def entry_new(request: HttpRequest, uid: Any, kind: str) -> HttpResponse:
    school_class = selectors.class_for(request.user, "classwork.log.write", uid)
    if kind not in Kind.values:
        raise Http404
    semester = services.semester_of(school_class, timezone.localdate())
    if semester is None:
        # Outside every semester nothing can be logged: the page says so rather than offer a form.
        return render(
            request,
            "classwork/entry_form.html",
            {"school_class": school_class, "form": None, "kind_label": Kind(kind).label, "semester": None},
        )
    visited = selectors.visited_pupil_ids(school_class, semester) if kind == Kind.HOME_VISIT else frozenset()
    form = EntryForm(request.POST or None, request.FILES or None, kind=kind, school_class=school_class, visited=visited)
    saved = submit(
        request,
        form,
        lambda data: services.entry_record(actor=request.user, school_class=school_class, semester=semester, data=data),
    )
    if saved is not None:
        messages.success(request, _("Recorded: %(entry)s.") % {"entry": saved.get_kind_display()})
        return redirect("classwork-log", uid=school_class.uid)
    return render(
        request,
        "classwork/entry_form.html",
        {"school_class": school_class, "form": form, "kind_label": Kind(kind).label, "semester": semester},
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.view")
def pupil_list(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = selectors.class_for(request.user, "classwork.view", uid)
    may_manage = can(request.user, "classwork.pupils.manage", school_class)
    form = PupilForm(request.POST or None) if may_manage else None
    if form is not None:
        saved = submit(
            request, form, lambda data: services.pupil_add(actor=request.user, school_class=school_class, **data)
        )
        if saved is not None:
            messages.success(request, _("The pupil is added."))
            return redirect("classwork-pupils", uid=school_class.uid)
    pupils = selectors.pupils_of(school_class)
    # Contacts for home visits only for the class's head teacher and deputy (one query).
    may_visit = can(request.user, "classwork.log.write", school_class)
    if may_visit:
        contacts = {c.pupil_id: c for c in PupilContact.objects.filter(pupil__school_class=school_class)}
        for pupil in pupils:
            pupil.contact = contacts.get(pupil.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "classwork/pupils.html",
        {
            "school_class": school_class,
            "pupils": pupils,
            "form": form,
            "may_manage": may_manage,
            "may_request": can(request.user, "classwork.pupils.request", school_class),
            "may_visit": may_visit,
            "class_links": class_links(request.user, school_class),
        },
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.pupils.manage")
def pupil_import(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = selectors.class_for(request.user, "classwork.pupils.manage", uid)
    form = PupilImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.name, upload.read(), max_rows=MAX_ROWS)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            existing = set(Pupil.objects.filter(school_class=school_class).values_list("name", flat=True))
            rows, problems = check(table, existing)
            if not problems:
                added = services.pupils_import(actor=request.user, school_class=school_class, rows=rows)
                messages.success(request, _("%(count)d pupils imported.") % {"count": added})
                return redirect("classwork-pupils", uid=school_class.uid)
    return render(
        request,
        "classwork/pupil_import.html",
        {"school_class": school_class, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.pupils.manage")
def pupil_template(request: HttpRequest, uid: Any) -> HttpResponse:
    selectors.class_for(request.user, "classwork.pupils.manage", uid)
    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=_("pupil list template") + ".xlsx") or ""
    )
    return response


@action_required("classwork.policy.manage")
def policy_home(request: HttpRequest) -> HttpResponse:
    region = (
        principal(request).scoped("classwork.policy.manage", Region.objects.all()).order_by("depth", "path").first()
    )
    if region is None:
        raise Http404
    return redirect("classwork-policy", region_uid=region.uid)


@action_required("classwork.policy.manage")
def policy_edit(request: HttpRequest, region_uid: str) -> HttpResponse:
    region = get_scoped_or_404(
        request.user, "classwork.policy.manage", Region.objects.select_related("parent"), uid=region_uid
    )
    effective = policy_for(region)
    own = effective if effective is not None and effective.region_id == region.pk else None
    initial = model_to_dict(effective, fields=FIELDS) if effective is not None else {}
    form = PolicyForm(request.POST or None, instance=own or ClassworkPolicy(region=region), initial=initial)
    saved = submit(
        request, form, lambda data: services.classwork_policy_save(actor=request.user, region=region, data=data)
    )
    if saved is not None:
        messages.success(request, _("The class work policy of %(region)s is saved.") % {"region": region.name})
        return redirect("classwork-policy", region_uid=region.uid)
    return render(
        request,
        "classwork/policy.html",
        {"region": region, "form": form, "effective": effective, "own": own},
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.view")
def photo(request: HttpRequest, uid: Any) -> HttpResponse:
    """Photos are served only here, after the class's scope check (404 for anyone else)."""
    if not can(request.user, "classwork.view"):
        raise Http404
    return serve_stored(
        get_scoped_or_404(request.user, "classwork.view", LogPhoto.objects.select_related("entry"), uid=uid)
    )
