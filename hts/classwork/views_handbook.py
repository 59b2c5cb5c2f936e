"""The handbook's export: the class log's button starts a background job for the chosen semester."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import declares
from hts.classwork import handbook, selectors
from hts.classwork.export_jobs import ACTION, DOCX_KIND, PDF_KIND
from hts.core.jobs import export_job_start


@require_POST
@declares(ACTION)
def handbook_export(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = selectors.class_for(request.user, ACTION, uid)
    chosen = request.POST.get("semester", "")
    semester = next(
        (s for s in handbook.semester_choices(school_class, timezone.localdate()) if str(s.uid) == chosen), None
    )
    if semester is None:
        raise Http404
    as_word = request.POST.get("format") == "docx"
    label = _("%(class)s: head teacher's handbook, %(semester)s (%(format)s)") % {
        "class": f"{school_class.school.name}{school_class}",
        "semester": semester,
        "format": "Word" if as_word else "PDF",
    }
    job = export_job_start(
        actor=request.user,
        kind=DOCX_KIND if as_word else PDF_KIND,
        label=label,
        params={"class": str(school_class.uid), "semester": str(semester.uid)},
    )
    return redirect(job)
