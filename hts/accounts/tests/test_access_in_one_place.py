"""Access is asked in one place (hts/accounts/access.py): this keeps the rest of the code from
growing its own checks again.

* no local ``_require_*`` helper anywhere (ask ``require``/``can``, or a ``can_<verb>`` guard);
* no read of ``MATRIX[...]`` outside accounts (ask the principal: ``grants_with``, ``region_paths_for``...);
* no role name in another app's services, selectors, guards or views (ask by action).
"""

from __future__ import annotations

import re
from pathlib import Path

import hts
from hts.accounts.models import Role
from hts.accounts.permissions import STUDIO_HOST, STUDIO_LIAISON, STUDIO_MEMBER, STUDIO_MENTOR

PACKAGE = Path(hts.__file__).parent
# "teacher" is a role too, but also every form field and query parameter naming a person: left out.
ROLE_NAMES = [*Role.values, STUDIO_HOST, STUDIO_MENTOR, STUDIO_MEMBER, STUDIO_LIAISON]
ROLE_STRING = re.compile("[\"'](" + "|".join(ROLE_NAMES) + ")[\"']")
ROLE_CONSTANT = re.compile(r"\bRole\.(" + "|".join(name.upper() for name in Role.values) + r")\b")
LOGIC_MODULE = re.compile(r"(^|_)(services|selectors|guards|views)(_\w+)?\.py$|^(services|selectors|views)\w*\.py$")


def _sources(*, outside_accounts: bool) -> list[Path]:
    files = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if outside_accounts and parts[0] == "accounts":
            continue
        files.append(path)
    return files


def _hits(pattern: re.Pattern[str], files: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]


def test_no_local_require_helpers() -> None:
    assert not _hits(re.compile(r"\bdef _require_"), _sources(outside_accounts=False))


def test_no_matrix_reads_outside_accounts() -> None:
    assert not _hits(re.compile(r"\bMATRIX\["), _sources(outside_accounts=True))


def test_no_role_names_in_other_apps_logic() -> None:
    logic = [path for path in _sources(outside_accounts=True) if LOGIC_MODULE.search(path.name)]
    assert len(logic) > 20  # the pattern does reach the apps' modules
    assert not _hits(ROLE_STRING, logic)
    assert not _hits(ROLE_CONSTANT, logic)


def test_the_patterns_catch_what_they_forbid() -> None:
    assert ROLE_STRING.search('g.role == "school_staff"')
    assert ROLE_CONSTANT.search("role=Role.BUREAU_STAFF")
    assert LOGIC_MODULE.search("services_rubrics.py") and LOGIC_MODULE.search("plan_selectors.py")
    assert LOGIC_MODULE.search("guards.py") and not LOGIC_MODULE.search("models.py")
