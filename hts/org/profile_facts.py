"""Facts from above org that belong on a teacher's profile (issue 13, point 10): an end-of-cycle
grade that makes a host eligible (studios), a confirmed yearly failure (evaluation).

org sits below the domain apps, so it cannot ask them; each app registers a function at start-up
that takes the teacher and returns its facts (already translated), so the profile shows them where
people look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProfileFact:
    label: str
    text: str
    tone: str = "secondary"  # the Bootstrap colour of the line: success, warning, danger…
    testid: str = ""


FactSource = Callable[[Any], list[ProfileFact]]

_SOURCES: dict[str, FactSource] = {}


def register_profile_facts(name: str, source: FactSource) -> None:
    """Idempotent: registering the same name again replaces the function (ready() may run twice)."""
    _SOURCES[name] = source


def profile_facts(teacher: Any) -> list[ProfileFact]:
    facts: list[ProfileFact] = []
    for _name, source in sorted(_SOURCES.items()):
        facts.extend(source(teacher))
    return facts


# Links on the profile to a page above org about the teacher (the corps work archive). Unlike a fact,
# a link depends on who reads the profile: the source returns None for a viewer who may not open it.


@dataclass(frozen=True)
class ProfileLink:
    label: str
    url: str
    testid: str = ""


LinkSource = Callable[[Any, Any], ProfileLink | None]

_LINKS: dict[str, LinkSource] = {}


def register_profile_link(name: str, source: LinkSource) -> None:
    """Idempotent, like register_profile_facts; `source(teacher, viewer)`."""
    _LINKS[name] = source


def profile_links(teacher: Any, viewer: Any) -> list[ProfileLink]:
    links = (source(teacher, viewer) for _name, source in sorted(_LINKS.items()))
    return [link for link in links if link is not None]
