"""Changing and deleting a log entry (its class's head teacher and deputy; a confirm page before a
delete), and nothing of a closed semester: its pages say so and offer no form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hts.accounts.access import can, declares, get_scoped_or_404
from hts.classwork import selectors
from hts.classwork.entry_edits import closed_message, entry_change, entry_delete, semester_closed
from hts.classwork.forms import EntryForm
from hts.classwork.models import Kind, LogEntry
from hts.core.forms import submit


def _entry(request: HttpRequest, uid: Any) -> LogEntry:
    if not can(request.user, "classwork.log.write"):
        raise Http404
    return get_scoped_or_404(
        request.user,
        "classwork.log.write",
        LogEntry.objects.select_related("semester__school_year", "school_class__school", "pupil"),
        uid=uid,
    )


def _back(entry: LogEntry) -> HttpResponse:
    response = redirect("classwork-log", uid=entry.school_class.uid)
    response["Location"] += f"?semester={entry.semester.uid}"
    return response


@declares("classwork.log.write")
def entry_edit(request: HttpRequest, uid: Any) -> HttpResponse:
    entry = _entry(request, uid)
    closed = semester_closed(entry.semester)
    form = None
    if not closed:
        initial = {
            "on": entry.on,
            "title": entry.title,
            "notes": entry.notes,
            "follow_up": entry.follow_up,
            "visit_mode": entry.visit_mode,
            "pupil": entry.pupil_id,
        }
        visited = (
            selectors.visited_pupil_ids(entry.school_class, entry.semester)
            if entry.kind == Kind.HOME_VISIT
            else frozenset()
        )
        form = EntryForm(
            request.POST or None, kind=entry.kind, school_class=entry.school_class, initial=initial, visited=visited
        )
        # A photo is added with a new entry; a change keeps the entry's photos as they are.
        form.fields.pop("photo", None)
        saved = submit(request, form, lambda data: entry_change(actor=request.user, entry=entry, data=data))
        if saved is not None:
            messages.success(request, _("Saved: %(entry)s.") % {"entry": saved.get_kind_display()})
            return _back(saved)
    return render(
        request,
        "classwork/entry_edit.html",
        {
            "entry": entry,
            "school_class": entry.school_class,
            "form": form,
            "kind_label": Kind(entry.kind).label,
            "closed": closed_message(entry.semester) if closed else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@declares("classwork.log.write")
def entry_remove(request: HttpRequest, uid: Any) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    entry = _entry(request, uid)
    closed = closed_message(entry.semester) if semester_closed(entry.semester) else ""
    error = ""
    if request.method == "POST" and not closed:
        try:
            entry_delete(actor=request.user, entry=entry)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Deleted: %(entry)s.") % {"entry": entry.get_kind_display()})
            return _back(entry)
    return render(
        request,
        "classwork/entry_delete.html",
        {"entry": entry, "school_class": entry.school_class, "closed": closed, "error": error},
        status=400 if request.method == "POST" else 200,
    )
