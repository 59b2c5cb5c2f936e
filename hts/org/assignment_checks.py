"""Rules from above org that a head teacher must meet before being assigned a class (001 二 4: the
trainee year and the qualification certificate, kept by corps).

org sits below corps, so it cannot ask it; corps registers its checks at start-up (CorpsConfig.ready).
A check takes the teacher (possibly not saved yet, from an import), the school and the day the
headship begins (today on the class form; the period's start for a service record or an import row), and returns the reason to show (already translated, naming the rule), or None.
Every path that assigns a head teacher asks `assignment_problems`: the class form, the service record,
the roster import. Another app may also follow a class's deputy (`register_deputy_listener`): corps
keeps the deputy as a dated assistant post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

AssignmentCheck = Callable[[Any, Any, dt.date], str | None]
# (actor, school_class, previous deputy or None, new deputy or None, day): the deputy was changed on the class form.
DeputyListener = Callable[[Any, Any, Any, Any, dt.date], None]

_CHECKS: dict[str, AssignmentCheck] = {}
_DEPUTY_LISTENERS: dict[str, DeputyListener] = {}


def register_assignment_check(name: str, check: AssignmentCheck) -> None:
    """Idempotent: the same name again replaces the function (ready() may run twice)."""
    _CHECKS[name] = check


def assignment_problems(teacher: Any, school: Any, on: dt.date) -> list[str]:
    """Every registered rule `teacher` fails for heading a class at `school` from `on`."""
    problems = []
    for _name, check in sorted(_CHECKS.items()):
        reason = check(teacher, school, on)
        if reason:
            problems.append(reason)
    return problems


def register_deputy_listener(name: str, listener: DeputyListener) -> None:
    _DEPUTY_LISTENERS[name] = listener


def deputy_changed(actor: Any, school_class: Any, before: Any, after: Any, on: dt.date) -> None:
    for _name, listener in sorted(_DEPUTY_LISTENERS.items()):
        listener(actor, school_class, before, after, on)
