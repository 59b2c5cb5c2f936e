"""The left-behind children's files pages: a class's list, a file, its export, and a bureau's counts.

Whoever is not the pupil's own head teacher gives a reason before the first read of a file (and the
first export of a class's files) in a session (issue 15 point 3: a reason on the first read in a
session); the session keeps it for every later file and export, and every read and export is audited
with it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.access import action_required, can, declares
from hts.classwork import leftbehind as lb
from hts.classwork.models import LeftBehindFile, Pupil
from hts.core.forms import submit
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook

SESSION_KEY = "classwork_leftbehind_reason"
SCHOOLS_SHOWN = 1000


def _date_field() -> forms.DateField:
    return forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class FileForm(forms.Form):
    guardian_name = forms.CharField(label=gettext_lazy("Guardian's name"), max_length=40)
    guardian_relation = forms.CharField(
        label=gettext_lazy("Guardian's relation to the child"),
        max_length=20,
        help_text=gettext_lazy("For example: grandmother, uncle."),
    )
    parents_work = forms.CharField(label=gettext_lazy("Where the parents work"), max_length=200)
    contact_plan = forms.CharField(
        label=gettext_lazy("Contact plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("How often and how the school keeps in touch with the parents and the guardian."),
    )


class NewFileForm(FileForm):
    pupil = forms.ModelChoiceField(label=gettext_lazy("Pupil"), queryset=Pupil.objects.all(), to_field_name="uid")

    def __init__(self, *args: Any, school_class: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["pupil"])
        # Any pupil is accepted here so that one of another class, or one not flagged, is refused by the
        # service's rule with its message, the typed fields kept.
        self.fields["pupil"].widget.choices = [("", "---------")] + [
            (p.uid, p.name)
            for p in Pupil.objects.filter(
                school_class=school_class, left_behind=True, left_behind_file__isnull=True
            ).order_by("name")
        ]


class ActivityForm(forms.Form):
    on = _date_field()
    title = forms.CharField(label=gettext_lazy("Activity"), max_length=200)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    on = _date_field()
    text = forms.CharField(label=gettext_lazy("Support note"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    access_reason = forms.CharField(
        label=gettext_lazy("Why do you open it?"),
        max_length=200,
        help_text=gettext_lazy(
            "For example: preparing a home visit. Kept in the audit log with your name and the time."
        ),
    )


def _today_initial() -> dict[str, Any]:
    return {"on": timezone.localdate()}


# The reason gate ---------------------------------------------------------------------------------


def _own_head_teacher(user: Any, school_class: Any) -> bool:
    return bool(user.teacher_id) and user.teacher_id == school_class.head_teacher_id


def _gate(request: HttpRequest, school_class: Any, subject: str) -> tuple[HttpResponse | None, str]:
    """(None, reason) when the read may go on; else (the reason form, or a redirect once it is given)."""
    if _own_head_teacher(request.user, school_class):
        return None, ""
    reason = request.session.get(SESSION_KEY)
    if reason:
        return None, reason
    bound = request.method == "POST" and "access_reason" in request.POST
    form = ReasonForm(request.POST if bound else None)
    if bound and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["access_reason"].strip()
        return redirect(request.path), ""
    return (
        render(
            request,
            "classwork/leftbehind_reason.html",
            {"school_class": school_class, "form": form, "subject": subject},
            status=400 if bound else 200,
        ),
        "",
    )


def _file_gate(request: HttpRequest, file: LeftBehindFile) -> tuple[HttpResponse | None, str]:
    return _gate(request, file.pupil.school_class, _("a left-behind child's file"))


# Pages -------------------------------------------------------------------------------------------


@declares(lb.VIEW)
def file_list(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = lb.class_for(request.user, lb.VIEW, uid)
    return render(
        request,
        "classwork/leftbehind_list.html",
        {
            "school_class": school_class,
            "pupils": lb.flagged_pupils(school_class),
            "hidden": lb.hidden_file_count(school_class),
            "may_manage": can(request.user, lb.MANAGE, school_class),
        },
    )


@declares(lb.MANAGE)
def file_new(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = lb.class_for(request.user, lb.MANAGE, uid)
    form = NewFileForm(request.POST or None, school_class=school_class, initial={"pupil": request.GET.get("pupil")})
    saved = submit(
        request,
        form,
        lambda data: lb.file_create(actor=request.user, school_class=school_class, pupil=data["pupil"], data=data),
    )
    if saved is not None:
        messages.success(request, _("The left-behind child's file is created."))
        return redirect("classwork-leftbehind-file", uid=saved.uid)
    return render(
        request,
        "classwork/leftbehind_new.html",
        {"school_class": school_class, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _show(
    request: HttpRequest,
    file: LeftBehindFile,
    reason: str,
    activity_form: ActivityForm | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    activities, notes = lb.rows_of(file)
    may_manage = can(request.user, lb.MANAGE, file)
    lb.record_read(actor=request.user, file=file, reason=reason)
    bound = activity_form is not None or note_form is not None
    return render(
        request,
        "classwork/leftbehind_file.html",
        {
            "file": file,
            "pupil": file.pupil,
            "school_class": file.pupil.school_class,
            "activities": activities,
            "notes": notes,
            "reason": reason,
            "may_manage": may_manage,
            "activity_form": activity_form or (ActivityForm(initial=_today_initial()) if may_manage else None),
            "note_form": note_form or (NoteForm(initial=_today_initial()) if may_manage else None),
        },
        status=400 if bound else 200,
    )


@declares(lb.VIEW)
def file_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    file = lb.file_for(request.user, lb.VIEW, uid)
    gate, reason = _file_gate(request, file)
    return gate or _show(request, file, reason)


@declares(lb.MANAGE)
def file_edit(request: HttpRequest, uid: Any) -> HttpResponse:
    file = lb.file_for(request.user, lb.MANAGE, uid)
    gate, reason = _file_gate(request, file)
    if gate is not None:
        return gate
    initial = {name: getattr(file, name) for name in lb.BASE_FIELDS}
    form = FileForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda data: lb.file_edit(actor=request.user, file=file, data=data))
    if saved is not None:
        messages.success(request, _("The left-behind child's file is saved."))
        return redirect("classwork-leftbehind-file", uid=file.uid)
    # The form shows the file's fields: a read, audited like the file's page.
    lb.record_read(actor=request.user, file=file, reason=reason)
    return render(
        request,
        "classwork/leftbehind_edit.html",
        {"file": file, "pupil": file.pupil, "school_class": file.pupil.school_class, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _add_row(request: HttpRequest, uid: Any, form_class: type[forms.Form], save: Any, done: str) -> HttpResponse:
    file = lb.file_for(request.user, lb.MANAGE, uid)
    gate, reason = _file_gate(request, file)
    if gate is not None:
        return gate
    if request.method != "POST":
        return redirect("classwork-leftbehind-file", uid=file.uid)
    form = form_class(request.POST)
    saved = submit(request, form, lambda data: save(actor=request.user, file=file, data=data))
    if saved is not None:
        messages.success(request, done)
        return redirect("classwork-leftbehind-file", uid=file.uid)
    if form_class is ActivityForm:
        return _show(request, file, reason, activity_form=form)  # type: ignore[arg-type]
    return _show(request, file, reason, note_form=form)  # type: ignore[arg-type]


@declares(lb.MANAGE)
def activity_add(request: HttpRequest, uid: Any) -> HttpResponse:
    return _add_row(request, uid, ActivityForm, lb.activity_add, _("The activity is recorded."))


@declares(lb.MANAGE)
def note_add(request: HttpRequest, uid: Any) -> HttpResponse:
    return _add_row(request, uid, NoteForm, lb.note_add, _("The support note is recorded."))


def export_workbook(files: list[LeftBehindFile], caption: str) -> bytes:
    base = [
        [
            f.pupil.name,
            f.pupil.get_gender_display(),
            f.guardian_name,
            f.guardian_relation,
            f.parents_work,
            f.contact_plan,
            len(f.activities.all()),
            len(f.notes.all()),
        ]
        for f in files
    ]
    activities = [[f.pupil.name, a.on, a.title, a.notes] for f in files for a in f.activities.all()]
    notes = [[f.pupil.name, n.on, n.text] for f in files for n in f.notes.all()]
    name, day = _("Pupil's name"), _("Date")
    return write_workbook(
        [
            (
                _("Left-behind children's files"),
                [
                    name,
                    _("Gender"),
                    _("Guardian's name"),
                    _("Guardian's relation to the child"),
                    _("Where the parents work"),
                    _("Contact plan"),
                    _("Activities"),
                    _("Support notes"),
                ],
                base,
            ),
            (_("Activities for the child"), [name, day, _("Activity"), _("Notes")], activities),
            (_("Support notes"), [name, day, _("Support note")], notes),
        ],
        caption=caption,
    )


@declares(lb.VIEW)
def file_export(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = lb.class_for(request.user, lb.VIEW, uid)
    gate, reason = _gate(request, school_class, _("the class's left-behind children's files"))
    if gate is not None:
        return gate
    files = lb.files_of_class(school_class)
    caption = _("%(school)s %(class)s left-behind children's files") % {
        "school": school_class.school.name,
        "class": school_class,
    }
    content = export_workbook(files, caption)
    lb.record_export(actor=request.user, school_class=school_class, reason=reason, count=len(files))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=caption + ".xlsx") or ""
    return response


@action_required(lb.COUNTS)
def bureau_counts(request: HttpRequest) -> HttpResponse:
    rows = lb.bureau_counts(request.user, timezone.localdate(), SCHOOLS_SHOWN + 1)
    return render(
        request,
        "classwork/leftbehind_counts.html",
        {
            "rows": rows[:SCHOOLS_SHOWN],
            "more": len(rows) > SCHOOLS_SHOWN,
            "shown": SCHOOLS_SHOWN,
            "totals": {key: sum(row[key] for row in rows[:SCHOOLS_SHOWN]) for key in ("flagged", "kept", "active")},
        },
    )
