"""Writes of certificates: the bureau issues them (one or a batch, numbered from a per-region, per-year,
per-type sequence), revokes them with a reason its holder sees, and reinstates them. Each write checks
permission, is audited and kept in history, and tells the holder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused
from hts.corps.certificates.guards import can_reinstate, can_revoke
from hts.corps.certificates.models import Certificate, CertificateKind, CertificateSequence
from hts.corps.certificates.selectors import expiring_certificates
from hts.corps.selectors import policy_for
from hts.corps.training import rules as training_rules
from hts.corps.training.models import CertificateCourse
from hts.notifications.services import Message, notifications_send
from hts.org.models import Region, Teacher

# The type's mark in a number: 培 for the training certificate, 资 for the qualification.
NUMBER_MARK = {CertificateKind.TRAINING: "PX", CertificateKind.QUALIFICATION: "ZG"}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def next_number(region: Region, year: int, kind: str) -> str:
    """Takes the next number of the sequence inside the caller's transaction: the UPDATE locks the row
    (PostgreSQL) or the database (SQLite) until the certificate using it is committed."""
    try:
        with transaction.atomic():
            sequence, _created = CertificateSequence.objects.get_or_create(region=region, year=year, kind=kind)
    except IntegrityError:  # another issuer created the row at the same moment
        sequence = CertificateSequence.objects.get(region=region, year=year, kind=kind)
    CertificateSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    last = CertificateSequence.objects.values_list("last", flat=True).get(pk=sequence.pk)
    return f"{region.code}-{year}-{NUMBER_MARK[CertificateKind(kind)]}{last:04d}"


def _by(certificate: Certificate, actor: Any) -> None:
    """The history names `actor` even outside a request (the history middleware's user), as when a
    command or the demo issues certificates."""
    if getattr(actor, "is_authenticated", False):
        certificate._history_user = actor  # type: ignore[attr-defined]


def _notify(certificates: Sequence[Certificate], title: str, key: str, body: str = "") -> None:
    messages = []
    for certificate in certificates:
        user = getattr(certificate.holder, "user", None)
        if user is None or not user.is_active:
            continue
        messages.append(
            Message(
                recipient=user,
                title=title % {"kind": certificate.get_kind_display(), "number": certificate.number},
                body=body,
                url=reverse("corps-certificate", args=[certificate.uid]),
                dedupe_key=f"corps.certificate.{key}:{certificate.uid}:{timezone.now().isoformat()}",
            )
        )
    notifications_send(messages)


@dataclass(frozen=True)
class Refusal:
    teacher: Teacher
    reason: str

    @property
    def rule(self) -> str:
        """The reason without the teacher's name it starts with, for a list that names them already."""
        name = self.teacher.name
        return self.reason[len(name) :].lstrip() if self.reason.startswith(name) else self.reason


def _held(kind: str, teachers: Sequence[Teacher], issued_on: dt.date, policy: Any) -> dict[int, Certificate]:
    """Each teacher's certificate of `kind` that is still in force on `issued_on` and not yet open to
    renewal (one query). 001 gives a holder one of each certificate: the training certificate for good,
    the qualification renewed at its three-yearly 换证 — so a new one only once the held one is revoked,
    expired, or (the qualification) inside the policy's expiring window, where the renewal is due."""
    live = Certificate.objects.filter(holder__in=[t.pk for t in teachers], kind=kind, revoked_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=issued_on)
    )
    window = getattr(policy, "expiring_within_days", None)
    if kind == CertificateKind.QUALIFICATION and window is not None:
        live = live.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=issued_on + dt.timedelta(days=window)))
    return {c.holder_id: c for c in live.order_by("issued_on")}


