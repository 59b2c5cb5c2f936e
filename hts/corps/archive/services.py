"""The archive's one write: who read whose archive, for the audit log (issue 13 point 14, as for a
teacher's detail page)."""

from __future__ import annotations

from typing import Any

from hts.core.audit import audit_record
from hts.org.models import Teacher


def archive_viewed(*, actor: Any, teacher: Teacher, as_pdf: bool = False) -> None:
    """One entry per page view or PDF, naming who read whom; a teacher reading their own leaves none."""
    if getattr(actor, "teacher_id", None) == teacher.pk:
        return
    action = "corps.archive.pdf" if as_pdf else "corps.archive.viewed"
    audit_record(actor=actor, action=action, target=teacher)
