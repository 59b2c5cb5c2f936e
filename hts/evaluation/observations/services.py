"""Writes of lesson and class-meeting observations (听评课, 班会观摩).

Workflow (each transition logged in the workflow log):

| transition | from | to     | who                                                                  |
| ---------- | ---- | ------ | -------------------------------------------------------------------- |
| create     | —    | open   | an organiser of the observed teacher (observation.organise in scope) |
| score      | open | open   | each observer, on their own sheet                                    |
| close      | open | closed | an organiser; combines the observers and files the result           |

Closing files an evaluation record in the observed teacher's growth archive through the archives
app's ``evaluation_record_file`` (sanitised, audited, its semester from the calendar).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from hts.archives import services as archive_services
from hts.archives.models import ArchiveItem, Visibility
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.evaluation import notices
from hts.evaluation.observations import selectors
from hts.evaluation.observations.guards import can_close
from hts.evaluation.observations.models import Observation, ObservationScore, Observer
from hts.org.models import Teacher
from hts.studios.models import Membership, Studio

FIELDS = ("teacher", "version", "studio", "school", "topic", "class_name", "held_on", "combination")


def _check_organiser(actor: Any, teacher: Teacher, studio: Studio | None) -> None:
    """The actor organises for the teacher through their place (administrator, region, school), or
    through the studio the observation belongs to (its host or mentor, about its active team)."""
    if (
        studio is not None
        and not Membership.objects.filter(studio=studio, teacher=teacher, status=Membership.Status.ACTIVE).exists()
    ):
        raise ValidationError({"studio": _("%(teacher)s is not in the studio's team.") % {"teacher": teacher}})
    if selectors.organisable_teachers(actor, via_studio=False).filter(pk=teacher.pk).exists():
        return
    if studio is not None and studio.pk in selectors.organiser_studio_ids(actor):
        return
    if studio is None and selectors.organisable_teachers(actor).filter(pk=teacher.pk).exists():
        raise ValidationError({"studio": _("Choose the studio this observation belongs to.")})
    raise PermissionDenied(_("You do not organise observations of this teacher."))


@transaction.atomic
def observation_create(*, actor: Any, data: dict[str, Any]) -> Observation:
    teacher: Teacher = data["teacher"]
    studio: Studio | None = data.get("studio")
    _check_organiser(actor, teacher, studio)
    version = data["version"]
    if not selectors.observation_versions().filter(pk=version.pk).exists():
        raise ValidationError({"version": _("Choose a lesson or class-meeting rubric that is in use.")})
    observers = list(data.get("observers") or [])
    if not observers:
        raise ValidationError({"observers": _("Choose at least one observer.")})
    if any(user.teacher_id == teacher.pk for user in observers):
        raise ValidationError({"observers": _("The teacher observed cannot be one of the observers.")})
    observation = Observation(organised_by=actor)
    values = {name: data.get(name) for name in FIELDS if name != "school"}
    values["school"] = teacher.school
    values["class_name"] = values.get("class_name") or ""
    observation = save_audited(
        actor=actor, instance=observation, data=values, action="evaluation.observation.created", fields=FIELDS
    )
    Observer.objects.bulk_create([Observer(observation=observation, user=user) for user in observers])
    log_transition(target=observation, from_state="", to_state=Observation.Status.OPEN, actor=actor)
    notices.observation_created(observation, observers)
    return observation


@transaction.atomic
def observation_score(
    *, actor: Any, observation: Observation, points: dict[int, Decimal | None], comment: str
) -> Observer:
    """Save the actor's sheet: points per item (None: not yet scored) and their comments.

    Every value is checked against its item's maximum before anything is written."""
    observer = Observer.objects.select_for_update().filter(observation=observation, user=actor).first()
    if observer is None:
        raise PermissionDenied(_("You are not an observer of this lesson."))
    if actor.teacher_id is not None and actor.teacher_id == observation.teacher_id:
        raise PermissionDenied(_("You cannot rate yourself."))
    current = Observation.objects.filter(pk=observation.pk).values_list("status", flat=True).first()
    if current != Observation.Status.OPEN:
        raise TransitionRefused(_("This observation is closed; its sheets can no longer change."))
    items = {item.pk: item for item in selectors.items_of(observation.version)}
    errors: dict[str, list[str]] = {}
    for item_id, value in points.items():
        item = items.get(item_id)
        if item is None:
            raise ValidationError(_("An item of another rubric was submitted."))
        if value is not None and not Decimal("0") <= value <= item.max_points:
            errors[f"item_{item_id}"] = [
                _("Item %(number)s: %(value)s is outside 0–%(max)s.")
                % {"number": item.number, "value": value, "max": item.max_points}
            ]
    if errors:
        raise ValidationError(errors)
    existing = {score.item_id: score for score in observer.scores.all()}
    changed = {}
    for item_id, value in points.items():
        score = existing.get(item_id)
        if value is None:
            if score is not None:
                score.delete()
                changed[f"item:{items[item_id].number}"] = [str(score.points), None]
            continue
        if score is None:
            ObservationScore.objects.create(observer=observer, item_id=item_id, points=value)
            changed[f"item:{items[item_id].number}"] = [None, str(value)]
        elif score.points != value:
            changed[f"item:{items[item_id].number}"] = [str(score.points), str(value)]
            score.points = value
            score.save(update_fields=["points"])
    if comment != observer.comment:
        changed["comment"] = [observer.comment, comment]
    observer.comment = comment
    complete = all(points.get(pk) is not None for pk in items)
    observer.submitted_at = timezone.now() if complete else None
    observer.save(update_fields=["comment", "submitted_at"])
    audit_record(actor=actor, action="evaluation.observation.scored", target=observation, changes=changed)
    return observer


