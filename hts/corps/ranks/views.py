"""The ranks pages of a school: its head teachers with their proposal and current rank, one teacher's
reasons and decision, confirming all proposals (preview, then confirm), the scheme, the allowance
per rank, and the monthly rolls with their versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, can_any, declares, principal, scoped
from hts.core.forms import submit
from hts.core.jobs import export_job_start
from hts.core.pagination import paginate
from hts.corps.ranks import selectors, services
from hts.corps.ranks.export_jobs import KIND
from hts.corps.ranks.facts import rank_reasons
from hts.corps.ranks.forms import (
    ConfirmAllForm,
    CriterionForm,
    RankDecisionForm,
    RankForm,
    RatesForm,
    RollBuildForm,
    SchemeCreateForm,
)
from hts.corps.ranks.guards import can_edit_scheme, require_scheme_edit
from hts.corps.ranks.models import AllowanceRoll, Rank, RankCriterion, RankScheme

VIEW, MANAGE, SCHEME = selectors.VIEW, selectors.MANAGE, selectors.SCHEME
TEACHERS_PER_PAGE = 25


@action_required(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    """School staff land on their school; a bureau picks a school or its region's default scheme."""
    page = paginate(request, selectors.schools_for(request.user), 50)
    regional = (
        list(scoped(request.user, SCHEME, RankScheme.objects.filter(region__isnull=False)).select_related("region"))
        if can(request.user, SCHEME)
        else []
    )
    if page.paginator.count == 1 and not regional:
        return redirect("corps-ranks-school", school_uid=page.object_list[0].uid)
    return render(request, "corps/ranks/home.html", {"page": page, "regional": regional})


