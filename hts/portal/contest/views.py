"""The essay contest's pages: the organiser's call (judges, progress by judge, steps, results, objections,
the book), the author's call page and essay form, the judges' anonymous sheets, the 公示 with objections,
certificates, and the public page of the final results with the book."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, declares, principal, require
from hts.core.files import serve_stored
from hts.core.forms import add_errors, refuse, submit
from hts.core.jobs import export_job_start
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.evaluation.rounds.forms import SheetForm
from hts.org.models import Region, School
from hts.portal.contest import documents, guards, selectors, services
from hts.portal.contest.export_jobs import KIND as BOOK_KIND
from hts.portal.contest.forms import ContestForm, DecideForm, EntryForm, JudgeForm, ObjectionForm
from hts.portal.contest.models import Contest, ContestBook, ContestObjection, Entry, EntryDocument, EntryScore
from hts.portal.home.branding import brand_for, share_image
from hts.portal.public import public_page

ORGANISE, ENTER, JUDGE = services.ORGANISE, services.ENTER, services.JUDGE
SHOWN = 300


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@action_required(ORGANISE, ENTER, JUDGE)
def home(request: HttpRequest) -> HttpResponse:
    p = principal(request)
    today = timezone.localdate()
    seats = list(selectors.judging(request.user)[:50])
    return render(
        request,
        "portal/contest/home.html",
        {
            "organised": list(selectors.contests_organised(request.user)[:SHOWN]) if p.can(ORGANISE) else None,
            "may_organise": p.can(ORGANISE),
            "open_calls": selectors.contests_to_enter(request.user, today) if p.can(ENTER) else [],
            "mine": list(selectors.own_entries(request.user)[:SHOWN]),
            "seats": seats,
            "to_score": [s for s in seats if s.contest.status == Contest.Status.JUDGING],
            "organiser_todos": selectors.organiser_todos(request.user, today) if p.can(ORGANISE) else [],
        },
    )


@action_required(ENTER)
def mine(request: HttpRequest) -> HttpResponse:
    """An author's page: the calls open to them and their essays."""
    return render(
        request,
        "portal/contest/mine.html",
        {
            "open_calls": selectors.contests_to_enter(request.user, timezone.localdate()),
            "mine": list(selectors.own_entries(request.user)[:SHOWN]),
        },
    )


@action_required(JUDGE)
def judging(request: HttpRequest) -> HttpResponse:
    """A judge's page: the contests they judge, the ones being judged first."""
    seats = sorted(selectors.judging(request.user)[:50], key=lambda s: s.contest.status != Contest.Status.JUDGING)
    return render(request, "portal/contest/judging.html", {"seats": seats})


@action_required(ORGANISE)
def contest_new(request: HttpRequest) -> HttpResponse:
    """A bureau's call (its region) or a school's own, whichever the person organises for."""
    p = principal(request)
    region = p.scoped(ORGANISE, Region.objects.all()).order_by("depth", "path").first()
    school = None
    if region is None:
        school = p.scoped(ORGANISE, School.objects.select_related("region")).order_by("name").first()
        if school is None:
            raise Http404
    form = ContestForm(request.POST or None)
    contest = submit(
        request, form, lambda d: services.contest_create(actor=request.user, data=d, region=region, school=school)
    )
    if contest is not None:
        messages.success(request, _("The call is created: name its judges, then open it."))
        return redirect("portal-contest-manage", uid=contest.uid)
    return render(
        request,
        "portal/contest/new.html",
        {"form": form, "organiser": school.name if school else region.name},  # type: ignore[union-attr]
        status=400 if request.method == "POST" else 200,
    )


