"""Starting the quota matrix's Excel export: a background job whose page shows its progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.activities.export_jobs import KIND, matrix_params
from hts.core.jobs import export_job_start


@require_POST
@action_required("batch.view")
def quota_matrix_export(request: HttpRequest) -> HttpResponse:
    params = matrix_params(request.POST)
    job = export_job_start(
        actor=request.user,
        kind=KIND,
        label=_("Quota compliance %(month)s (Excel)") % {"month": params["month"]},
        params=params,
    )
    return redirect(job)
