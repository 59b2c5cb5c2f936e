"""Rubric pages: list, version detail (print-friendly), copy, draft editor, activation; and one
subject's proposed scores with their evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.forms import add_errors
from hts.evaluation.rounds import evidence
from hts.evaluation.rubrics import selectors, services
from hts.evaluation.rubrics.forms import CopyForm, ItemForm, SectionForm
from hts.evaluation.rubrics.models import RubricItem, RubricSection, RubricVersion
from hts.org.models import Region, School
from hts.research.weights import weights_for


@action_required("rubric.view")
def rubric_list(request: HttpRequest) -> HttpResponse:
    rubrics = selectors.rubric_list(request.user)
    return render(request, "evaluation/rubrics/list.html", {"rubrics": rubrics})


@action_required("rubric.view")
def rubric_detail(request: HttpRequest, uid: str) -> HttpResponse:
    rubric = selectors.rubric_get(request.user, uid)
    versions = rubric.versions.order_by("-number")
    return render(
        request,
        "evaluation/rubrics/rubric.html",
        {"rubric": rubric, "versions": versions, "can_manage": selectors.can_manage(request.user, rubric)},
    )


@action_required("rubric.view")
def version_detail(request: HttpRequest, uid: str) -> HttpResponse:
    version = selectors.version_get(request.user, uid)
    sections = selectors.version_sections(version)
    region = selectors.viewer_region(request.user)
    weights = weights_for(region) if region is not None else weights_for(Region(path=""))
    has_weighted = any(item.level_weighted for section in sections for item in section.items.all())
    from hts.org.models import Level

    return render(
        request,
        "evaluation/rubrics/version.html",
        {
            "version": version,
            "rubric": version.rubric,
            "sections": sections,
            "total": sum((s.max_points for s in sections), 0),
            "weights": [(label, weights.get(value)) for value, label in Level.choices] if has_weighted else [],
            "can_manage": selectors.can_manage(request.user, version.rubric),
            "can_copy": bool(selectors.owner_choices(request.user)) and _can(request, "rubric.manage"),
            "copy_form": CopyForm(owners=selectors.owner_choices(request.user)),
        },
    )


def _can(request: HttpRequest, action: str) -> bool:
    from hts.accounts.access import principal

    return principal(request).can(action)


@require_POST
@action_required("rubric.manage")
def version_copy(request: HttpRequest, uid: str) -> HttpResponse:
    version = selectors.version_get(request.user, uid)
    form = CopyForm(request.POST, owners=selectors.owner_choices(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose the region or the school that will own the copy."))
        return redirect(version)
    kind = form.cleaned_data["owner"].partition(":")[0]
    owner = form.owners[form.cleaned_data["owner"]]
    try:
        rubric = services.rubric_copy(
            actor=request.user,
            version=version,
            region=owner if kind == "region" and isinstance(owner, Region) else None,
            school=owner if kind == "school" and isinstance(owner, School) else None,
            name=form.cleaned_data["name"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, _("Copied. Edit the draft, then put it in use."))
    return redirect("evaluation-version-edit", uid=rubric.versions.get().uid)


def _editable_version(request: HttpRequest, uid: str) -> RubricVersion:
    version = selectors.version_get(request.user, uid)
    if not selectors.can_manage(request.user, version.rubric):
        raise PermissionDenied(_("You may not edit this rubric."))
    return version


@action_required("rubric.manage")
def version_edit(request: HttpRequest, uid: str) -> HttpResponse:
    """A draft not in use: its editor. Otherwise a button that makes (or opens) the next draft."""
    version = _editable_version(request, uid)
    editable = version.status == RubricVersion.Status.DRAFT and not selectors.version_in_use(version)
    if request.method == "POST" or not editable:
        if request.method != "POST":
            return render(request, "evaluation/rubrics/next_draft.html", {"version": version})
        try:
            draft = services.rubric_version_edit(actor=request.user, version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(version)
        return redirect("evaluation-version-edit", uid=draft.uid)
    sections = selectors.version_sections(version)
    return render(
        request,
        "evaluation/rubrics/edit.html",
        {"version": version, "rubric": version.rubric, "sections": sections, "totals": sections},
    )


@require_POST
@action_required("rubric.manage")
def version_activate(request: HttpRequest, uid: str) -> HttpResponse:
    version = _editable_version(request, uid)
    try:
        services.rubric_version_activate(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation-version-edit", uid=version.uid)
    messages.success(request, _("Version %(number)s is now in use.") % {"number": version.number})
    return redirect(version)


def _section(version: RubricVersion, position: int) -> RubricSection:
    try:
        return version.sections.get(position=position)
    except RubricSection.DoesNotExist as missing:
        raise Http404 from missing


def _item(version: RubricVersion, number: int) -> RubricItem:
    try:
        return version.items.select_related("section").get(number=number)
    except RubricItem.DoesNotExist as missing:
        raise Http404 from missing


def _render_form(
    request: HttpRequest, version: RubricVersion, form: object, title: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "evaluation/rubrics/form.html",
        {"version": version, "rubric": version.rubric, "form": form, "title": title},
        status=status,
    )


@action_required("rubric.manage")
def section_edit(request: HttpRequest, uid: str, position: int | None = None) -> HttpResponse:
    version = _editable_version(request, uid)
    section = _section(version, position) if position is not None else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.SECTION_FIELDS}
        try:
            services.rubric_section_save(actor=request.user, version=version, data=data, section=section)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("evaluation-version-edit", uid=version.uid)
    title = _("Edit the section") if section else _("New section")
    return _render_form(request, version, form, title, status=400 if request.method == "POST" else 200)


@action_required("rubric.manage")
def item_edit(request: HttpRequest, uid: str, number: int | None = None) -> HttpResponse:
    version = _editable_version(request, uid)
    item = _item(version, number) if number is not None else None
    form = ItemForm(request.POST or None, instance=item, version=version)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ITEM_FIELDS}
        if not data["number"]:
            data.pop("number")
        try:
            services.rubric_item_save(actor=request.user, version=version, data=data, item=item)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("evaluation-version-edit", uid=version.uid)
    title = _("Edit the item") if item else _("New item")
    return _render_form(request, version, form, title, status=400 if request.method == "POST" else 200)


@require_POST
@action_required("rubric.manage")
def section_delete(request: HttpRequest, uid: str, position: int) -> HttpResponse:
    version = _editable_version(request, uid)
    try:
        services.rubric_section_delete(actor=request.user, section=_section(version, position))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation-version-edit", uid=version.uid)


@require_POST
@action_required("rubric.manage")
def item_delete(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    version = _editable_version(request, uid)
    try:
        services.rubric_item_delete(actor=request.user, item=_item(version, number))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation-version-edit", uid=version.uid)


@action_required("evaluation.rate", "evaluation.organise")
def subject_evidence(request: HttpRequest, subject_uid: str) -> HttpResponse:
    """One person's proposed scores with the records behind them (raters and the organiser)."""
    subject = selectors.evidence_subject(request.user, subject_uid)
    rnd = subject.round
    proposals, blocked = evidence.compute(rnd, [subject])
    rows = []
    for item in rnd.version.items.filter(scoring=RubricItem.Scoring.COMPUTED).order_by("number"):
        proposal = proposals.get((subject.pk, item.pk))
        rows.append(
            {
                "item": item,
                "proposal": proposal,
                "records": [evidence.display_cells(record) for record in proposal.rows] if proposal else [],
                "blocked": blocked.get((subject.pk, item.pk), ""),
            }
        )
    return render(
        request,
        "evaluation/rubrics/evidence.html",
        {"subject": subject, "round": rnd, "rows": rows, "period": evidence.period_of(rnd)},
    )
