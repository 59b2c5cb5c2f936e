"""A school's structure pages: staff name the chief head teacher and the mentoring pairs; a mentor
records guidance sessions; the mentee reads them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, declares, get_scoped_or_404, principal
from hts.core.forms import submit
from hts.core.pagination import paginate
from hts.corps.structure import selectors, services
from hts.corps.structure.forms import ChiefForm, EndForm, GuidanceForm, PairForm
from hts.corps.structure.guards import can_read_pair, can_record_guidance
from hts.corps.structure.models import ChiefHeadTeacher, MentorPair
from hts.org.models import School

CHIEFS_SHOWN = 20
MANAGE = "corps.structure.manage"


@action_required(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    school = principal(request).scoped(MANAGE, School.objects.all()).order_by("name").first()
    if school is None:
        raise Http404
    return redirect("corps-structure-school", school_uid=school.uid)


@action_required(MANAGE)
def school_structure(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = get_scoped_or_404(request.user, MANAGE, School.objects.select_related("region"), uid=school_uid)
    teachers = selectors.school_teachers(school)
    which = request.POST.get("form") if request.method == "POST" else None
    chief_form = ChiefForm(request.POST if which == "chief" else None, teachers=teachers, prefix="chief")
    pair_form = PairForm(request.POST if which == "pair" else None, teachers=teachers, prefix="pair")
    if which == "chief":
        saved = submit(
            request,
            chief_form,
            lambda d: services.chief_appoint(
                actor=request.user, school=school, teacher=d["teacher"], started_on=d["started_on"]
            ),
        )
        if saved is not None:
            messages.success(request, _("%(name)s is the chief head teacher.") % {"name": saved.teacher.name})
            return redirect("corps-structure-school", school_uid=school.uid)
    elif which == "pair":
        saved_pair = submit(
            request,
            pair_form,
            lambda d: services.pair_create(
                actor=request.user, school=school, mentor=d["mentor"], mentee=d["mentee"], started_on=d["started_on"]
            ),
        )
        if saved_pair is not None:
            messages.success(request, _("The mentoring pair is created."))
            return redirect("corps-structure-school", school_uid=school.uid)
    chiefs = list(selectors.chiefs_of(school)[:CHIEFS_SHOWN])
    return render(
        request,
        "corps/structure/school.html",
        {
            "school": school,
            "current_chief": next((c for c in chiefs if c.ended_on is None), None),
            "chiefs": chiefs,
            "page": paginate(request, selectors.pairs_of_school(school)),
            "chief_form": chief_form,
            "pair_form": pair_form,
            "end_form": EndForm(),
            "min_years": services.mentor_min_years(school),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@action_required(MANAGE)
def chief_end(request: HttpRequest, uid: str) -> HttpResponse:
    chief = get_scoped_or_404(request.user, MANAGE, ChiefHeadTeacher.objects.select_related("school"), uid=uid)
    form = EndForm(request.POST)
    if submit(request, form, lambda d: services.chief_end(actor=request.user, chief=chief, ended_on=d["ended_on"])):
        messages.success(request, _("The appointment has ended."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-structure-school", school_uid=chief.school.uid)


@require_POST
@action_required(MANAGE)
def pair_end(request: HttpRequest, uid: str) -> HttpResponse:
    pair = get_scoped_or_404(request.user, MANAGE, MentorPair.objects.select_related("school"), uid=uid)
    form = EndForm(request.POST)
    if submit(request, form, lambda d: services.pair_end(actor=request.user, pair=pair, ended_on=d["ended_on"])):
        messages.success(request, _("The mentoring pair has ended."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-structure-school", school_uid=pair.school.uid)


@action_required("corps.guidance.record")
def mine(request: HttpRequest) -> HttpResponse:
    teacher_id = getattr(request.user, "teacher_id", None)
    if teacher_id is None:
        raise Http404
    return render(
        request, "corps/structure/mine.html", {"page": paginate(request, selectors.pairs_of_teacher(teacher_id))}
    )


@declares("corps.guidance.record", MANAGE)
def pair_detail(request: HttpRequest, uid: str) -> HttpResponse:
    pair = get_object_or_404(MentorPair.objects.select_related("school", "mentor", "mentee"), uid=uid)
    if not can_read_pair(request.user, pair):
        raise Http404
    may_record = can_record_guidance(request.user, pair)
    form = GuidanceForm(request.POST or None) if may_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only the mentor records guidance sessions of an open pair."))
        saved = submit(request, form, lambda d: services.guidance_record(actor=request.user, pair=pair, **d))
        if saved is not None:
            messages.success(request, _("The guidance session is recorded."))
            return redirect("corps-structure-pair", uid=pair.uid)
    return render(
        request,
        "corps/structure/pair.html",
        {
            "pair": pair,
            "page": paginate(request, selectors.sessions_of(pair)),
            "total_hours": selectors.total_hours(pair),
            "form": form,
            "is_mentor": getattr(request.user, "teacher_id", None) == pair.mentor_id,
        },
        status=400 if request.method == "POST" else 200,
    )
