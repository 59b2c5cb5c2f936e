"""The data inventory page: what personal data the platform keeps, why, who sees it and for how long."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hts.core.decorators import signed_in
from hts.core.personal_data import inventory


@signed_in
def data_inventory(request: HttpRequest) -> HttpResponse:
    # The inventory describes kinds of data, never anyone's records: every signed-in person may read it.
    sections = [(label, [(entry, entry.field_labels()) for entry in entries]) for label, entries in inventory()]
    return render(request, "core/data_inventory.html", {"sections": sections})
