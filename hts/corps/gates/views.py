"""The gates pages of a school: its head teachers with each gate, the credited club and society work,
the 优秀 share, and the Excel list of who may apply for a professional title."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can
from hts.core.forms import submit
from hts.core.jobs import export_job_start
from hts.core.pagination import paginate
from hts.corps.gates import selectors, services
from hts.corps.gates.export_jobs import KIND
from hts.corps.gates.forms import CreditedServiceForm, ExcellentCountForm, ExcellentShareForm
from hts.corps.selectors import policy_for

TEACHERS_PER_PAGE = 25
CREDITED_SHOWN = 20


@action_required("corps.gates.view")
def gates_home(request: HttpRequest) -> HttpResponse:
    """School staff land on their school; a bureau picks one of its schools."""
    page = paginate(request, selectors.gate_schools(request.user), 50)
    if page.paginator.count == 1:
        return redirect("corps-gates-school", school_uid=page.object_list[0].uid)
    return render(request, "corps/gates/home.html", {"page": page})


def _school_page(request: HttpRequest, school_uid: str, **forms: object) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    on = timezone.localdate()
    policy = policy_for(school.region)
    years = selectors.calendar_years(school)
    page = paginate(request, selectors.head_teachers(school), TEACHERS_PER_PAGE)
    rows = [(teacher, selectors.gates_for_loaded(teacher, policy, years, on)) for teacher in page.object_list]
    status = selectors.share_status(school, years, on)
    can_manage = can(request.user, "corps.gates.manage", school)
    context = {
        "school": school,
        "policy": policy,
        "page": page,
        "rows": rows,
        "share": status,
        "can_manage": can_manage,
        "credited": list(selectors.credited_of_school(school)[:CREDITED_SHOWN]),
        "today": on,
    }
    if can_manage:
        context["share_form"] = forms.get("share_form") or ExcellentShareForm(
            initial={"percent": status.share.percent if status.share else None}
        )
        context["count_form"] = forms.get("count_form") or ExcellentCountForm(
            initial={"total": status.count.total, "head_teachers": status.count.head_teachers} if status.count else None
        )
    bad = any(form is not None for form in forms.values())
    return render(request, "corps/gates/school.html", context, status=400 if bad else 200)


@action_required("corps.gates.view")
def school_gates(request: HttpRequest, school_uid: str) -> HttpResponse:
    return _school_page(request, school_uid)


@require_POST
@action_required("corps.gates.manage")
def share_save(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid, "corps.gates.manage")
    form = ExcellentShareForm(request.POST)
    saved = submit(
        request,
        form,
        lambda data: services.excellent_share_set(actor=request.user, school=school, percent=data["percent"]),
    )
    if saved is None:
        return _school_page(request, school_uid, share_form=form)
    messages.success(request, _("The share is saved."))
    return redirect("corps-gates-school", school_uid=school.uid)


@require_POST
@action_required("corps.gates.manage")
def count_save(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid, "corps.gates.manage")
    year = selectors.share_status(school, selectors.calendar_years(school), timezone.localdate()).year
    form = ExcellentCountForm(request.POST)
    if year is None:
        form.add_error(None, _("No school year of the calendar contains today: define it first."))
    saved = (
        submit(
            request,
            form,
            lambda data: services.excellent_count_set(
                actor=request.user,
                school=school,
                school_year=year,
                total=data["total"],
                head_teachers=data["head_teachers"],
            ),
        )
        if year is not None
        else None
    )
    if saved is None:
        return _school_page(request, school_uid, count_form=form)
    messages.success(request, _("The year's 优秀 counts are saved."))
    return redirect("corps-gates-school", school_uid=school.uid)


@action_required("corps.gates.manage")
def credited_new(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid, "corps.gates.manage")
    form = CreditedServiceForm(request.POST or None, school=school)
    saved = submit(
        request,
        form,
        lambda data: services.credited_service_create(
            actor=request.user, school=school, teacher=data["teacher"], data=data
        ),
    )
    if saved is not None:
        messages.success(request, _("The credited work of %(name)s is recorded.") % {"name": saved.teacher.name})
        return redirect("corps-gates-school", school_uid=school.uid)
    return render(
        request,
        "corps/gates/credited_form.html",
        {"school": school, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@action_required("corps.gates.view")
def title_export(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    job = export_job_start(
        actor=request.user,
        kind=KIND,
        label=_("%(school)s: who may apply for a professional title (Excel)") % {"school": school.name},
        params={"school": str(school.uid)},
    )
    return redirect(job)
