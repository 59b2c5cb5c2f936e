"""Every audit event the code writes has a name of its own in the audit log (issue 13, point 21).

The events are found in the source: each `action=` given to `audit_record`, `save_audited` or a
helper that passes it on. A literal is checked as it is; an event built at run time (an f-string or
a variable) must be listed in EXPANSIONS with the events it can become, so a new one fails here
until someone names it, and names its label."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

from hts.core.audit_labels import action_label, is_labelled
from testkit import World, client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"audit_record", "save_audited", "_transition"}


def _expansions() -> dict[tuple[str, str], Callable[[], list[str]]]:
    from hts.evaluation.publication.models import Objection
    from hts.evaluation.rounds.services import _VERBS
    from hts.research.guards import TRANSITIONS
    from hts.research.models import Achievement
    from hts.studios.models import Membership, ResearchCheck, Studio, StudioAssessment

    def each(prefix: str, codes: list[str]) -> list[str]:
        return [f"{prefix}.{code}" for code in codes]

    return {
        ("evaluation/publication/services.py", "f'evaluation.objection.{new_status}'"): lambda: each(
            "evaluation.objection", [Objection.Status.UPHELD, Objection.Status.DISMISSED]
        ),
        ("evaluation/rounds/services.py", "f'evaluation.round.{_VERBS[new]}'"): lambda: each(
            "evaluation.round", list(_VERBS.values())
        ),
        ("research/services.py", "f'research.project.{verb}'"): lambda: each("research.project", list(TRANSITIONS)),
        ("research/services.py", "f'research.achievement.{new}'"): lambda: each(
            "research.achievement", [Achievement.Status.VERIFIED, Achievement.Status.REJECTED]
        ),
        # A studio moves into every state but its first.
        ("studios/services.py", "f'studios.studio.{new}'"): lambda: each(
            "studios.studio", [s for s in Studio.Status.values if s != Studio.Status.DRAFT]
        ),
        ("studios/services.py", "f'studios.research.{new}'"): lambda: each(
            "studios.research", [ResearchCheck.VERIFIED, ResearchCheck.REJECTED]
        ),
        ("studios/services.py", "f'studios.assessment.{kind}'"): lambda: each(
            "studios.assessment", StudioAssessment.Kind.values
        ),
        # A membership moves into every state but the two it starts in.
        ("studios/memberships/services.py", "f'studios.membership.{new}'"): lambda: each(
            "studios.membership",
            [s for s in Membership.Status.values if s not in {Membership.Status.APPLIED, Membership.Status.INVITED}],
        ),
        ("org/roster.py", "f\"{action}.{('created' if created else 'updated')}\""): lambda: [
            f"org.{kind}.{verb}" for kind in ("school", "teacher") for verb in ("created", "updated")
        ],
    }


def _assigned_strings(function: ast.AST, name: str) -> list[str] | None:
    """The string literals a function assigns to `name`, or None when it assigns none (a parameter)."""
    values = [
        node.value.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]
    return values or None


def written_events() -> tuple[set[str], list[str]]:
    """(events, unexplained places): every event the code can write, and the dynamic ones not in
    EXPANSIONS."""
    expansions = _expansions()
    events: set[str] = set()
    unexplained: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
            for call in [n for n in ast.walk(function) if isinstance(n, ast.Call)]:
                callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                if callee not in WRITERS:
                    continue
                for keyword in call.keywords:
                    if keyword.arg != "action":
                        continue
                    value = keyword.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        events.add(value.value)
                    elif isinstance(value, ast.IfExp) and all(
                        isinstance(branch, ast.Constant) for branch in (value.body, value.orelse)
                    ):
                        events.update({value.body.value, value.orelse.value})  # type: ignore[attr-defined]
                    elif isinstance(value, ast.Name) and (found := _assigned_strings(function, value.id)):
                        events.update(found)
                    elif isinstance(value, ast.Name):
                        continue  # a helper's parameter: its callers are checked
                    elif (relative, ast.unparse(value)) in expansions:
                        events.update(expansions[(relative, ast.unparse(value))]())
                    else:
                        unexplained.append(f"{relative}:{call.lineno} {ast.unparse(value)}")
    return events, unexplained


def test_the_scan_finds_the_events_it_should() -> None:
    events, _unexplained = written_events()
    # A sample across apps and kinds of call site: literal, variable, f-string, helper.
    assert {
        "org.teacher.viewed",
        "org.roster.exported",
        "accounts.signin.failed",
        "evaluation.rubric.section_added",
        "studios.studio.yellow_card",
        "activities.plan.submitted",
        "org.teacher.created",
    } <= events


def test_every_event_built_at_run_time_is_listed() -> None:
    _events, unexplained = written_events()
    assert unexplained == [], "list the events these can become in EXPANSIONS"


def test_every_event_the_code_writes_has_a_label() -> None:
    events, _unexplained = written_events()
    unlabelled = sorted(event for event in events if not is_labelled(event))
    assert unlabelled == [], "name these with register_audit_labels (hts/core/audit_labels.py)"


@pytest.mark.parametrize("event", ["org.teacher.viewed", "org.roster.exported"])
def test_the_reads_of_personal_data_have_names_of_their_own(event: str) -> None:
    from hts.core.audit_labels import ACTIONS

    assert event in ACTIONS and action_label(event) == str(ACTIONS[event])


def test_the_audit_log_names_the_reads_of_personal_data_in_chinese(world: World) -> None:
    reader = client_for(world.district_staff)
    assert reader.get(f"/org/teachers/{world.teacher_a.uid}/").status_code == 200
    assert reader.get("/org/rosters/teachers/export.xlsx").status_code == 200
    html = client_for(world.admin).get("/accounts/audit/").content.decode()
    assert "查看教师个人信息" in html and "导出名册" in html
    assert "教师名册" in html and "行数" in html
    assert "org.teacher.viewed" not in html and ">teachers<" not in html
