"""A pupil's edit page (name, gender, flags, leaving) and the office's export or erasure on a verified request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hts.accounts.access import can, declares, get_scoped_or_404
from hts.classwork import retention
from hts.classwork.forms_retention import PupilEditForm, PupilRequestForm
from hts.classwork.models import Pupil
from hts.core.forms import add_errors, submit
from hts.core.tabular import XLSX_CONTENT_TYPE


def _pupil(user: Any, action: str, uid: Any) -> Pupil:
    """404 alike for a role without the action and for a pupil outside its scope: no page says who is a pupil."""
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(user, action, Pupil.objects.select_related("school_class__school"), uid=uid)


@declares("classwork.pupils.manage")
def pupil_edit(request: HttpRequest, uid: Any) -> HttpResponse:
    pupil = _pupil(request.user, "classwork.pupils.manage", uid)
    if pupil.anonymised_on is not None:
        raise Http404
    form = PupilEditForm(request.POST or None, instance=pupil)
    saved = submit(request, form, lambda data: retention.pupil_edit(actor=request.user, pupil=pupil, data=data))
    if saved is not None:
        messages.success(request, _("The pupil's record is saved."))
        return redirect("classwork-pupils", uid=pupil.school_class.uid)
    return render(
        request,
        "classwork/retention_pupil_edit.html",
        {
            "pupil": pupil,
            "school_class": pupil.school_class,
            "form": form,
            "may_request": can(request.user, "classwork.pupils.request", pupil.school_class),
        },
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.pupils.request")
def pupil_request(request: HttpRequest, uid: Any) -> HttpResponse:
    """Two steps: the request typed in, then a confirmation that names what will happen; only then the act."""
    pupil = _pupil(request.user, "classwork.pupils.request", uid)
    form = PupilRequestForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmed") == "1":
            try:
                return _act(request, pupil, data)
            except ValidationError as error:
                add_errors(form, error)
        else:
            confirming = True
    entries = retention.entries_naming(pupil) if pupil.anonymised_on is None else []
    return render(
        request,
        "classwork/retention_request.html",
        {
            "pupil": pupil,
            "school_class": pupil.school_class,
            "form": form,
            "confirming": confirming,
            "entry_count": len(entries),
            "erasing": confirming and form.cleaned_data.get("what") == PupilRequestForm.ERASE,
        },
        status=400 if request.method == "POST" and not confirming else 200,
    )


def _act(request: HttpRequest, pupil: Pupil, data: dict[str, Any]) -> HttpResponse:
    common = {"actor": request.user, "pupil": pupil, "reference": data["reference"], "note": data["note"]}
    if data["what"] == PupilRequestForm.EXPORT:
        content = retention.pupil_export(**common)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        # No name in the file name: it shows in download lists and shared folders.
        name = _("pupil records, request %(reference)s") % {"reference": data["reference"]}
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name + ".xlsx") or ""
        return response
    changed = retention.pupil_erase(**common)
    messages.success(
        request, _("The pupil's records are anonymised (%(count)d log entries changed).") % {"count": changed}
    )
    return redirect("classwork-pupils", uid=pupil.school_class.uid)
