"""The data inventory page: what personal data the platform keeps, why, who sees it and for how long."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hts.core.personal_data import inventory


@require_GET
def data_inventory(request: HttpRequest) -> HttpResponse:
    # The inventory describes kinds of data, never anyone's records: anyone may read it, including the
    # visitors whose contact a comment keeps (PIPL asks that those whose data is kept can learn how).
    sections = [(label, [(entry, entry.field_labels()) for entry in entries]) for label, entries in inventory()]
    return render(request, "core/data_inventory.html", {"sections": sections})
