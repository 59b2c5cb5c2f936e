"""Reads of the essay contest. Before the results, nothing here joins an essay to its author for the
organiser's or a judge's pages: they get codes, categories, titles and counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import scoped
from hts.accounts.models import User
from hts.accounts.permissions import principal_for
from hts.core.todos import Todo
from hts.evaluation.rubrics.models import RubricItem
from hts.portal.contest.models import Contest, ContestObjection, Entry, EntryScore, Judge

ORGANISE = "portal.contest.organise"


def contests_organised(user: Any) -> QuerySet[Contest]:
    if not principal_for(user).can(ORGANISE):
        return Contest.objects.none()
    return scoped(user, ORGANISE, Contest.objects.select_related("region", "school")).order_by("-opens_on", "-id")


def organiser_todos(user: Any, today: dt.date | None = None) -> list[Todo]:
    """The organiser's next step on each contest that waits for them (one query; none without the right)."""
    if not principal_for(user).can(ORGANISE):
        return []
    today = today or timezone.localdate()
    found: list[Todo] = []

    # Judging waits for the organiser only once every judge has scored every essay, or its time is up:
    # before that there is nothing for them to do (the judges have their own to-dos).
    def counted(rows: Any, key: str) -> Any:
        return Coalesce(Subquery(rows.order_by().values(key).annotate(n=Count("pk")).values("n")), 0)

    contests = (
        contests_organised(user)
        .exclude(status=Contest.Status.FINAL)
        .annotate(
            open_objections=Count("entries__objections", filter=Q(entries__objections__status="open")),
            essays=counted(Entry.objects.filter(contest=OuterRef("pk")), "contest"),
            seats=counted(Judge.objects.filter(contest=OuterRef("pk")), "contest"),
            items=counted(RubricItem.objects.filter(version=OuterRef("version_id")), "version"),
            scored=counted(
                EntryScore.objects.filter(entry__contest=OuterRef("pk"), judge__contest=OuterRef("pk")),
                "entry__contest",
            ),
        )[:50]
    )
    for contest in contests:
        names = {"title": contest.title}
        text = ""
        if contest.status == Contest.Status.DRAFT:
            text = _("%(title)s: name the judges and open the call") % names
        elif contest.status == Contest.Status.OPEN and today > contest.closes_on:
            text = _("%(title)s: the deadline has passed; open judging") % names
        elif contest.status == Contest.Status.JUDGING and (
            today > contest.judging_until or contest.scored >= contest.essays * contest.seats * contest.items
        ):
            text = _("%(title)s: publish the results once every judge has scored") % names
        elif contest.status == Contest.Status.PUBLICITY and contest.open_objections:
            text = _("%(title)s: decide the objections") % names
        elif contest.status == Contest.Status.PUBLICITY and today > (contest.objections_until or today):
            text = _("%(title)s: the public notice is over; make the results final") % names
        if text:
            # Since its last step (the contest's last change).
            url = reverse("portal-contest-manage", kwargs={"uid": contest.uid})
            found.append(Todo(text, url, contest.updated_at))
    return found


def judge_todos(user: Any) -> list[Todo]:
    """A judge's contests in judging where some essay still lacks one of their rubric's scores (one query)."""
    if not principal_for(user).can("portal.contest.judge"):
        return []
    essays = Entry.objects.filter(contest=OuterRef("contest_id")).order_by().values("contest").annotate(n=Count("pk"))
    items = (
        RubricItem.objects.filter(version=OuterRef("contest__version_id"))
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
    )
    scored = EntryScore.objects.filter(judge=OuterRef("pk")).order_by().values("judge").annotate(n=Count("pk"))
    seats = (
        Judge.objects.filter(user_id=user.pk, contest__status=Contest.Status.JUDGING)
        .select_related("contest")
        .annotate(
            essays=Coalesce(Subquery(essays.values("n")), 0),
            items=Coalesce(Subquery(items.values("n")), 0),
            scored=Coalesce(Subquery(scored.values("n")), 0),
        )
        .filter(scored__lt=F("essays") * F("items"))
        .order_by("contest__judging_until", "pk")[:50]
    )
    return [
        Todo(
            _("Score the essays of %(title)s by %(date)s")
            % {"title": seat.contest.title, "date": seat.contest.judging_until.isoformat()},
            reverse("portal-contest-judge", kwargs={"uid": seat.contest.uid}),
            seat.contest.updated_at,
        )
        for seat in seats
    ]


def contest_for_organiser(user: Any, uid: Any) -> Contest:
    return get_object_or_404(contests_organised(user).select_related("version__rubric"), uid=uid)


def contests_to_enter(user: Any, today: dt.date) -> list[Contest]:
    """Open calls that reach the user's school (a bureau's subtree, or their own school)."""
    teacher = getattr(user, "teacher", None)
    if teacher is None:
        return []
    path = teacher.school.region.path
    calls = (
        Contest.objects.filter(status=Contest.Status.OPEN, closes_on__gte=today)
        .filter(Q(school_id=teacher.school_id) | Q(school__isnull=True))
        .select_related("region", "school")
    )
    return [c for c in calls[:200] if c.school_id or path.startswith(c.organiser_path)]


