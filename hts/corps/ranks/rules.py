"""The rank criteria read from the records, for any number of head teachers in a bounded number of
queries: `load_records` gathers what every criterion reads, `propose` judges one teacher.

Each criterion says what it found and what it needs, so a school sees why a rank is proposed:
- years in post: the union of the head-teacher service records (the gates' count);
- yearly grades: final yearly results graded 优秀 (evaluation), and confirmed failing years;
- achievements: the level weights of 001 附件2 summed over verified achievements only;
- education and professional title: the teacher's profile;
- training: a valid certificate (the training records of point 2 are not kept yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hts.corps.certificates.models import Certificate, CertificateKind
from hts.corps.ranks.models import EDUCATION_ORDER, Education, Rank, RankCriterion, RankScheme
from hts.evaluation.grades.models import YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.org.models import HeadTeacherService, Teacher
from hts.org.service_time import has_served, served_days, years_before, years_text
from hts.research.models import Achievement
from hts.research.weights import weights_for
from hts.studios.models import Grade

Span = tuple[dt.date, dt.date | None]


@dataclass
class Records:
    """What the criteria of one teacher read, loaded beforehand."""

    education: str = ""
    title: str = ""
    service: list[Span] = field(default_factory=list)
    excellent_years: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # school years graded 优秀
    failures: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)  # confirmed: start, end, label
    achievements: list[tuple[dt.date, Decimal]] = field(default_factory=list)  # verified: date, level weight
    certificates: list[tuple[str, dt.date | None, bool]] = field(default_factory=list)  # kind, until, revoked


@dataclass(frozen=True)
class Finding:
    criterion: str  # its label
    met: bool
    found: str
    needed: str

    def as_dict(self, rank: str) -> dict[str, Any]:
        return {"rank": rank, "label": self.criterion, "met": self.met, "found": self.found, "needed": self.needed}


@dataclass(frozen=True)
class RankFindings:
    rank: Rank
    findings: list[Finding]

    @property
    def met(self) -> bool:
        return all(finding.met for finding in self.findings)


@dataclass(frozen=True)
class Proposal:
    rank: Rank | None  # the highest rank whose criteria all hold; None: not even the lowest
    ranks: list[RankFindings]  # every rank of the scheme, highest first

    def snapshot(self) -> list[dict[str, Any]]:
        return [f.as_dict(r.rank.name) for r in self.ranks for f in r.findings]


def load_records(teachers: Sequence[Teacher]) -> dict[int, Records]:
    """Every criterion's records of `teachers`, in six queries plus one per distinct weight region."""
    ids = [teacher.pk for teacher in teachers]
    records = {t.pk: Records(education=t.education, title=t.title) for t in teachers}
    for teacher_id, start, end in HeadTeacherService.objects.filter(teacher_id__in=ids).values_list(
        "teacher_id", "started_on", "ended_on"
    ):
        records[teacher_id].service.append((start, end))
    yearly = Subject.objects.filter(
        teacher_id__in=ids,
        grade=Grade.EXCELLENT,
        round__period=EvaluationRound.Period.YEARLY,
        round__status=EvaluationRound.Status.FINAL,
        round__studio__isnull=True,
    ).values_list("teacher_id", "round__school_year__starts_on", "round__school_year__ends_on")
    for teacher_id, start, end in yearly.distinct():
        records[teacher_id].excellent_years.append((start, end))
    for teacher_id, start, end, label in YearlyFailure.objects.filter(
        teacher_id__in=ids, status=YearlyFailure.Status.CONFIRMED
    ).values_list("teacher_id", "school_year__starts_on", "school_year__ends_on", "school_year__label"):
        records[teacher_id].failures.append((start, end, label))
    weights: dict[str, dict[str, Decimal]] = {}
    rows = Achievement.objects.filter(owner_id__in=ids, status=Achievement.Status.VERIFIED).values_list(
        "owner_id", "achieved_on", "level", "owner__school__region_id", "owner__school__region__path"
    )
    for owner_id, achieved_on, level, _region_id, path in rows:
        if path not in weights:
            from hts.org.models import Region

            weights[path] = weights_for(Region(path=path))
        records[owner_id].achievements.append((achieved_on, weights[path].get(level, Decimal("0"))))
    for holder_id, kind, until, revoked_at in Certificate.objects.filter(holder_id__in=ids).values_list(
        "holder_id", "kind", "valid_until", "revoked_at"
    ):
        records[holder_id].certificates.append((kind, until, revoked_at is not None))
    return records


# A title is kept as the school typed it: 中小学高级教师, 小学一级教师 or plain 高级教师 name the same title
# (the 2015 reform merged the primary and secondary series), so the stage prefix is not compared.
_TITLE_PREFIXES = ("中小学", "中学", "小学", "幼儿园")


def title_core(title: str) -> str:
    title = title.strip()
    for prefix in _TITLE_PREFIXES:
        if title.startswith(prefix):
            return title[len(prefix) :]
    return title


