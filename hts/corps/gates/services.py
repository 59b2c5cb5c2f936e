"""Writes of the gates' records. Each checks permission, validates and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.core.audit import audit_record
from hts.corps.gates.guards import require_manage
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.org.models import School, SchoolYear, Teacher


def _label(name: str) -> str:
    field = CreditedService._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


@transaction.atomic
def credited_service_create(*, actor: Any, school: School, teacher: Teacher, data: dict[str, Any]) -> CreditedService:
    """001 8: club or society work the school counts with the head-teacher years for a title application."""
    require_manage(actor, school)
    if teacher.school_id != school.pk:
        raise ValidationError({"teacher": _("Only a teacher of this school can be credited here.")})
    record = CreditedService(
        teacher=teacher,
        school=school,
        started_on=data["started_on"],
        ended_on=data["ended_on"],
        what=data["what"],
        reason=data["reason"],
        created_by=actor,
    )
    # The fields are named as the form labels them (开始日期/结束日期), from the model's own labels.
    start, end = (_label(name) for name in ("started_on", "ended_on"))
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for name, label, day in (("started_on", start, record.started_on), ("ended_on", end, record.ended_on)):
        if day > today:
            # Crediting counts work already done: future days would open the title gate in advance.
            errors[name] = _("%(field)s is after today: only work already done can be credited.") % {"field": label}
    if record.ended_on < record.started_on:
        errors.setdefault("ended_on", _("%(end)s is before %(start)s.") % {"end": end, "start": start})
    if errors:
        raise ValidationError(errors)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="corps.credited_service.created",
        target=record,
        changes={
            "teacher": [None, teacher.name],
            "period": [None, f"{record.started_on}–{record.ended_on}"],
            "what": [None, record.what],
            "reason": [None, record.reason],
        },
    )
    return record


@transaction.atomic
def excellent_share_set(*, actor: Any, school: School, percent: int) -> ExcellentShare:
    require_manage(actor, school)
    share = ExcellentShare.objects.select_for_update().filter(school=school).first() or ExcellentShare(school=school)
    before = share.percent if share.pk else None
    share.percent, share.updated_by = percent, actor
    share.full_clean()
    share.save()
    audit_record(
        actor=actor, action="corps.excellent_share.saved", target=share, changes={"percent": [before, percent]}
    )
    return share


@transaction.atomic
def excellent_count_set(
    *, actor: Any, school: School, school_year: SchoolYear, total: int, head_teachers: int
) -> ExcellentCount:
    require_manage(actor, school)
    if head_teachers > total:
        raise ValidationError({"head_teachers": _("More head teachers than teachers rated 优秀 in all.")})
    count = ExcellentCount.objects.select_for_update().filter(school=school, school_year=school_year).first()
    count = count or ExcellentCount(school=school, school_year=school_year)
    before = [count.total, count.head_teachers] if count.pk else None
    count.total, count.head_teachers, count.updated_by = total, head_teachers, actor
    count.full_clean()
    count.save()
    audit_record(
        actor=actor,
        action="corps.excellent_count.saved",
        target=count,
        changes={"counts": [before, [total, head_teachers]], "school_year": [None, school_year.label]},
    )
    return count