@action_required(VIEW)
def school_ranks(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    scheme = selectors.scheme_for(school)
    page = paginate(request, selectors.head_teachers(school).order_by("name", "pk"), TEACHERS_PER_PAGE)
    rows = selectors.proposal_rows(list(page.object_list))
    return render(
        request,
        "corps/ranks/school.html",
        {
            "school": school,
            "scheme": scheme,
            "page": page,
            "rows": rows,
            "can_manage": can(request.user, MANAGE, school),
        },
    )


@action_required(VIEW)
def teacher_rank(request: HttpRequest, school_uid: str, teacher_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    teacher = selectors.teacher_of_school(school, teacher_uid)
    can_manage = can(request.user, MANAGE, school)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    scheme = selectors.scheme_for(school)
    offered = Rank.objects.filter(scheme=scheme).order_by("-order")
    # Any rank may be posted: the service refuses one outside the school's scheme with the rule named.
    form = RankDecisionForm(request.POST or None, ranks=Rank.objects.all() if request.method == "POST" else offered)
    row = selectors.proposal_rows([teacher])[0]
    if request.method == "GET" and row.proposal.rank is not None:
        form.initial["rank"] = row.proposal.rank.pk
    saved = submit(
        request,
        form,
        lambda d: services.rank_set(
            actor=request.user,
            school=school,
            teacher=teacher,
            rank=d["rank"],
            started_on=d["started_on"],
            reason=d["reason"],
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("%(name)s: %(rank)s from %(date)s.")
            % {"name": teacher.name, "rank": saved.rank.name, "date": saved.started_on.isoformat()},
        )
        return redirect("corps-ranks-teacher", school_uid=school.uid, teacher_uid=teacher.uid)
    form.fields["rank"].queryset = offered  # type: ignore[attr-defined]  (the page offers the scheme's only)
    return render(
        request,
        "corps/ranks/teacher.html",
        {
            "school": school,
            "teacher": teacher,
            "scheme": scheme,
            "row": row,
            "form": form if can_manage else None,
            "history": [(a, rank_reasons(a)) for a in selectors.rank_history(teacher)[:50]],
        },
        status=400 if request.method == "POST" else 200,
    )


@action_required(MANAGE)
def confirm_all(request: HttpRequest, school_uid: str) -> HttpResponse:
    """Preview every proposal that differs from the current rank; confirming takes those still standing."""
    school = selectors.school_get(request.user, school_uid, MANAGE)
    form = ConfirmAllForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        previewed = {}
        for value in request.POST.getlist("proposal"):
            teacher_id, _sep, rank_id = value.partition(":")
            if teacher_id.isdigit() and rank_id.isdigit():
                previewed[int(teacher_id)] = int(rank_id)
        confirmed, skipped = services.proposals_confirm(
            actor=request.user, school=school, previewed=previewed, started_on=form.cleaned_data["started_on"]
        )
        messages.success(request, _("%(n)s proposals confirmed.") % {"n": confirmed})
        if skipped:
            messages.warning(
                request,
                _(
                    "%(n)s were left as they are: their proposal changed since the preview, "
                    "or their current rank started on or after that date."
                )
                % {"n": skipped},
            )
        return redirect("corps-ranks-school", school_uid=school.uid)
    rows = [
        row
        for row in selectors.proposal_rows(list(selectors.head_teachers(school).order_by("name", "pk")))
        if row.differs
    ]
    return render(
        request,
        "corps/ranks/confirm_all.html",
        {"school": school, "rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@action_required(VIEW)
def school_scheme(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    scheme = selectors.scheme_for(school)
    own = scheme is not None and scheme.school_id == school.pk
    can_manage = can(request.user, MANAGE, school)
    form = SchemeCreateForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        saved = submit(
            request,
            form,
            lambda d: services.school_scheme_create(
                actor=request.user, school=school, kind=d["kind"], levels=d["levels"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The school's own rank scheme is created: edit it below."))
            return redirect("corps-ranks-scheme", uid=saved.uid)
    return render(
        request,
        "corps/ranks/school_scheme.html",
        {
            "school": school,
            "scheme": scheme,
            "own": own,
            "can_manage": can_manage,
            "form": form,
            "can_edit": scheme is not None and can_edit_scheme(request.user, scheme),
        },
        status=400 if request.method == "POST" else 200,
    )


@declares(VIEW, MANAGE, SCHEME)
def scheme_edit(request: HttpRequest, uid: str) -> HttpResponse:
    principal(request).require_any(VIEW, MANAGE, SCHEME)
    scheme = get_object_or_404(RankScheme.objects.select_related("school", "region"), uid=uid)
    which = request.POST.get("form") if request.method == "POST" else None
    if which:
        # 403 for a role without the right, 404 for a scheme outside the user's scope.
        require_scheme_edit(request.user, scheme)
    elif not can_any(request.user, MANAGE, SCHEME, VIEW, obj=scheme):
        raise Http404
    editable = can_edit_scheme(request.user, scheme)
    rank_form = RankForm(request.POST if which == "rank" else None, prefix="rank")
    criterion_form = CriterionForm(request.POST if which == "criterion" else None, prefix="criterion")
    done = None
    if which == "rank":
        # With a rank_id the rank is renamed or moved; without, a new one is added.
        edited = (
            get_object_or_404(Rank, scheme=scheme, pk=request.POST["rank_id"]) if request.POST.get("rank_id") else None
        )
        done = submit(
            request,
            rank_form,
            lambda d: services.rank_save(
                actor=request.user, scheme=scheme, rank=edited, order=d["order"], name=d["name"]
            ),
        )
    elif which == "criterion":
        rank = get_object_or_404(Rank, scheme=scheme, pk=request.POST.get("rank_id") or 0)
        done = submit(request, criterion_form, lambda d: services.criterion_add(actor=request.user, rank=rank, data=d))
    elif which in ("delete_rank", "delete_criterion"):
        try:
            if which == "delete_rank":
                services.rank_delete(
                    actor=request.user, rank=get_object_or_404(Rank, scheme=scheme, pk=request.POST.get("rank_id") or 0)
                )
            else:
                services.criterion_delete(
                    actor=request.user,
                    criterion=get_object_or_404(
                        RankCriterion, rank__scheme=scheme, pk=request.POST.get("criterion_id") or 0
                    ),
                )
            done = True
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("corps-ranks-scheme", uid=scheme.uid)
    if done is not None:
        messages.success(request, _("The scheme is saved."))
        return redirect("corps-ranks-scheme", uid=scheme.uid)
    scheme = selectors.scheme_loaded(scheme.pk)
    return render(
        request,
        "corps/ranks/scheme.html",
        {
            "scheme": scheme,
            "editable": editable,
            "rank_form": rank_form,
            "criterion_form": criterion_form,
            "ranks": sorted(scheme.ranks.all(), key=lambda r: -r.order),
        },
        status=400 if which else 200,
    )


@action_required(MANAGE)
def rates(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid, MANAGE)
    scheme = selectors.scheme_for(school)
    ranks = sorted(scheme.ranks.all(), key=lambda r: -r.order) if scheme else []
    form = RatesForm(request.POST or None, ranks=ranks, rates=selectors.rates_of(school))
    saved = submit(
        request, form, lambda d: services.rates_set(actor=request.user, school=school, amounts=form.amounts())
    )
    if saved is not None:
        messages.success(request, _("The allowance per rank is saved."))
        return redirect("corps-ranks-rolls", school_uid=school.uid)
    return render(
        request,
        "corps/ranks/rates.html",
        {"school": school, "scheme": scheme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@action_required(VIEW)
def rolls(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = selectors.school_get(request.user, school_uid)
    can_manage = can(request.user, MANAGE, school)
    form = RollBuildForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        result = submit(
            request, form, lambda d: services.roll_build(actor=request.user, school=school, month=d["month"])
        )
        if result is not None:
            roll, changed = result
            if changed:
                messages.success(request, _("Version %(v)s of the roll is built.") % {"v": roll.version})
            else:
                messages.info(request, _("Nothing changed since version %(v)s.") % {"v": roll.version})
            return redirect("corps-ranks-roll", uid=roll.uid)
    rates_by_rank = selectors.rates_of(school)
    scheme = selectors.scheme_for(school)
    return render(
        request,
        "corps/ranks/rolls.html",
        {
            "school": school,
            "page": paginate(request, selectors.rolls_of(school), 24),
            "form": form,
            "can_manage": can_manage,
            "scheme": scheme,
            "rates": [(rank, rates_by_rank.get(rank.pk)) for rank in sorted(scheme.ranks.all(), key=lambda r: -r.order)]
            if scheme
            else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@action_required(VIEW)
def roll_detail(request: HttpRequest, uid: str) -> HttpResponse:
    roll = selectors.roll_get(request.user, uid)
    versions = AllowanceRoll.objects.filter(school=roll.school, month=roll.month).order_by("-version")
    return render(
        request,
        "corps/ranks/roll.html",
        {
            "roll": roll,
            "lines": roll.lines.select_related("teacher").order_by("pk"),
            "versions": versions,
            "can_manage": can(request.user, MANAGE, roll.school),
        },
    )


@require_POST
@action_required(MANAGE)
def roll_export(request: HttpRequest, uid: str) -> HttpResponse:
    roll = selectors.roll_get(request.user, uid, MANAGE)
    roll = services.roll_freeze(actor=request.user, roll=roll)
    job = export_job_start(
        actor=request.user,
        kind=KIND,
        label=_("%(school)s: head-teacher allowance %(month)s, version %(version)s (Excel)")
        % {"school": roll.school.name, "month": roll.month.strftime("%Y-%m"), "version": roll.version},
        params={"roll": str(roll.uid)},
    )
    return redirect(job)
