"""Explicit workflows: every change of state is a guarded transition with a log entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hts.core.models import WorkflowTransition


class TransitionRefused(ValidationError):
    """A transition whose guard said no; the message says which rule, in the user's language."""


def log_transition(*, target: Any, from_state: str, to_state: str, actor: Any, reason: str = "") -> WorkflowTransition:
    return WorkflowTransition.objects.create(
        target_type=target._meta.label_lower,
        target_id=str(target.uid),
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "display_name", "") or str(actor or ""),
        reason=reason,
    )


def transitions_of(target: Any) -> Any:
    return WorkflowTransition.objects.filter(target_type=target._meta.label_lower, target_id=str(target.uid))


def labelled_transitions(target: Any, choices: Any) -> list[Any]:
    """The target's transition log (one query), each entry with its states' labels for the page."""
    labels = dict(choices)
    entries = list(transitions_of(target))
    for entry in entries:
        entry.from_label = labels.get(entry.from_state, entry.from_state)
        entry.to_label = labels.get(entry.to_state, entry.to_state)
    return entries


def claim(model: Any, *, pk: int, expected: str | list[str], new: str, **fields: Any) -> bool:
    """Moves a row from an expected state with one conditional UPDATE.

    Of two people acting on the same record at once, exactly one UPDATE matches; the other gets
    False and is told someone else already acted.
    """
    expected_states = [expected] if isinstance(expected, str) else expected
    return model.objects.filter(pk=pk, status__in=expected_states).update(status=new, **fields) == 1


def stale_message() -> str:
    return _("Someone else has already acted on this record; reload the page to see its current state.")