def _number(value: Decimal | int | float) -> str:
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def _window(criterion: RankCriterion, on: dt.date) -> dt.date | None:
    return years_before(on, criterion.within_years) if criterion.within_years else None


def _within(criterion: RankCriterion) -> str:
    if criterion.within_years:
        return _(" in the last %(years)s years") % {"years": criterion.within_years}
    return ""


def _texts(criterion: RankCriterion) -> dict[str, str]:
    """The criterion's label, what it needs and its "found" sentences, translated once per loaded
    criterion: a scheme's criteria judge every teacher of a county, and gettext is the costly part."""
    cached = criterion.__dict__.get("_rank_texts")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    kind, need, within = criterion.kind, _number(criterion.number or Decimal("0")), _within(criterion)
    texts = {"label": str(criterion.get_kind_display()), "not_recorded": _("not recorded")}
    if kind == RankCriterion.Kind.SERVICE_YEARS:
        texts |= {"found": _("%(n)s years"), "needed": _("at least %(n)s years") % {"n": need}}
    elif kind == RankCriterion.Kind.EXCELLENT_YEARS:
        texts |= {
            "found": _("%(n)s yearly grades of 优秀"),
            "needed": _("at least %(n)s%(within)s") % {"n": need, "within": within},
        }
    elif kind == RankCriterion.Kind.NO_FAILURE:
        texts |= {
            "found": _("failed in %(years)s"),
            "none": _("none"),
            "needed": _("no confirmed failing year%(within)s") % {"within": within},
        }
    elif kind == RankCriterion.Kind.ACHIEVEMENTS:
        texts |= {"found": _("weighted %(n)s"), "needed": _("at least %(n)s%(within)s") % {"n": need, "within": within}}
    elif kind == RankCriterion.Kind.EDUCATION:
        texts |= {"needed": _("%(level)s or higher") % {"level": Education(criterion.education).label}}
        texts |= {code: str(label) for code, label in Teacher.Education.choices}
    elif kind == RankCriterion.Kind.TITLE:
        texts |= {"needed": "、".join(criterion.title_list())}
    else:
        name = CertificateKind(criterion.certificate_kind).label
        texts |= {"valid": _("valid"), "none": _("none valid"), "needed": _("a valid %(name)s") % {"name": name}}
    criterion.__dict__["_rank_texts"] = texts
    return texts


def judge(criterion: RankCriterion, records: Records, on: dt.date) -> Finding:
    t = _texts(criterion)
    label, needed = t["label"], t["needed"]
    kind, need = criterion.kind, criterion.number or Decimal("0")
    since = _window(criterion, on)
    if kind == RankCriterion.Kind.SERVICE_YEARS:
        # The figure every page shows, and the gates' rule for reaching a number of years.
        found = t["found"] % {"n": years_text(served_days(records.service, on))}
        return Finding(label, has_served(records.service, need, on), found, needed)
    if kind == RankCriterion.Kind.EXCELLENT_YEARS:
        count = sum(1 for start, end in records.excellent_years if start <= on and (since is None or end >= since))
        return Finding(label, count >= need, t["found"] % {"n": count}, needed)
    if kind == RankCriterion.Kind.NO_FAILURE:
        failed = [label_ for start, end, label_ in records.failures if start <= on and (since is None or end >= since)]
        found = t["found"] % {"years": "、".join(failed)} if failed else t["none"]
        return Finding(label, not failed, found, needed)
    if kind == RankCriterion.Kind.ACHIEVEMENTS:
        total = sum(
            (weight for day, weight in records.achievements if day <= on and (since is None or day >= since)),
            Decimal("0"),
        )
        return Finding(label, total >= need, t["found"] % {"n": _number(total)}, needed)
    if kind == RankCriterion.Kind.EDUCATION:
        have = records.education
        met = have in EDUCATION_ORDER and EDUCATION_ORDER.index(have) >= EDUCATION_ORDER.index(criterion.education)
        return Finding(label, met, t.get(have, t["not_recorded"]) if have else t["not_recorded"], needed)
    if kind == RankCriterion.Kind.TITLE:
        accepted = {title_core(title) for title in criterion.title_list()}
        met = bool(records.title) and title_core(records.title) in accepted
        return Finding(label, met, records.title or t["not_recorded"], needed)
    # CERTIFICATE
    valid = any(
        kind_ == criterion.certificate_kind and not revoked and (until is None or until >= on)
        for kind_, until, revoked in records.certificates
    )
    return Finding(label, valid, t["valid"] if valid else t["none"], needed)


def propose(scheme: RankScheme | None, records: Records, on: dt.date) -> Proposal:
    """The highest rank whose criteria all hold (a rank without criteria always holds)."""
    if scheme is None:
        return Proposal(None, [])
    ranks = sorted(scheme.ranks.all(), key=lambda rank: -rank.order)
    judged = [RankFindings(rank, [judge(c, records, on) for c in rank.criteria.all()]) for rank in ranks]
    best = next((entry.rank for entry in judged if entry.met), None)
    return Proposal(best, judged)
