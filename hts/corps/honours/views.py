"""Honours pages: the organiser's call (quotas, panel, ranked list, objections, steps), the school's
nomination page, the panel's score sheet, the public notice with objections, the nominee's own page
and the honour certificate PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, declares, get_scoped_or_404, principal
from hts.core.forms import submit
from hts.core.pdf import PDF_CONTENT_TYPE, render_pdf
from hts.corps.honours import selectors, services
from hts.corps.honours.eligibility import eligibility_of
from hts.corps.honours.forms import CallForm, DecideForm, NominationForm, ObjectionForm, PanelForm, QuotaForm, ScoreForm
from hts.corps.honours.guards import can_read_nomination, can_see_notice
from hts.corps.honours.levels import level_choices
from hts.corps.honours.models import HonourCall, HonourObjection, Nomination, PanelMember
from hts.org.models import Region, School

ORGANISE, NOMINATE, SCORE, OBJECT = (
    "corps.honours.organise",
    "corps.honours.nominate",
    "corps.honours.score",
    "corps.honours.object",
)
SHOWN = 200
PEOPLE_SUGGESTED = 300


@action_required(ORGANISE, NOMINATE, SCORE, OBJECT)
def home(request: HttpRequest) -> HttpResponse:
    p = principal(request)
    return render(
        request,
        "corps/honours/home.html",
        {
            "todos": selectors.todos(request.user),
            "organised": list(selectors.calls_organised(request.user)[:SHOWN]) if p.can(ORGANISE) else None,
            "quotas": list(selectors.quotas_to_nominate(request.user)[:SHOWN]) if p.can(NOMINATE) else None,
            "panels": list(selectors.panel_calls(request.user)[:SHOWN]),
            "may_organise": p.can(ORGANISE),
        },
    )


@action_required(ORGANISE)
def call_new(request: HttpRequest) -> HttpResponse:
    """A bureau's call (its region) or a school's own (?school=)."""
    p = principal(request)
    school = None
    region = None
    if request.GET.get("school"):
        school = get_scoped_or_404(
            request.user, ORGANISE, School.objects.select_related("region"), uid=request.GET["school"]
        )
    else:
        region = p.scoped(ORGANISE, Region.objects.all()).order_by("depth", "path").first()
        if region is None:
            school = p.scoped(ORGANISE, School.objects.select_related("region")).order_by("name").first()
        if region is None and school is None:
            raise Http404
    years = selectors.calendar_years(school.region if school else region)  # type: ignore[union-attr, arg-type]
    form = CallForm(request.POST or None, years=years, levels=level_choices(region=region, school=school))
    call = submit(
        request, form, lambda d: services.call_create(actor=request.user, data=d, region=region, school=school)
    )
    if call is not None:
        messages.success(request, _("The call is created: set its quotas and panel, then open it."))
        return redirect("corps-honours-call", uid=call.uid)
    return render(
        request,
        "corps/honours/call_new.html",
        {"form": form, "organiser": school.name if school else region.name},  # type: ignore[union-attr]
        status=400 if request.method == "POST" else 200,
    )


@action_required(ORGANISE)
def call_detail(request: HttpRequest, uid: str) -> HttpResponse:
    call = selectors.call_get(request.user, uid)
    which = request.POST.get("form") if request.method == "POST" else None
    quota_form = QuotaForm(
        request.POST if which == "quota" else None, schools=selectors.reach_schools(call), prefix="quota"
    )
    panel_form = PanelForm(
        request.POST if which == "panel" else None,
        prefix="panel",
        lookup=lambda typed: selectors.panel_lookup(call, typed),
    )
    if which == "quota" and submit(
        request,
        quota_form,
        lambda d: services.quota_set(actor=request.user, call=call, school=d["school"], places=d["places"]),
    ):
        messages.success(request, _("The quota is saved."))
        return redirect("corps-honours-call", uid=call.uid)
    if which == "panel" and submit(
        request, panel_form, lambda d: services.panel_add(actor=request.user, call=call, user=d["person"])
    ):
        messages.success(request, _("The panel member is added."))
        return redirect("corps-honours-call", uid=call.uid)
    editable = call.status in (HonourCall.Status.DRAFT, HonourCall.Status.NOMINATING)
    return render(
        request,
        "corps/honours/call.html",
        {
            "call": call,
            "quotas": list(call.quotas.select_related("school").order_by("school__name")[:SHOWN]),
            "panel": list(call.panel.select_related("user")),
            "nominations": list(selectors.nominations_of(call)[:SHOWN]),
            "objections": list(selectors.objections_of(call)[:SHOWN]),
            "quota_form": quota_form,
            "panel_form": panel_form,
            "decide_form": DecideForm(),
            "editable": editable,
            # The names the panel field suggests as one types (a county's teachers: the first few hundred).
            "panel_people": list(
                selectors.panel_eligible(call)
                .select_related("teacher__school")
                .order_by("full_name")[:PEOPLE_SUGGESTED]
            )
            if editable
            else [],
        },
        status=400 if which else 200,
    )


STEPS = {
    "open": (services.call_open, _("The call is open for nominations.")),
    "close": (services.call_close_nominations, _("Nominations are closed; the panel is asked to score.")),
    "publish": (services.call_publish, _("The ranked list is in public notice.")),
    "finalise": (services.call_finalise, _("The final list is published and the honours are recorded.")),
}


@require_POST
@action_required(ORGANISE)
def call_step(request: HttpRequest, uid: str, step: str) -> HttpResponse:
    call = selectors.call_get(request.user, uid)
    if step not in STEPS:
        raise Http404
    write, done = STEPS[step]
    try:
        write(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return redirect("corps-honours-call", uid=call.uid)


@require_POST
@action_required(ORGANISE)
def panel_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(PanelMember.objects.select_related("call", "user"), pk=pk)
    call = selectors.call_get(request.user, member.call.uid)
    try:
        services.panel_remove(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("corps-honours-call", uid=call.uid)


@action_required(NOMINATE)
def nominate(request: HttpRequest, uid: str) -> HttpResponse:
    school_uid = request.GET.get("school")
    if not school_uid:
        quota = selectors.quotas_to_nominate(request.user).filter(call__uid=uid).first()
        if quota is None:
            raise Http404
        school_uid = str(quota.school.uid)
    quota = selectors.quota_get(request.user, uid, school_uid)
    call, school = quota.call, quota.school
    by_class = call.kind == HonourCall.Kind.CLASS
    teachers = selectors.candidates(school)
    classes = selectors.candidate_classes(school)
    form = NominationForm(request.POST or None, teachers=teachers, classes=classes, by_class=by_class)
    saved = submit(
        request,
        form,
        lambda d: services.nominate(
            actor=request.user, call=call, school=school, statement=d["statement"],
            teacher=d.get("teacher"), school_class=d.get("school_class"),
        ),
    )  # fmt: skip
    if saved is not None:
        messages.success(request, _("%(name)s is nominated.") % {"name": saved.nominee_label})
        return redirect(f"{request.path}?school={school.uid}")
    today = timezone.localdate()
    checks = eligibility_of(call, teachers, today)
    listed = list(teachers[:SHOWN])
    nominations = list(selectors.school_nominations(call, school))
    used = sum(1 for n in nominations if n.status != Nomination.Status.WITHDRAWN)
    return render(
        request,
        "corps/honours/nominate.html",
        {
            "call": call, "school": school, "quota": quota, "used": used, "form": form,
            "candidates": [(t, checks.get(t.pk, [])) for t in listed],
            "nominations": nominations, "open": call.status == HonourCall.Status.NOMINATING,
        },
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_POST
@action_required(NOMINATE)
def withdraw(request: HttpRequest, uid: str) -> HttpResponse:
    nomination = get_scoped_or_404(request.user, NOMINATE, Nomination.objects.select_related("call", "school"), uid=uid)
    try:
        services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nomination is withdrawn."))
    return redirect(f"/corps/honours/{nomination.call.uid}/nominate/?school={nomination.school.uid}")


@action_required(SCORE)
def score(request: HttpRequest, uid: str) -> HttpResponse:
    call = get_object_or_404(HonourCall.objects.select_related("school_year"), uid=uid)
    member = selectors.panel_member(request.user, call)
    # A member not on this call's panel is told nothing about it.
    if member is None:
        raise Http404
    nominations = list(selectors.nominations_of(call).filter(status=Nomination.Status.NOMINATED)[:SHOWN])
    form = ScoreForm(request.POST or None)
    if request.method == "POST":
        nomination = next((n for n in nominations if form.data.get("nomination") == str(n.uid)), None)
        if nomination is None:
            raise Http404
        saved = submit(
            request,
            form,
            lambda d: services.score_save(
                actor=request.user, nomination=nomination, points=d["points"], comment=d["comment"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The score of %(name)s is saved.") % {"name": nomination.nominee_label})
            return redirect("corps-honours-score", uid=call.uid)
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    mine = {s.nomination_id: s for s in member.scores.filter(nomination__in=nominations)}
    return render(
        request,
        "corps/honours/score.html",
        {
            "call": call,
            "rows": [(n, mine.get(n.pk)) for n in nominations],
            "open": call.status == HonourCall.Status.REVIEW,
        },
        status=400 if request.method == "POST" else 200,
    )


@declares(OBJECT, ORGANISE, NOMINATE)
def notice(request: HttpRequest, uid: str) -> HttpResponse:
    call = get_object_or_404(HonourCall.objects.select_related(*selectors.CALL_RELATED), uid=uid)
    if not can_see_notice(request.user, call):
        raise Http404
    may_object = principal(request).can(OBJECT) and call.status == HonourCall.Status.PUBLICITY
    form = ObjectionForm(request.POST or None) if may_object else None
    rows = list(selectors.notice_list(call)[:SHOWN])
    if request.method == "POST":
        if form is None:
            raise Http404
        nomination = next((n for n in rows if form.data.get("nomination") == str(n.uid)), None)
        if nomination is None:
            raise Http404
        saved = submit(
            request, form, lambda d: services.objection_raise(actor=request.user, nomination=nomination, text=d["text"])
        )
        if saved is not None:
            messages.success(request, _("Your objection is recorded; the organiser decides it."))
            return redirect("corps-honours-notice", uid=call.uid)
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return render(
        request,
        "corps/honours/notice.html",
        {"call": call, "rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@action_required(ORGANISE)
def objection_decide(request: HttpRequest, uid: str) -> HttpResponse:
    objection = get_object_or_404(HonourObjection.objects.select_related("nomination__call"), uid=uid)
    call = selectors.call_get(request.user, objection.nomination.call.uid)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision and write its reason."))
    else:
        try:
            services.objection_decide(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The objection is decided."))
    return redirect("corps-honours-call", uid=call.uid)


@action_required(OBJECT)
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "corps/honours/mine.html",
        {
            "nominations": list(selectors.my_nominations(request.user)[:SHOWN]),
            "notices": list(selectors.notices_for(request.user)[:SHOWN]),
            # A head teacher on a panel finds their score sheets here, beside their own nominations.
            "panels": list(selectors.panel_calls(request.user).exclude(call__status=HonourCall.Status.DRAFT)[:SHOWN]),
            "scoring": selectors.scoring_todos(request.user),
        },
    )


@declares(OBJECT, ORGANISE, NOMINATE)
def certificate_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "teacher", "school", "school_class", "call__school_year", "call__region", "call__school"
        ),
        uid=uid,
        status=Nomination.Status.AWARDED,
    )
    if not can_read_nomination(request.user, nomination):
        raise Http404
    pdf = render_pdf("corps/honours/certificate_pdf.html", {"nomination": nomination, "call": nomination.call})
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="honour-{nomination.certificate_number}.pdf"'
    return response
