"""Writes of the essay contest: the call, its judges, essays, scores, results with 公示 and objections,
the final list. Each step is audited and tells whoever must act next (see models.py for the steps)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.archives.editor import editor_html
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept, stored_file_discard
from hts.core.search.index import search_index_put
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.corps.objections.services import objection_decide
from hts.evaluation.rounds import combine
from hts.evaluation.rounds.services import Entry as SheetEntry
from hts.notifications.services import Message, notifications_send
from hts.org.models import Region, School
from hts.portal.contest import guards
from hts.portal.contest.models import Contest, ContestObjection, Entry, EntryDocument, EntryScore, Judge, Prize
from hts.portal.public import public_pages_changed

ORGANISE = "portal.contest.organise"
ENTER = "portal.contest.enter"
JUDGE = "portal.contest.judge"


def _refuse_unless(verdict: tuple[bool, str], *, permission: bool = False) -> None:
    ok, reason = verdict
    if not ok:
        raise PermissionDenied(reason) if permission else TransitionRefused(reason)


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs)


# The call ------------------------------------------------------------------------------------------------


def _check_call(data: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if data["closes_on"] < data["opens_on"]:
        errors["closes_on"] = _("The deadline comes before the opening.")
    if data["judging_until"] <= data["closes_on"]:
        errors["judging_until"] = _("Judging ends after the submission deadline.")
    if not [c for c in data["categories"].splitlines() if c.strip()]:
        errors["categories"] = _("Name at least one category.")
    if data["first_prizes"] + data["second_prizes"] + data["third_prizes"] == 0:
        errors["first_prizes"] = _("Give at least one prize.")
    if data["version"].rubric.kind != "essay" or data["version"].status != "active":
        errors["version"] = _("Choose an essay rubric in use.")
    if errors:
        raise ValidationError(errors)


FIELDS = (
    "title", "theme", "categories", "opens_on", "closes_on", "judging_until", "publicity_days",
    "entries_per_author", "version", "combination", "first_prizes", "second_prizes", "third_prizes",
)  # fmt: skip


@transaction.atomic
def contest_create(
    *, actor: Any, data: Mapping[str, Any], region: Region | None = None, school: School | None = None
) -> Contest:
    organiser: Any = school or region
    require(actor, ORGANISE, organiser)
    _check_call(data)
    contest = Contest(
        region=region,
        school=school,
        organiser_path=school.region.path if school else region.path,  # type: ignore[union-attr]
        created_by=actor,
        **{name: data[name] for name in FIELDS},
    )
    contest.categories = "\n".join(c.strip() for c in contest.categories.splitlines() if c.strip())
    contest.save()
    audit_record(actor=actor, action="portal.contest.created", target=contest, changes={"title": contest.title})
    return contest


def _transition(contest: Contest, actor: Any, expected: str, new: str, *, action: str, **fields: Any) -> None:
    if not claim(Contest, pk=contest.pk, expected=expected, new=new, updated_at=timezone.now(), **fields):
        raise TransitionRefused(stale_message())
    old = contest.status
    contest.status = new
    for name, value in fields.items():
        setattr(contest, name, value)
    log_transition(target=contest, from_state=old, to_state=new, actor=actor)
    audit_record(actor=actor, action=action, target=contest, changes={"status": [old, new]})


@transaction.atomic
def judge_add(*, actor: Any, contest: Contest, user: Any) -> Judge:
    require(actor, ORGANISE, contest)
    _refuse_unless(guards.can_add_judge(contest, user))
    judge, created = Judge.objects.get_or_create(contest=contest, user=user)
    if created:
        audit_record(actor=actor, action="portal.contest.judge_added", target=contest, changes={"judge": user.pk})
        if contest.status != Contest.Status.DRAFT:
            _tell_judges(contest, [judge], opened=False)
    return judge


@transaction.atomic
def judge_remove(*, actor: Any, judge: Judge) -> None:
    contest = judge.contest
    require(actor, ORGANISE, contest)
    if contest.status not in (Contest.Status.DRAFT, Contest.Status.OPEN):
        raise TransitionRefused(_("Judges are named before judging opens."))
    audit_record(actor=actor, action="portal.contest.judge_removed", target=contest, changes={"judge": judge.user_id})
    judge.delete()


def _tell_judges(contest: Contest, judges: list[Judge], *, opened: bool) -> None:
    url = _url("portal-contest-judge", uid=contest.uid)
    if opened:
        title = _("Judging of %(title)s is open: score the essays by %(date)s") % {
            "title": contest.title,
            "date": contest.judging_until.isoformat(),
        }
        key = f"portal.contest.judging.{contest.uid}"
    else:
        title = _("You are a judge of %(title)s; judging opens after %(date)s") % {
            "title": contest.title,
            "date": contest.closes_on.isoformat(),
        }
        key = f"portal.contest.named.{contest.uid}"
    notifications_send([Message(recipient=j.user, title=title, url=url, dedupe_key=key) for j in judges])


@transaction.atomic
def contest_open(*, actor: Any, contest: Contest) -> Contest:
    require(actor, ORGANISE, contest)
    judges = list(contest.judges.select_related("user"))
    if not judges:
        raise TransitionRefused(_("Name at least one judge before opening the call."))
    _transition(contest, actor, Contest.Status.DRAFT, Contest.Status.OPEN, action="portal.contest.opened")
    _tell_judges(contest, judges, opened=False)
    return contest


@transaction.atomic
def judging_open(*, actor: Any, contest: Contest, today: dt.date | None = None) -> Contest:
    """After the deadline the essays go to the judges, who are told."""
    require(actor, ORGANISE, contest)
    today = today or timezone.localdate()
    if today <= contest.closes_on:
        raise TransitionRefused(
            _("Essays may be submitted until %(date)s; judging opens after that.") % {"date": contest.closes_on}
        )
    if not contest.entries.exists():
        raise TransitionRefused(_("No essay was submitted."))
    _transition(contest, actor, Contest.Status.OPEN, Contest.Status.JUDGING, action="portal.contest.judging")
    _tell_judges(contest, list(contest.judges.select_related("user")), opened=True)
    return contest


# Essays ---------------------------------------------------------------------------------------------------


def new_code(contest: Contest, category: str) -> str:
    """A letter for the category and a random number: the order of submission tells the judges nothing."""
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[contest.category_list().index(category) % 26]
    used = set(Entry.objects.filter(contest=contest, code__startswith=f"{letter}-").values_list("code", flat=True))
    free = [f"{letter}-{n:03d}" for n in range(1, 1000) if f"{letter}-{n:03d}" not in used]
    if not free:
        raise ValidationError({"category": _("This category is full.")})
    return secrets.choice(free)


@transaction.atomic
def entry_save(
    *, actor: Any, contest: Contest, data: Mapping[str, Any], entry: Entry | None = None, today: dt.date | None = None
) -> Entry:
    """Submits an essay or changes one (until the deadline). Text is sanitised; a document (docx or pdf)
    goes through the one stored-file implementation; an essay needs one or the other."""
    require(actor, ENTER)
    today = today or timezone.localdate()
    _refuse_unless(guards.can_enter(contest, actor, today, entry=entry), permission=entry is not None)
    if data["category"] not in contest.category_list():
        raise ValidationError({"category": _("Choose one of the contest's categories.")})
    body = editor_html(data.get("body") or "")
    upload = data.get("document")
    if upload is not None:
        try:
            EntryDocument.file_use.check(upload)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error
    has_document = upload is not None or (entry is not None and hasattr(entry, "document"))
    if not body and not has_document:
        raise ValidationError({"body": _("Write the essay or attach it as a document (docx or pdf).")})
    teacher = actor.teacher
    created = entry is None
    if entry is None:
        entry = Entry(contest=contest, author=teacher, submitted_by=actor, school=teacher.school)
    if created or entry.category != data["category"]:
        entry.code = new_code(contest, data["category"])
    entry.category, entry.title, entry.body = data["category"], data["title"].strip(), body
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # two essays drew the same code at once: the user submits again
        raise ValidationError(_("Please submit again.")) from error
    if upload is not None:
        old = EntryDocument.objects.filter(entry=entry).first()
        if old is not None:
            transaction.on_commit(lambda: stored_file_discard(old))
            old.delete()
        entry.document = stored_file_accept(EntryDocument, upload, uploaded_by=actor, entry=entry)
    # On the contest, not the essay: the audit log must not tie an author to a code or a title before the
    # results (bureau staff read it, and organise the contest).
    audit_record(
        actor=actor,
        action="portal.contest.entry_submitted" if created else "portal.contest.entry_changed",
        target=contest,
        changes={"category": entry.category, "document": upload is not None},
    )
    return entry


# Judging ---------------------------------------------------------------------------------------------------


@transaction.atomic
def scores_save(*, actor: Any, contest: Contest, entry: Entry, entries: Mapping[int, SheetEntry]) -> int:
    """One judge's points for one essay, from evaluation's sheet form (blank items stay unscored)."""
    require(actor, JUDGE)
    judge = Judge.objects.filter(contest=contest, user_id=actor.pk).first()
    _refuse_unless(guards.can_score(contest, judge), permission=judge is None)
    if judge is None:
        raise PermissionDenied
    # Holds the contest's row: scores land before the results are published or not at all.
    if not Contest.objects.filter(pk=contest.pk, status=Contest.Status.JUDGING).update(status=contest.status):
        raise TransitionRefused(_("Judging is over; the scores can no longer be changed."))
    if entry.contest_id != contest.pk:
        raise PermissionDenied
    existing = {s.item_id: s for s in EntryScore.objects.filter(entry=entry, judge=judge)}
    errors: dict[str, list[str]] = defaultdict(list)
    writes: list[EntryScore] = []
    for item in contest.version.items.all():
        given = entries.get(item.pk)
        if given is None or given.points is None:
            continue
        if given.points < 0 or given.points > item.max_points:
            errors[f"item_{item.pk}"].append(
                _("At most %(max)s points for this item.") % {"max": combine.to_cent(item.max_points)}
            )
            continue
        score = existing.get(item.pk) or EntryScore(entry=entry, judge=judge, item=item)
        if score.pk and score.points == given.points and score.reason == given.reason.strip():
            continue
        score.points, score.reason = given.points, given.reason.strip()
        writes.append(score)
    if errors:
        raise ValidationError(dict(errors))
    for score in writes:
        score.save()
    if writes:
        # The label is the code: the audit log is read by staff who must not learn the author either.
        audit_record(
            actor=actor, action="portal.contest.scored", target=entry, target_label=entry.code,
            changes={"scores": len(writes)},
        )  # fmt: skip
    return len(writes)


def missing_scores(contest: Contest) -> int:
    items = contest.version.items.count()
    expected = items * contest.judges.count() * contest.entries.count()
    return expected - EntryScore.objects.filter(entry__contest=contest, judge__contest=contest).count()


def combined_totals(contest: Contest) -> dict[int, Decimal]:
    """Each essay's total: per item, the judges' points combined as evaluation combines raters
    (mean, or mean without the highest and lowest), then summed over the items."""
    cells: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for entry_id, item_id, points in EntryScore.objects.filter(
        entry__contest=contest, judge__contest=contest
    ).values_list("entry_id", "item_id", "points"):
        cells[(entry_id, item_id)].append(points)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for (entry_id, _item), given in cells.items():
        totals[entry_id] += combine.combine(contest.combination, given)
    return dict(totals)


def prize_for(rank: int, contest: Contest) -> str:
    """Prizes go down the competition ranks: a tie on a boundary shares the higher prize."""
    if rank <= contest.first_prizes:
        return Prize.FIRST
    if rank <= contest.first_prizes + contest.second_prizes:
        return Prize.SECOND
    if rank <= contest.prizes_total:
        return Prize.THIRD
    return ""


@transaction.atomic
def results_publish(*, actor: Any, contest: Contest, today: dt.date | None = None) -> Contest:
    """Ranks the essays by their combined totals, gives the prizes and starts the 公示; authors are told."""
    require(actor, ORGANISE, contest)
    today = today or timezone.localdate()
    missing = missing_scores(contest)
    if missing:
        raise TransitionRefused(_("%(n)s scores are still missing: every judge scores every essay.") % {"n": missing})
    totals = combined_totals(contest)
    entries = list(contest.entries.all())
    ranks = combine.competition_ranks([totals.get(e.pk, Decimal(0)) for e in entries])
    for entry, rank in zip(entries, ranks, strict=True):
        entry.total, entry.rank, entry.prize = totals.get(entry.pk, Decimal(0)), rank, prize_for(rank, contest)
    Entry.objects.bulk_update(entries, ["total", "rank", "prize"])
    _transition(
        contest, actor, Contest.Status.JUDGING, Contest.Status.PUBLICITY, action="portal.contest.published",
        published_on=today, objections_until=today + dt.timedelta(days=contest.publicity_days),
    )  # fmt: skip
    url = _url("portal-contest-notice", uid=contest.uid)
    title = _("The results of %(title)s are in public notice until %(date)s") % {
        "title": contest.title,
        "date": contest.objections_until.isoformat(),  # type: ignore[union-attr]
    }
    authors = {e.submitted_by_id: e.submitted_by for e in contest.entries.select_related("submitted_by")}
    notifications_send(
        Message(recipient=user, title=title, url=url, dedupe_key=f"portal.contest.results.{contest.uid}")
        for user in authors.values()
    )
    return contest


# 公示 and the final list ----------------------------------------------------------------------------------


@transaction.atomic
def objection_raise(*, actor: Any, entry: Entry, text: str, today: dt.date | None = None) -> ContestObjection:
    contest = entry.contest
    require(actor, ENTER)
    _refuse_unless(guards.can_object(contest, actor, today or timezone.localdate()))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what the objection is.")})
    objection = ContestObjection.objects.create(entry=entry, raised_by=actor, text=text)
    audit_record(actor=actor, action="portal.contest.objection_raised", target=objection, target_label=entry.code)
    organisers = [contest.created_by] if contest.created_by else []
    notifications_send(
        Message(
            recipient=user,
            title=_("An objection to %(title)s waits for your decision") % {"title": contest.title},
            url=_url("portal-contest-manage", uid=contest.uid),
            dedupe_key=f"portal.contest.objection.{objection.uid}",
        )
        for user in organisers
    )
    return objection


def objection_settle(*, actor: Any, objection: ContestObjection, upheld: bool, decision: str) -> ContestObjection:
    """Decided once, with a reason (corps' objection rule); upheld, the essay loses its prize."""
    contest = objection.entry.contest
    require(actor, ORGANISE, contest)
    if contest.status != Contest.Status.PUBLICITY:
        raise TransitionRefused(_("The results are not in public notice."))

    def apply(decided: ContestObjection) -> None:
        if decided.status == ContestObjection.Status.UPHELD:
            Entry.objects.filter(pk=decided.entry_id).update(prize_removed=True)

    def notice(decided: ContestObjection) -> tuple[str, str, str]:
        return (
            _("Your objection to %(title)s was decided: %(status)s")
            % {"title": contest.title, "status": decided.get_status_display()},
            _url("portal-contest-notice", uid=contest.uid),
            f"portal.contest.objection.decided.{decided.uid}",
        )

    return objection_decide(
        actor=actor, objection=objection, upheld=upheld, decision=decision,
        action="portal.contest.objection_decided", apply=apply, notice=notice,
    )  # fmt: skip


def winners(contest: Contest) -> Any:
    return (
        contest.entries.exclude(prize="")
        .filter(prize_removed=False)
        .select_related("author", "school")
        .order_by("rank", "code")
    )


@transaction.atomic
def contest_finalise(*, actor: Any, contest: Contest, today: dt.date | None = None) -> Contest:
    """After the 公示: the final list, certificate numbers, the winners told, the public page opened."""
    require(actor, ORGANISE, contest)
    today = today or timezone.localdate()
    if contest.objections_until is None or today <= contest.objections_until:
        raise TransitionRefused(_("The public notice runs until %(date)s.") % {"date": contest.objections_until or "—"})
    if ContestObjection.objects.filter(entry__contest=contest, status=ContestObjection.Status.OPEN).exists():
        raise TransitionRefused(_("Decide the open objections first."))
    _transition(
        contest, actor, Contest.Status.PUBLICITY, Contest.Status.FINAL, action="portal.contest.finalised",
        finalised_on=today,
    )  # fmt: skip
    search_index_put(contest)  # the public search finds the results page from now on
    listed = list(winners(contest).select_related("submitted_by"))
    for number, entry in enumerate(listed, start=1):
        entry.certificate_number = f"ZW{today:%Y}-{contest.pk:03d}-{number:03d}"
    Entry.objects.bulk_update(listed, ["certificate_number"])
    notifications_send(
        Message(
            recipient=entry.submitted_by,
            title=_("%(essay)s won %(prize)s in %(title)s: your certificate is ready")
            % {"essay": entry.title, "prize": entry.get_prize_display(), "title": contest.title},
            url=_url("portal-contest-certificate", uid=entry.uid),
            dedupe_key=f"portal.contest.award.{entry.uid}",
        )
        for entry in listed
    )
    transaction.on_commit(public_pages_changed)
    return contest
