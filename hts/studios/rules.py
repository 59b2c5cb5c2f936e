"""The rules a studio's team and its people must meet: pure functions of a policy and facts.

Every check says which rule and why, in Chinese, with the numbers ("成员 9 人, 超过上限 8 人").
Property tests in tests/test_rules.py exercise them without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hts.org.models import Level


@dataclass(frozen=True)
class CompositionCounts:
    hosts: int = 0
    mentors: int = 0
    members: int = 0
    liaisons: int = 0
    members_from_host_school: int = 0


def composition_problems(
    policy: Any, counts: CompositionCounts, *, complete: bool = False, before: CompositionCounts | None = None
) -> list[str]:
    """Limits the team breaks. Upper limits always; lower limits only when `complete` (the team is
    declared ready, e.g. when the studio starts), since a team is built one person at a time.

    With `before`, an upper limit is reported only where this change raises the count: a team that
    is already over a limit (by an override, or a policy edited later) can still do other things."""
    problems: list[str] = []
    labels = {
        "hosts": _("Hosts"),
        "mentors": _("Mentors"),
        "members": _("Members"),
        "liaisons": _("Liaisons"),
    }
    for role, label in labels.items():
        count = getattr(counts, role)
        high = getattr(policy, f"{role}_max")
        low = getattr(policy, f"{role}_min")
        if high is not None and count > high and (before is None or count > getattr(before, role)):
            problems.append(
                _("%(role)s %(count)d, above the limit of %(limit)d") % {"role": label, "count": count, "limit": high}
            )
        if complete and count < low:
            problems.append(
                _("%(role)s %(count)d, below the minimum of %(limit)d") % {"role": label, "count": count, "limit": low}
            )
    cap = policy.max_members_from_host_school
    raised = before is None or counts.members_from_host_school > before.members_from_host_school
    if cap is not None and counts.members_from_host_school > cap and raised:
        problems.append(
            _("Members from the host's school %(count)d, above the limit of %(limit)d")
            % {"count": counts.members_from_host_school, "limit": cap}
        )
    return problems


@dataclass(frozen=True)
class RuleResult:
    """A rule met (✓), not met (✗), or `pending` (待核实: neither, until the bureau checks a declaration;
    `met` is then False, so nothing that needs the rule met goes ahead)."""

    code: str
    label: str
    met: bool
    detail: str
    pending: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "met": self.met, "detail": self.detail, "pending": self.pending}


@dataclass(frozen=True)
class PersonFacts:
    """What the records say about a candidate, gathered by the services from the database."""

    service_years: float
    serving: bool
    personal_honour_level: str = ""  # the highest, "" when none
    class_honour_level: str = ""
    research_level: str = ""  # the highest of the verified research records
    hosts_lower_studio: bool = False
    # What the application declares, and where the bureau's check of it stands ("" when nothing is
    # declared; "pending", "verified" or "rejected", the values of models.ResearchCheck).
    declared_research_level: str = ""
    declared_research_title: str = ""
    research_check: str = ""


def _level_label(level: str) -> str:
    return str(Level(level).label) if level else _("none")


def _at_least(found: str, required: str) -> bool:
    return bool(found) and Level.rank(found) >= Level.rank(required)


def _level_rule(code: str, label: str, found: str, required: str) -> RuleResult:
    return RuleResult(
        code,
        label,
        _at_least(found, required),
        _("highest on record: %(found)s; required: %(required)s or above")
        % {"found": _level_label(found), "required": _level_label(required)},
    )


def host_standard(policy: Any, facts: PersonFacts) -> list[RuleResult]:
    results = [
        RuleResult(
            "host.service_years",
            _("Years as head teacher"),
            Decimal(str(facts.service_years)) >= policy.host_min_service_years,
            _("%(years)s years; required: %(required)s or more")
            % {"years": facts.service_years, "required": policy.host_min_service_years.normalize()},
        )
    ]
    if policy.host_must_be_serving:
        results.append(
            RuleResult(
                "host.serving",
                _("Currently a head teacher"),
                facts.serving,
                _("in post") if facts.serving else _("no current head-teacher service on record"),
            )
        )
    if policy.host_honour_min_level:
        results.append(
            _level_rule(
                "host.honour",
                _("Personal head-teacher honour"),
                facts.personal_honour_level,
                policy.host_honour_min_level,
            )
        )
    if policy.host_class_honour_min_level:
        results.append(
            _level_rule(
                "host.class_honour",
                _("Honour of a class led"),
                facts.class_honour_level,
                policy.host_class_honour_min_level,
            )
        )
    if policy.host_research_min_level:
        results.append(_research_rule(facts, policy.host_research_min_level))
    return results


def _research_rule(facts: PersonFacts, required: str) -> RuleResult:
    """Met by a verified record at the level (the ones evaluation counts), or by a declaration the
    bureau verified; a declaration at the level not yet checked is pending (待核实), never met."""
    code, label = "host.research", _("Research led or joined")
    on_record = _("highest verified record: %(found)s; required: %(required)s or above") % {
        "found": _level_label(facts.research_level),
        "required": _level_label(required),
    }
    declared = facts.declared_research_level
    if _at_least(facts.research_level, required) or not declared:
        return RuleResult(code, label, _at_least(facts.research_level, required), on_record)
    what = _("declared on the application: “%(title)s”, %(level)s") % {
        "title": facts.declared_research_title or "—",
        "level": _level_label(declared),
    }
    if not _at_least(declared, required):
        return RuleResult(code, label, False, f"{on_record}；{what}")
    if facts.research_check == "verified":
        return RuleResult(code, label, True, f"{what}；" + _("verified by the bureau"))
    if facts.research_check == "rejected":
        return RuleResult(code, label, False, f"{what}；" + _("not verified by the bureau") + f"；{on_record}")
    return RuleResult(
        code,
        label,
        False,
        f"{what}；" + _("awaiting the bureau's check during the material check") + f"；{on_record}",
        pending=True,
    )


def member_standard(policy: Any, facts: PersonFacts) -> list[RuleResult]:
    results = []
    if policy.member_must_be_serving:
        results.append(
            RuleResult(
                "member.serving",
                _("Currently a head teacher"),
                facts.serving,
                _("in post") if facts.serving else _("no current head-teacher service on record"),
            )
        )
    enough_years = Decimal(str(facts.service_years)) >= policy.member_min_service_years
    alternative = policy.member_lower_host_qualifies and facts.hosts_lower_studio
    detail = _("%(years)s years; required: %(required)s or more") % {
        "years": facts.service_years,
        "required": policy.member_min_service_years.normalize(),
    }
    if policy.member_lower_host_qualifies:
        detail += _(", or hosting a district or school studio") + (
            _(" (hosts one)") if facts.hosts_lower_studio else ""
        )
    results.append(RuleResult("member.service_years", _("Years as head teacher"), enough_years or alternative, detail))
    if policy.member_honour_min_level:
        results.append(
            _level_rule(
                "member.honour",
                _("Personal head-teacher honour"),
                facts.personal_honour_level,
                policy.member_honour_min_level,
            )
        )
    return results


def all_met(results: list[RuleResult]) -> bool:
    return all(result.met for result in results)


def unmet(results: list[RuleResult]) -> list[RuleResult]:
    """The rules that fail (✗); a pending one (待核实) is not among them."""
    return [result for result in results if not result.met and not result.pending]


def status_after_yearly(
    policy: Any, *, failed_this_year: bool, failed_years: int, current: str, failed_later: bool = False
) -> str:
    """The studio's state after a yearly assessment (003 五(一)): the first failed year brings a yellow
    card, the second revokes; a passed year lifts a yellow card, unless a later year failed (years may be
    recorded out of order: a pass for 2024 recorded after 2025's failure leaves 2025's card).
    `failed_years` counts this year."""
    if not failed_this_year:
        return current if failed_later else "active"
    if failed_years >= policy.revoke_after_fails:
        return "revoked"
    if failed_years >= policy.yellow_card_after_fails:
        return "yellow_card"
    return current
