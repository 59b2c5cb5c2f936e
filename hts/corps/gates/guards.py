"""Who may enter the gates' records: school staff for their school (the matrix's corps.gates.manage)."""

from __future__ import annotations

from typing import Any

from hts.accounts.access import require
from hts.org.models import School


def require_manage(actor: Any, school: School) -> None:
    require(actor, "corps.gates.manage", school)