@action_required(ORGANISE)
def manage(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.contest_for_organiser(request.user, uid)
    which = request.POST.get("form") if request.method == "POST" else None
    judge_form = JudgeForm(request.POST if which == "judge" else None, prefix="judge")
    decide_form = DecideForm(request.POST if which == "decide" else None, prefix="decide")
    if which == "judge" and submit(
        request,
        judge_form,
        lambda d: services.judge_add(
            actor=request.user, contest=contest, user=selectors.judge_candidates(contest, d["query"])
        ),
    ):
        messages.success(request, _("The judge is added."))
        return redirect("portal-contest-manage", uid=contest.uid)
    if which == "decide":
        objection = ContestObjection.objects.filter(
            uid__in=[v for v in [request.POST.get("objection", "")] if _is_uuid(v)], entry__contest=contest
        ).first()
        if objection is not None and submit(
            request,
            decide_form,
            lambda d: services.objection_settle(
                actor=request.user, objection=objection, upheld=d["upheld"], decision=d["decision"]
            ),
        ):
            messages.success(request, _("The objection is decided."))
            return redirect("portal-contest-manage", uid=contest.uid)
    names = guards.can_see_names(contest)
    return render(
        request,
        "portal/contest/manage.html",
        {
            "contest": contest,
            "judges": list(contest.judges.select_related("user__teacher__school")),
            "judge_form": judge_form,
            "decide_form": decide_form,
            "by_category": selectors.entries_by_category(contest),
            "progress": selectors.judging_progress(contest),
            "names": names,
            "results": list(selectors.results(contest)[:SHOWN]) if names else [],
            "objections": list(selectors.objections(contest)[:SHOWN]) if names else [],
            "book": ContestBook.objects.filter(contest=contest).first(),
            "today": timezone.localdate(),
        },
        status=400 if which else 200,
    )


STEPS = {
    "open": (services.contest_open, _("The call is open: head teachers may submit essays.")),
    "judge": (services.judging_open, _("Judging is open; the judges are told.")),
    "publish": (services.results_publish, _("The ranked list is in public notice; the authors are told.")),
    "finalise": (services.contest_finalise, _("The results are final and public; the winners are told.")),
}


@require_POST
@action_required(ORGANISE)
def step(request: HttpRequest, uid: str, name: str) -> HttpResponse:
    contest = selectors.contest_for_organiser(request.user, uid)
    if name not in STEPS:
        raise Http404
    service, done = STEPS[name]
    try:
        service(actor=request.user, contest=contest)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("portal-contest-manage", uid=contest.uid)


@require_POST
@action_required(ORGANISE)
def judge_remove(request: HttpRequest, uid: str, judge: int) -> HttpResponse:
    contest = selectors.contest_for_organiser(request.user, uid)
    seat = get_object_or_404(contest.judges, pk=judge)
    try:
        services.judge_remove(actor=request.user, judge=seat)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal-contest-manage", uid=contest.uid)


@require_POST
@action_required(ORGANISE)
def book_make(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.contest_for_organiser(request.user, uid)
    if contest.status != Contest.Status.FINAL:
        messages.error(request, _("The book is made once the results are final."))
        return redirect("portal-contest-manage", uid=contest.uid)
    job = export_job_start(
        actor=request.user,
        kind=BOOK_KIND,
        label=_("Book of %(title)s") % {"title": contest.title},
        params={"contest": str(contest.uid)},
    )
    return redirect("core-job-status", uid=job.uid)


# Authors ---------------------------------------------------------------------------------------------------


@action_required(ENTER)
def call(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.contest_for_author(request.user, uid)
    today = timezone.localdate()
    ok, reason = guards.can_enter(contest, request.user, today)
    mine = list(selectors.own_entries(request.user).filter(contest=contest))
    return render(
        request,
        "portal/contest/call.html",
        {
            "contest": contest,
            "may_enter": ok,
            "reason": reason,
            "mine": mine,
            "editable": guards.can_enter(contest, request.user, today, entry=mine[0])[0] if mine else False,
        },
    )


def _entry_form(request: HttpRequest, contest: Contest, entry: Entry | None) -> HttpResponse:
    initial = {"category": entry.category, "title": entry.title, "body": entry.body} if entry else None
    form = EntryForm(request.POST or None, request.FILES or None, categories=contest.category_list(), initial=initial)
    saved = submit(
        request,
        form,
        lambda d: services.entry_save(actor=request.user, contest=contest, data=d, entry=entry),
    )
    if saved is not None:
        messages.success(
            request,
            _("Your essay is saved. You may change it until %(date)s.") % {"date": contest.closes_on.isoformat()},
        )
        return redirect("portal-contest-call", uid=contest.uid)
    document = EntryDocument.objects.filter(entry=entry).first() if entry else None
    return render(
        request,
        "portal/contest/entry_form.html",
        {"contest": contest, "form": form, "entry": entry, "document": document},
        status=400 if request.method == "POST" else 200,
    )


@action_required(ENTER)
def entry_new(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.contest_for_author(request.user, uid)
    ok, reason = guards.can_enter(contest, request.user, timezone.localdate())
    if not ok and request.method == "GET":
        messages.error(request, reason)
        return redirect("portal-contest-call", uid=contest.uid)
    return _entry_form(request, contest, None)


@action_required(ENTER)
def entry_edit(request: HttpRequest, uid: str) -> HttpResponse:
    entry = get_object_or_404(selectors.own_entries(request.user).select_related("contest"), uid=uid)
    ok, reason = guards.can_enter(entry.contest, request.user, timezone.localdate(), entry=entry)
    if not ok and request.method == "GET":
        messages.error(request, reason)
        return redirect("portal-contest-call", uid=entry.contest.uid)
    return _entry_form(request, entry.contest, entry)


# Judges ----------------------------------------------------------------------------------------------------


@action_required(JUDGE)
def judge_index(request: HttpRequest, uid: str) -> HttpResponse:
    seat = selectors.judge_of(request.user, uid)
    ok, reason = guards.can_score(seat.contest, seat)
    return render(
        request,
        "portal/contest/judge_index.html",
        {"contest": seat.contest, "sheets": selectors.judge_sheets(seat) if ok else [], "reason": reason},
    )


def _judged_entry(request: HttpRequest, uid: str, code: str) -> tuple[Any, Entry]:
    seat = selectors.judge_of(request.user, uid)
    ok, reason = guards.can_score(seat.contest, seat)
    if not ok:
        raise PermissionDenied(reason)
    entry = get_object_or_404(Entry.objects.filter(contest=seat.contest).select_related("author", "school"), code=code)
    return seat, entry


@action_required(JUDGE)
def judge_sheet(request: HttpRequest, uid: str, code: str) -> HttpResponse:
    seat, entry = _judged_entry(request, uid, code)
    contest = seat.contest
    items = list(contest.version.items.select_related("section").order_by("number"))
    scores = {s.item_id: s for s in EntryScore.objects.filter(entry=entry, judge=seat)}
    form = SheetForm(request.POST or None, items=items, scores=scores, proposals={})  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(actor=request.user, contest=contest, entry=entry, entries=form.entries())
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            refuse(form, error)
        else:
            messages.success(request, _("Your scores for %(code)s are saved.") % {"code": entry.code})
            return redirect("portal-contest-judge", uid=contest.uid)
    document = EntryDocument.objects.filter(entry=entry).only("kind").first()
    return render(
        request,
        "portal/contest/judge_sheet.html",
        {
            "contest": contest,
            "code": entry.code,
            "category": entry.category,
            "title": selectors.without_author(entry.title, entry.author.name, entry.school.name),
            "body": selectors.without_author(entry.body, entry.author.name, entry.school.name),
            "form": form,
            "document": document,
            "maximum": sum((item.max_points for item in items), 0),
        },
        status=400 if request.method == "POST" else 200,
    )


@action_required(JUDGE)
def judge_document(request: HttpRequest, uid: str, code: str) -> HttpResponse:
    """The essay's document named by its code, with the author's name taken out of its metadata."""
    _seat, entry = _judged_entry(request, uid, code)
    document = get_object_or_404(EntryDocument, entry=entry)
    response = HttpResponse(documents.anonymised_document(document), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{entry.code}.{document.kind}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# 公示, certificates, the public page -------------------------------------------------------------------------


@declares(ENTER, ORGANISE)
def notice(request: HttpRequest, uid: str) -> HttpResponse:
    """The ranked list during the 公示 (and after), for the teachers the contest reached and its organiser."""
    p = principal(request)
    contest = None
    if p.can(ORGANISE):
        contest = selectors.contests_organised(request.user).filter(uid=uid).first()
    if contest is None:
        require(request.user, ENTER)
        contest = selectors.contest_for_author(request.user, uid)
    if not guards.can_see_names(contest):
        raise Http404
    today = timezone.localdate()
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _is_uuid(request.POST.get("entry", "")):
            raise Http404
        entry = get_object_or_404(Entry, contest=contest, uid=request.POST["entry"])
        if submit(request, form, lambda d: services.objection_raise(actor=request.user, entry=entry, text=d["text"])):
            messages.success(request, _("Your objection is sent to the organiser."))
            return redirect("portal-contest-notice", uid=contest.uid)
    may_object, _reason = guards.can_object(contest, request.user, today)
    return render(
        request,
        "portal/contest/notice.html",
        {
            "contest": contest,
            "results": list(selectors.results(contest)[:SHOWN]),
            "may_object": may_object,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@declares(ENTER, ORGANISE)
def certificate(request: HttpRequest, uid: str) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.select_related("author", "school", "contest__region", "contest__school")
        .filter(contest__status=Contest.Status.FINAL, prize_removed=False)
        .exclude(prize=""),
        uid=uid,
    )
    teacher = getattr(request.user, "teacher", None)
    own = teacher is not None and entry.author_id == teacher.pk
    if not own and not selectors.contests_organised(request.user).filter(pk=entry.contest_id).exists():
        raise Http404
    response = HttpResponse(documents.certificate_pdf(entry), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="certificate-{entry.certificate_number}.pdf"'
    return response


@public_page
def public(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.public_contest(uid)
    # The organiser's bureau's brand: a school's contest wears its region's.
    region = contest.region or contest.school.region
    brand = brand_for(region)
    return render(
        request,
        "portal/contest/public.html",
        {
            "contest": contest,
            "region": region,
            "portal_brand": brand,
            "share_image": request.build_absolute_uri(share_image(brand)),
            "winners": list(services.winners(contest)),
            "book": ContestBook.objects.filter(contest=contest).only("size", "created_at").first(),
        },
    )


def public_book(request: HttpRequest, uid: str) -> HttpResponse:
    contest = selectors.public_contest(uid)
    return serve_stored(get_object_or_404(ContestBook, contest=contest))