def _held_reason(teacher: Teacher, held: Certificate, policy: Any) -> str:
    names = {"name": teacher.name, "kind": held.get_kind_display(), "number": held.number}
    if held.valid_until is None:
        return _("%(name)s already holds %(kind)s No. %(number)s: one is issued per holder (001 section 4).") % names
    window = getattr(policy, "expiring_within_days", None)
    opens = held.valid_until + dt.timedelta(days=1) if window is None else held.valid_until - dt.timedelta(days=window)
    return _(
        "%(name)s already holds %(kind)s No. %(number)s, valid until %(until)s: a new one is issued as its renewal "
        "from %(opens)s, or once it is revoked (001 section 7)."
    ) % {**names, "until": held.valid_until.isoformat(), "opens": opens.isoformat()}


def _check(
    region: Region, kind: str, teachers: Sequence[Teacher], issued_on: dt.date, policy: Any
) -> tuple[list[Refusal], dict[int, list[Any]]]:
    """Every chosen teacher the issue refuses, each with the rule, and the passed course results the
    others' certificates are issued on. Reads only."""
    refusals: list[Refusal] = []
    results: dict[int, list[Any]] = {}
    courses_rule = training_rules.rule_on(policy)
    held = _held(kind, teachers, issued_on, policy)
    for teacher in teachers:
        if not teacher.school.region.path.startswith(region.path):
            refusals.append(
                Refusal(teacher, _("%(name)s is not in %(region)s.") % {"name": teacher.name, "region": region.name})
            )
            continue
        if teacher.pk in held:
            refusals.append(Refusal(teacher, _held_reason(teacher, held[teacher.pk], policy)))
            continue
        try:
            results[teacher.pk] = (
                training_rules.course_results_for(teacher, kind, issued_on, policy) if courses_rule else []
            )
        except ValidationError as error:
            refusals.append(Refusal(teacher, " ".join(error.messages)))
    return refusals, results


def issue_refusals(*, region: Region, kind: str, teachers: Sequence[Teacher], issued_on: dt.date) -> list[Refusal]:
    """Who of `teachers` the issue would refuse and why: the preview lists them before the bureau confirms."""
    if kind not in CertificateKind.values:
        return []
    return _check(region, kind, teachers, issued_on, policy_for(region))[0]


@transaction.atomic
def certificates_issue(
    *,
    actor: Any,
    region: Region,
    kind: str,
    teachers: Sequence[Teacher],
    issued_on: dt.date,
    evidence: str,
    number: str = "",
) -> list[Certificate]:
    """Issue one certificate per teacher in the name of `region`'s bureau. The qualification certificate
    is valid for the policy's years (no policy: no expiry); the training certificate never expires.
    `number`: a paper certificate's own number, for a single teacher; otherwise the sequence's next.

    All or nothing: when any chosen teacher is refused, none is issued, and the refusal names every
    refused teacher with the rule that refused them."""
    require(actor, "corps.certificate.issue", region)
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("Choose a certificate type.")})
    if not teachers:
        raise ValidationError(_("Choose at least one teacher."))
    if number and len(teachers) > 1:
        raise ValidationError({"number": _("A number of your own is for one certificate only.")})
    policy = policy_for(region)
    # Where courses have exams, a certificate is issued on passed course results (the note is optional);
    # elsewhere the typed evidence is all there is.
    if not training_rules.rule_on(policy) and not evidence.strip():
        raise ValidationError({"evidence": _("Write the evidence the certificate is issued on.")})
    for teacher in teachers:
        require(actor, "corps.certificate.issue", teacher)
    refusals, results_by_teacher = _check(region, kind, teachers, issued_on, policy)
    if refusals:
        raise ValidationError(
            [
                _("No certificate was issued: %(refused)d of the %(total)d teachers chosen are refused.")
                % {"refused": len(refusals), "total": len(teachers)},
                *(refusal.reason for refusal in refusals),
            ]
        )
    valid_until = None
    if kind == CertificateKind.QUALIFICATION and policy is not None:
        valid_until = add_years(issued_on, policy.qualification_valid_years)
    issued = []
    for teacher in teachers:
        results = results_by_teacher[teacher.pk]
        certificate = Certificate(
            kind=kind,
            number=number.strip() or next_number(region, issued_on.year, kind),
            holder=teacher,
            issuer=region,
            issued_on=issued_on,
            valid_until=valid_until,
            evidence=evidence.strip(),
            issued_by=actor,
        )
        certificate.full_clean()
        _by(certificate, actor)
        certificate.save()
        CertificateCourse.objects.bulk_create(
            [CertificateCourse(certificate=certificate, enrolment=e) for e in results]
        )
        audit_record(
            actor=actor,
            action="corps.certificate.issued",
            target=certificate,
            target_label=f"{teacher.name} · {certificate}",
            changes={
                "number": [None, certificate.number],
                "valid_until": [None, str(valid_until or "")],
                "courses": [None, "、".join(str(e.course) for e in results)],
            },
        )
        issued.append(certificate)
    _notify(issued, _("Your %(kind)s No. %(number)s is issued."), "issued")
    return issued


