"""A teacher's research records, as the host standard reads them (issue 13, point 2).

The host standard's research rule (003 四(三)2(3): 主持或参与过市级以上德育课题研究) is met by the records
the bureau verified, the ones evaluation counts; what an applicant types on the application is only a
declaration. The records live in the research app, which sits above studios: it registers a function
at start-up that takes a teacher and returns their records, verified or awaiting verification, so
the review page can point the bureau at the ones still to verify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hts.org.models import Level


@dataclass(frozen=True)
class ResearchRecord:
    kind: str  # what the record is, translated: "课题（主持）", "课题研究成果"…
    title: str
    level: str  # a Level value
    verified: bool  # False: recorded, awaiting the bureau's verification (does not count)
    url: str = ""

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""


RecordSource = Callable[[Any], list[ResearchRecord]]

_SOURCES: dict[str, RecordSource] = {}


def register_research_records(name: str, source: RecordSource) -> None:
    """Idempotent: registering the same name again replaces the function (ready() may run twice)."""
    _SOURCES[name] = source


def research_records(teacher: Any) -> list[ResearchRecord]:
    records: list[ResearchRecord] = []
    for _name, source in sorted(_SOURCES.items()):
        records.extend(source(teacher))
    return records


def best_verified_level(records: list[ResearchRecord]) -> str:
    levels = [r.level for r in records if r.verified and r.level]
    return max(levels, key=Level.rank, default="")
