"""Writes of the suggestion box: send, consider, decide. Each step is audited; the receivers are told of
a new suggestion and the sender of every change. See the models' docstring for how anonymity holds."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.models import User
from hts.accounts.selectors import users_who_may
from hts.core.audit import audit_record, current_ip
from hts.notifications.services import Message, notifications_send
from hts.org.calendar import lineage_paths
from hts.org.models import Region, School
from hts.portal.ideas import guards
from hts.portal.ideas.models import Suggestion, SuggestionStep
from hts.portal.words import sensitive_words_found


def _refuse_unless(verdict: tuple[bool, str]) -> None:
    ok, reason = verdict
    if not ok:
        raise PermissionDenied(reason)


def bureaus_above(school: School) -> list[Region]:
    """The regions with a bureau from the school's own up to the root, nearest first."""
    return list(
        Region.objects.filter(path__in=lineage_paths(school.region.path), bureau__isnull=False)
        .select_related("bureau")
        .order_by("-depth")
    )


def _audit_sent_anonymously(suggestion: Suggestion) -> None:
    # The bureau reads its region's audit log: an anonymous sender's entry names no one and keeps no address.
    token = current_ip.set(None)
    try:
        audit_record(actor=_("Anonymous sender"), action="ideas.send", target=suggestion)
    finally:
        current_ip.reset(token)


def receivers_of(suggestion: Suggestion) -> list[User]:
    """The school's office, or the staff of the bureau it was sent to (the nearest with anyone in post)."""
    return users_who_may("ideas.answer", suggestion, level="nearest")


@transaction.atomic
def suggestion_send(
    *, actor: Any, kind: str, title: str, body: str, to_region: Region | None, anonymous: bool
) -> Suggestion:
    """To the sender's school office (`to_region` None) or to a bureau above the sender's school."""
    _refuse_unless(guards.can_send(actor))
    school = actor.teacher.school
    if to_region is not None and to_region.pk not in {r.pk for r in bureaus_above(school)}:
        raise PermissionDenied(_("A suggestion goes to your school or to a bureau above it."))
    found = sensitive_words_found(f"{title} {body}", school.region)
    if found:
        raise ValidationError(
            _("The text holds words this region does not allow: %(words)s.") % {"words": "、".join(found)}
        )
    suggestion = Suggestion.objects.create(
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        to_school=None if to_region else school,
        to_region=to_region,
        sender=actor,
        anonymous=anonymous,
        origin_school=None if (anonymous and to_region) else school,
    )
    if anonymous:
        _audit_sent_anonymously(suggestion)
    else:
        audit_record(actor=actor, action="ideas.send", target=suggestion)
    title_text = (
        _("A new anonymous suggestion: %(title)s") % {"title": suggestion.title}
        if anonymous
        else _("A new suggestion from %(name)s: %(title)s") % {"name": actor.teacher.name, "title": suggestion.title}
    )
    url = reverse("portal-ideas-received", kwargs={"uid": suggestion.uid})
    notifications_send(
        Message(recipient=user, title=title_text, dedupe_key=f"ideas-new:{suggestion.uid}", url=url)
        for user in receivers_of(suggestion)
    )
    return suggestion


def _tell_sender(suggestion: Suggestion, step: SuggestionStep) -> None:
    notifications_send(
        [
            Message(
                recipient=suggestion.sender,
                title=_("Your suggestion “%(title)s”: %(status)s")
                % {"title": suggestion.title, "status": suggestion.get_status_display()},
                body=step.note[:1000],
                dedupe_key=f"ideas-step:{suggestion.uid}:{step.pk}",
                url=reverse("portal-ideas-mine-detail", kwargs={"uid": suggestion.uid}),
            )
        ]
    )


@transaction.atomic
def suggestion_consider(*, actor: Any, suggestion: Suggestion, note: str = "") -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _refuse_unless(guards.can_consider(suggestion, actor))
    before = suggestion.status
    suggestion.status = Suggestion.Status.CONSIDERING
    suggestion.save(update_fields=["status", "updated_at"])
    step = SuggestionStep.objects.create(suggestion=suggestion, status=suggestion.status, note=note.strip())
    audit_record(
        actor=actor, target=suggestion, action="ideas.consider", changes={"status": [before, suggestion.status]}
    )
    _tell_sender(suggestion, step)
    return suggestion


@transaction.atomic
def suggestion_decide(*, actor: Any, suggestion: Suggestion, adopted: bool, answer: str) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _refuse_unless(guards.can_decide(suggestion, actor))
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Write the answer the sender will read."))
    before = suggestion.status
    suggestion.status = Suggestion.Status.ADOPTED if adopted else Suggestion.Status.DECLINED
    suggestion.answer, suggestion.answered_by, suggestion.decided_at = answer, actor, timezone.now()
    suggestion.save(update_fields=["status", "answer", "answered_by", "decided_at", "updated_at"])
    step = SuggestionStep.objects.create(suggestion=suggestion, status=suggestion.status, note=answer)
    audit_record(actor=actor, target=suggestion, action="ideas.decide", changes={"status": [before, suggestion.status]})
    _tell_sender(suggestion, step)
    return suggestion