def _revoke(certificate: Certificate, *, actor: Any, reason: str) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    allowed, why = can_revoke(locked)
    if not allowed:
        raise TransitionRefused(why)
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked._change_reason = reason  # type: ignore[attr-defined]  # simple_history keeps it on the row
    _by(locked, actor)
    locked.save()
    audit_record(
        actor=actor,
        action="corps.certificate.revoked",
        target=locked,
        target_label=f"{locked.holder.name} · {locked}",
        changes={"revocation_reason": ["", reason]},
    )
    _notify([locked], _("Your %(kind)s No. %(number)s is revoked."), "revoked", body=reason)
    return locked


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """The bureau revokes a certificate; the reason is shown to its holder."""
    require(actor, "corps.certificate.issue", certificate)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked; its holder will read it.")})
    return _revoke(certificate, actor=actor, reason=reason.strip())


@transaction.atomic
def certificate_reinstate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Undo a revocation (a failing year withdrawn on appeal, a mistake); the revocation stays in history."""
    require(actor, "corps.certificate.issue", certificate)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is reinstated.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    allowed, why = can_reinstate(locked)
    if not allowed:
        raise TransitionRefused(why)
    before = locked.revocation_reason
    locked.revoked_at = None
    locked.revocation_reason = ""
    locked._change_reason = reason.strip()  # type: ignore[attr-defined]
    _by(locked, actor)
    locked.save()
    audit_record(
        actor=actor,
        action="corps.certificate.reinstated",
        target=locked,
        target_label=f"{locked.holder.name} · {locked}",
        changes={"revocation_reason": [before, ""], "reason": [None, reason.strip()]},
    )
    _notify([locked], _("Your %(kind)s No. %(number)s is reinstated."), "reinstated", body=reason.strip())
    return locked


def revoke_for_failure(*, failure: Any, actor: Any, **_kwargs: Any) -> list[Certificate]:
    """001 10 (经核实后, 将取消班主任资格证): evaluation's signal when the bureau confirms a failing yearly
    result. The bureau's confirmation is the decision, so no further permission is asked; the rule is
    on only where the holder's policy says so."""
    policy = policy_for(failure.teacher.school.region)
    if policy is None or not policy.failing_year_revokes_qualification:
        return []
    reason = _("Failing yearly result of %(year)s confirmed by the bureau (001 section 10).") % {
        "year": failure.school_year.label
    }
    live = Certificate.objects.filter(
        holder=failure.teacher, kind=CertificateKind.QUALIFICATION, revoked_at__isnull=True
    ).select_related("holder__user")
    return [_revoke(certificate, actor=actor, reason=reason) for certificate in live]


def notify_expiring(today: dt.date) -> int:
    """One notice per certificate and expiry date (a renewed date gets a new one); returns how many."""
    messages = [
        Message(
            recipient=c.holder.user,
            title=_("Your %(kind)s No. %(number)s expires on %(date)s.")
            % {"kind": c.get_kind_display(), "number": c.number, "date": c.valid_until},
            url=reverse("corps-certificate", args=[c.uid]),
            dedupe_key=f"corps.certificate.expiring:{c.uid}:{c.valid_until}",
        )
        for c in expiring_certificates(today)
        if getattr(c.holder, "user", None) is not None and c.holder.user.is_active
    ]
    return len(notifications_send(messages))