@transaction.atomic
def observation_close(*, actor: Any, observation: Observation) -> Observation:
    """Combine each item across the observers, store the total and file the result in the
    observed teacher's archive. Closing twice, even at once, is refused: one claim wins."""
    allowed, reason = can_close(observation, actor)
    if not allowed:
        if reason == _("Only the organiser closes an observation."):
            raise PermissionDenied(reason)
        raise TransitionRefused(reason)
    # Only complete sheets count: a half-scored sheet would drag its items' means down.
    result = selectors.observation_result(observation, complete_only=True)
    if not result["complete"]:
        raise TransitionRefused(_("No observer has scored every item yet."))
    if not claim(Observation, pk=observation.pk, expected=Observation.Status.OPEN, new=Observation.Status.CLOSED):
        raise TransitionRefused(stale_message())
    observation.refresh_from_db()
    item = _file_in_archive(actor=actor, observation=observation, result=result)
    Observation.objects.filter(pk=observation.pk).update(total=result["total"], archive_item=item)
    observation.refresh_from_db()
    log_transition(
        target=observation, from_state=Observation.Status.OPEN, to_state=Observation.Status.CLOSED, actor=actor
    )
    audit_record(
        actor=actor,
        action="evaluation.observation.closed",
        target=observation,
        changes={"total": str(result["total"]), "archive_item": item.title},
    )
    return observation


def _file_in_archive(*, actor: Any, observation: Observation, result: dict[str, Any]) -> ArchiveItem:
    return archive_services.evaluation_record_file(
        actor=actor,
        owner=observation.teacher,
        data={
            "title": (_("Observation: %(topic)s") % {"topic": observation.topic})[:120],
            "body": _archive_body(observation, result),
            "date": observation.held_on,
            "visibility": Visibility.STUDIO if observation.studio_id else Visibility.PRIVATE,
            "studio": observation.studio,
        },
    )


def _archive_body(observation: Observation, result: dict[str, Any]) -> str:
    head = (
        f"<p>{escape(observation.version.rubric.name)} · {escape(observation.topic)}"
        f"{' · ' + escape(observation.class_name) if observation.class_name else ''}"
        f" · {observation.held_on:%Y-%m-%d}</p>"
    )
    names = [escape(o.name) for o in result["observers"]]
    rows = "".join(
        f"<tr><td>{row.item.number}</td><td>{escape(row.item.text)}</td><td>{row.item.max_points}</td>"
        f"<td>{row.combined}</td></tr>"
        for row in result["rows"]
    )
    table = (
        f"<table><thead><tr><th>{escape(_('No.'))}</th><th>{escape(_('Item'))}</th><th>{escape(_('Maximum'))}</th>"
        f"<th>{escape(_('Points'))}</th></tr></thead><tbody>{rows}"
        f'<tr><td colspan="3">{escape(_("Total"))}</td><td>{result["total"]}</td></tr></tbody></table>'
    )
    combination = escape(observation.get_combination_display())
    observers_line = f"<p>{escape(_('Observers'))}：{'、'.join(names)} · {combination}</p>"
    comments = "".join(
        f"<h4>{escape(o.name)}</h4>{linebreaks(o.comment, autoescape=True)}"
        for o in result["observers"]
        if o.comment.strip()
    )
    return head + observers_line + table + (f"<h3>{escape(_('Comments'))}</h3>{comments}" if comments else "")