def contest_for_author(user: Any, uid: Any) -> Contest:
    """A call the user may read as an author: one that reaches them, or one they entered."""
    contest = get_object_or_404(Contest.objects.select_related("region", "school"), uid=uid)
    teacher = getattr(user, "teacher", None)
    if teacher is None:
        raise Http404
    reaches = contest.school_id == teacher.school_id or (
        not contest.school_id and teacher.school.region.path.startswith(contest.organiser_path)
    )
    if contest.status == Contest.Status.DRAFT or not (
        reaches or Entry.objects.filter(contest=contest, author=teacher).exists()
    ):
        raise Http404
    return contest


def own_entries(user: Any) -> QuerySet[Entry]:
    teacher = getattr(user, "teacher", None)
    if teacher is None:
        return Entry.objects.none()
    return Entry.objects.filter(author=teacher).select_related("contest").order_by("-created_at")


def judging(user: Any) -> QuerySet[Judge]:
    return (
        Judge.objects.filter(user_id=user.pk)
        .exclude(contest__status=Contest.Status.DRAFT)
        .select_related("contest")
        .order_by("-contest__closes_on")
    )


def judge_of(user: Any, uid: Any) -> Judge:
    """The user's seat on a contest's panel; 404 for anyone not named (as for a missing contest)."""
    return get_object_or_404(
        Judge.objects.select_related("contest__version").exclude(contest__status=Contest.Status.DRAFT),
        contest__uid=uid,
        user_id=user.pk,
    )


HIDDEN = "〇〇"


def without_author(text: str, author: str, school: str) -> str:
    """A judge's view of an essay's text or title: the author's name and school, written into it by
    mistake, are replaced (an abbreviation of the school is not recognised)."""
    for name in (school, author):
        if len(name) >= 2:
            text = text.replace(name, HIDDEN)
    return text


@dataclass(frozen=True)
class Sheet:
    code: str
    category: str
    title: str
    given: int
    needed: int

    @property
    def done(self) -> bool:
        return self.given >= self.needed


def judge_sheets(judge: Judge) -> list[Sheet]:
    """The essays by code with how many items this judge scored: two queries whatever the number."""
    needed = judge.contest.version.items.count()
    rows = (
        Entry.objects.filter(contest=judge.contest)
        .annotate(given=Count("scores", filter=Q(scores__judge=judge)))
        .order_by("code")
        .values_list("code", "category", "title", "given", "author__name", "school__name")
    )
    return [
        Sheet(code, category, without_author(title, author, school), given, needed)
        for code, category, title, given, author, school in rows
    ]


@dataclass(frozen=True)
class Progress:
    judge: str
    scored: int
    essays: int


def judging_progress(contest: Contest) -> list[Progress]:
    """How many essays each judge has scored in full (all the rubric's items): names of judges, never of authors."""
    items = contest.version.items.count()
    essays = contest.entries.count()
    done: dict[int, int] = {}
    per = (
        Entry.objects.filter(contest=contest)
        .values("scores__judge")
        .annotate(n=Count("scores"))
        .values_list("pk", "scores__judge", "n")
    )
    for _entry, judge_id, n in per:
        if judge_id is not None and n >= items:
            done[judge_id] = done.get(judge_id, 0) + 1
    judges = Judge.objects.filter(contest=contest).select_related("user__teacher").order_by("id")
    return [Progress(judge_name(j), done.get(j.pk, 0), essays) for j in judges]


def judge_name(judge: Judge) -> str:
    teacher = getattr(judge.user, "teacher", None)
    return teacher.name if teacher is not None else judge.user.display_name


def entries_by_category(contest: Contest) -> list[tuple[str, int]]:
    counts = dict(contest.entries.values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    return [(c, counts.get(c, 0)) for c in contest.category_list()]


def results(contest: Contest) -> QuerySet[Entry]:
    return contest.entries.select_related("author", "school").order_by("rank", "code")


def objections(contest: Contest) -> QuerySet[ContestObjection]:
    return ContestObjection.objects.filter(entry__contest=contest).select_related("entry", "raised_by")


def judge_candidates(contest: Contest, query: str) -> User:
    """A teacher's account in the organiser's reach, by username, name or mobile: exactly one."""
    query = query.strip()
    users = User.objects.filter(teacher__isnull=False, is_active=True).select_related("teacher__school__region")
    if contest.school_id:
        users = users.filter(teacher__school_id=contest.school_id)
    else:
        users = users.filter(teacher__school__region__path__startswith=contest.organiser_path)
    found = list(users.filter(Q(username=query) | Q(teacher__name=query) | Q(teacher__mobile=query))[:2])
    if len(found) != 1:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            {"query": _("No teacher matches.") if not found else _("Several teachers match; type the username.")}
        )
    return found[0]


def public_contest(uid: Any) -> Contest:
    """The public page's contest: only once final (the 公示 is over); 404 before, as for a missing one."""
    return get_object_or_404(
        Contest.objects.select_related("region", "school__region").filter(status=Contest.Status.FINAL), uid=uid
    )


def public_contests(region_path: str = "") -> QuerySet[Contest]:
    """Final contests for the portal's pages (the bureau portal lists them beside its notices)."""
    found = Contest.objects.filter(status=Contest.Status.FINAL).select_related("region", "school")
    if region_path:
        found = found.filter(organiser_path__startswith=region_path)
    return found.order_by("-finalised_on", "-id")
