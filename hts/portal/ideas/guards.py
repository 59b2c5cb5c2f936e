"""Who may send, consider and decide suggestions: asked by the services to refuse and by the pages to
show or explain a button. A receiver is the school office addressed, or the bureau addressed (or one
above it): ``ideas.answer`` reaches a suggestion through ``register_scope`` in the portal's ready."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.portal.ideas.models import Suggestion


def can_send(user: Any) -> tuple[bool, str]:
    teacher = getattr(user, "teacher", None)
    if not can(user, "ideas.send") or teacher is None:
        return False, _("Only a teacher with a school sends suggestions.")
    return True, ""


def can_answer(suggestion: Suggestion, user: Any) -> tuple[bool, str]:
    if not can(user, "ideas.answer", suggestion):
        return False, _("This suggestion was not sent to you.")
    return True, ""


def can_consider(suggestion: Suggestion, user: Any) -> tuple[bool, str]:
    ok, reason = can_answer(suggestion, user)
    if not ok:
        return ok, reason
    if suggestion.status != Suggestion.Status.RECEIVED:
        return False, _("Only a suggestion just received is taken under consideration.")
    return True, ""


def can_decide(suggestion: Suggestion, user: Any) -> tuple[bool, str]:
    ok, reason = can_answer(suggestion, user)
    if not ok:
        return ok, reason
    if not suggestion.is_open:
        return False, _("This suggestion is already answered.")
    return True, ""
