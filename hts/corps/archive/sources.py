"""The archive's sections for the records on main (001 3, 7, 8, 10): service years, certificates,
gates, yearly grades, honours, mentoring and the chief head teacher. Each reads its part's own
selectors, so a number on the archive is the number on that part's page; CorpsConfig registers them
in `_ready_archive`. Orders leave room for the sections the other corps parts add between them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.corps.archive.sections import ArchiveRow, ArchiveSection
from hts.corps.certificates.models import Certificate, CertificateState
from hts.corps.certificates.selectors import with_states
from hts.corps.gates.models import CreditedService
from hts.corps.gates.selectors import HONOURS, teacher_gates
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession
from hts.corps.structure.selectors import pairs_of_teacher
from hts.evaluation.grades.models import YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.org.models import HeadTeacherService, Honour, Teacher
from hts.org.service_time import served_days, years_text

SERVICE, CERTIFICATES, GATES, GRADES = "service", "certificates", "gates", "grades"
HONOUR_RECORDS, MENTORING, GUIDANCE, CHIEF = "honours", "mentoring", "guidance", "chief"

ORDERS = {
    SERVICE: 10,
    CERTIFICATES: 30,
    GATES: 40,
    GRADES: 60,
    HONOUR_RECORDS: 70,
    MENTORING: 80,
    GUIDANCE: 81,
    CHIEF: 90,
}


def _date(day: dt.date | None, open_text: str = "") -> str:
    return day.isoformat() if day else open_text


def _profile_row(teacher: Teacher, cells: tuple[str, ...], source: str) -> ArchiveRow:
    """A record kept on the teacher's profile (it has no page of its own)."""
    return ArchiveRow(
        cells=cells,
        source=source,
        source_url=reverse("org-teacher-detail", kwargs={"uid": teacher.uid}),
        source_record=teacher,
        source_actions=("teacher.view",),
    )


def service_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    """Each head-teacher period and each piece of credited club work, then the years the gates count
    (001 8: overlaps once, up to the archive's date)."""
    now = pgettext("period end", "present")
    records = list(
        HeadTeacherService.objects.filter(teacher=teacher, started_on__lte=on)
        .select_related("school", "school_class")
        .order_by("started_on", "pk")
    )
    credited = list(
        CreditedService.objects.filter(teacher=teacher, started_on__lte=on)
        .select_related("school")
        .order_by("started_on", "pk")
    )
    rows = []
    for record in records:
        years = years_text(served_days([(record.started_on, record.ended_on)], on))
        rows.append(
            _profile_row(
                teacher,
                (
                    record.school.name,
                    str(record.school_class or record.class_label or "—"),
                    _date(record.started_on),
                    _date(record.ended_on, now),
                    years,
                ),
                _("Head-teacher service record, %(school)s, from %(date)s")
                % {"school": record.school.name, "date": record.started_on.isoformat()},
            )
        )
    for work in credited:
        rows.append(
            ArchiveRow(
                cells=(
                    work.school.name,
                    _("Credited: %(what)s") % {"what": work.what},
                    _date(work.started_on),
                    _date(work.ended_on),
                    years_text(served_days([(work.started_on, work.ended_on)], on)),
                ),
                source=_("Club or society work credited by the school: %(reason)s") % {"reason": work.reason},
                source_url=reverse("corps-gates-school", kwargs={"school_uid": work.school.uid}),
                source_record=work.school,
                source_actions=("corps.gates.view",),
            )
        )
    summary = ""
    if records:
        spans = [(record.started_on, record.ended_on) for record in records]
        summary = _("%(years)s years as head teacher up to %(date)s, overlaps counted once (001 8).") % {
            "years": years_text(served_days(spans, on)),
            "date": on.isoformat(),
        }
    if credited:
        spans = [(r.started_on, r.ended_on) for r in records] + [(w.started_on, w.ended_on) for w in credited]
        summary += _(" With the credited work, counted for a professional-title application: %(years)s years.") % {
            "years": years_text(served_days(spans, on))
        }
    return ArchiveSection(
        key=SERVICE,
        title=_("Head-teacher service"),
        columns=(_("School"), _("Class"), _("From"), _("To"), _("Years")),
        rows=rows,
        empty_text=_("No head-teacher service recorded."),
        summary=summary.strip(),
    )


def certificate_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    certificates = with_states(
        list(Certificate.objects.filter(holder=teacher, issued_on__lte=on).select_related("issuer")), on
    )
    rows = []
    for certificate in sorted(certificates, key=lambda c: (c.issued_on, c.number)):
        state = str(CertificateState(certificate.current_state).label)  # type: ignore[attr-defined]
        if certificate.revocation_reason:
            state += _(" (reason: %(reason)s)") % {"reason": certificate.revocation_reason}
        rows.append(
            ArchiveRow(
                cells=(
                    certificate.get_kind_display(),
                    certificate.number,
                    certificate.issuer.name,
                    _date(certificate.issued_on),
                    _date(certificate.valid_until, _("No expiry")),
                    state,
                ),
                source=str(certificate),
                source_url=reverse("corps-certificate", kwargs={"uid": certificate.uid}),
                source_record=certificate,
                source_actions=("corps.certificate.view",),
            )
        )
    return ArchiveSection(
        key=CERTIFICATES,
        title=_("Certificates"),
        columns=(_("Type"), _("Number"), _("Issued by"), _("Issue date"), _("Valid until"), _("State")),
        rows=rows,
        empty_text=_("No certificate issued."),
    )


def gate_section(teacher: Teacher, on: dt.date) -> ArchiveSection | None:
    """001 8's gates as of the archive's date; left out where the region's policy has none."""
    gates = teacher_gates(teacher, on)
    if not gates:
        return None
    failure = None
    if any(gate.code == HONOURS and not gate.open for gate in gates):
        failure = (
            YearlyFailure.objects.filter(
                teacher=teacher,
                status=YearlyFailure.Status.CONFIRMED,
                school_year__starts_on__lte=on,
                school_year__ends_on__gte=on,
            )
            .select_related("school_year")
            .first()
        )
    rows = []
    for gate in gates:
        if gate.open:
            state, opens = pgettext("gate", "open"), ""
        else:
            state, opens = pgettext("gate", "closed"), _date(gate.opens_on, _("with more recorded service"))
        if gate.code == HONOURS:
            source = (
                _("Failing yearly result of %(year)s, confirmed by the bureau") % {"year": failure.school_year.label}
                if failure
                else _("Yearly results: no confirmed failure this school year")
            )
        else:
            source = _("Head-teacher service records and credited work")
        rows.append(
            ArchiveRow(
                cells=(gate.label, state, opens, gate.reason),
                source=source,
                source_url=reverse("corps-gates-school", kwargs={"school_uid": teacher.school.uid}),
                source_record=teacher.school,
                source_actions=("corps.gates.view",),
            )
        )
    return ArchiveSection(
        key=GATES,
        title=_("Gates for titles, promotion and honours"),
        columns=(_("Gate"), _("State"), _("Opens on"), _("Reason")),
        rows=rows,
    )


def _round_organiser(rnd: EvaluationRound) -> str:
    organiser = rnd.school or rnd.region or rnd.studio
    return str(getattr(organiser, "name", organiser or ""))


def grade_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    """Published and final yearly results (001 10), then the failing results reported to the bureau."""
    results = list(
        Subject.objects.filter(
            teacher=teacher,
            round__period=EvaluationRound.Period.YEARLY,
            round__status__in=[EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL],
            round__school_year__starts_on__lte=on,
        )
        .select_related("round__school_year", "round__school", "round__region", "round__studio")
        .order_by("round__school_year__starts_on", "round_id")
    )
    failures = list(
        YearlyFailure.objects.filter(teacher=teacher, school_year__starts_on__lte=on)
        .select_related("school_year")
        .order_by("school_year__starts_on")
    )
    rows = []
    for subject in results:
        rnd = subject.round
        notes = []
        if subject.rank_in_school:
            notes.append(_("rank %(rank)d in the school") % {"rank": subject.rank_in_school})
        if rnd.status == EvaluationRound.Status.PUBLISHED:
            notes.append(_("published, not yet final"))
        rows.append(
            ArchiveRow(
                cells=(
                    rnd.school_year.label,
                    f"{rnd.title}（{_round_organiser(rnd)}）",
                    str(subject.total) if subject.total is not None else "—",
                    subject.get_grade_display() or "—",
                    "；".join(notes),
                ),
                source=_("Yearly evaluation result: %(round)s") % {"round": rnd.title},
                source_url=reverse("evaluation-subject-detail", kwargs={"uid": subject.uid}),
                source_record=subject,
                source_actions=("evaluation.view", "evaluation.own"),
            )
        )
    for failure in failures:
        rows.append(
            ArchiveRow(
                cells=(
                    failure.school_year.label,
                    _("Failing yearly result"),
                    "—",
                    _("Not qualified"),
                    failure.get_status_display() + (f"；{failure.note}" if failure.note else ""),
                ),
                source=_("Failing yearly result reported to the bureau, %(year)s")
                % {"year": failure.school_year.label},
                source_url=reverse("evaluation-failure-list"),
                source_record=failure,
                source_actions=("failure.review",),
            )
        )
    return ArchiveSection(
        key=GRADES,
        title=_("Yearly grades"),
        columns=(_("School year"), _("Evaluation round"), _("Total"), pgettext("result", "grade"), _("Note")),
        rows=rows,
        empty_text=_("No yearly result published."),
    )


def honour_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    honours = Honour.objects.filter(teacher=teacher, awarded_on__lte=on).order_by("awarded_on", "pk")
    rows = [
        _profile_row(
            teacher,
            (
                honour.title,
                honour.get_kind_display(),
                honour.get_level_display(),
                _date(honour.awarded_on),
                honour.issuer or "—",
            ),
            _("Honour record: %(title)s") % {"title": honour.title},
        )
        for honour in honours
    ]
    return ArchiveSection(
        key=HONOUR_RECORDS,
        title=_("Honours"),
        columns=(pgettext("honour", "Title"), _("Kind"), _("Level"), _("Date awarded"), _("Issued by")),
        rows=rows,
        empty_text=_("No honours recorded."),
    )


def _pair_row(pair: Any, cells: tuple[str, ...], source: str) -> ArchiveRow:
    # The pair's page is read by its two teachers and the school office; the office reaches it by
    # corps.structure.manage, the mentor by corps.guidance.record (the mentee's own link is not offered:
    # no action scopes a pair to its mentee).
    return ArchiveRow(
        cells=cells,
        source=source,
        source_url=reverse("corps-structure-pair", kwargs={"uid": pair.uid}),
        source_record=pair,
        source_actions=("corps.structure.manage", "corps.guidance.record"),
    )


def mentoring_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    pairs = sorted(pairs_of_teacher(teacher.pk).filter(started_on__lte=on), key=lambda p: (p.started_on, p.pk))
    rows = []
    for pair in pairs:
        as_mentor = pair.mentor_id == teacher.pk
        rows.append(
            _pair_row(
                pair,
                (
                    _("Mentor") if as_mentor else _("Mentee"),
                    pair.mentee.name if as_mentor else pair.mentor.name,
                    _date(pair.started_on),
                    _date(pair.ended_on, pgettext("period end", "present")),
                    str(pair.session_count),  # type: ignore[attr-defined]
                    str(pair.total_hours or 0),  # type: ignore[attr-defined]
                ),
                _("Mentoring pair %(mentor)s → %(mentee)s, %(school)s")
                % {"mentor": pair.mentor.name, "mentee": pair.mentee.name, "school": pair.school.name},
            )
        )
    return ArchiveSection(
        key=MENTORING,
        title=_("Mentoring pairs"),
        columns=(_("Role"), _("With"), _("From"), _("To"), _("Guidance sessions"), _("Hours")),
        rows=rows,
        empty_text=_("No mentoring pair."),
    )


def guidance_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    sessions = (
        GuidanceSession.objects.filter(Q(pair__mentor=teacher) | Q(pair__mentee=teacher), held_on__lte=on)
        .select_related("pair__mentor", "pair__mentee")
        .order_by("held_on", "pk")
    )
    rows = [
        _pair_row(
            session.pair,
            (
                _date(session.held_on),
                f"{session.pair.mentor.name} → {session.pair.mentee.name}",
                session.topic,
                str(session.hours),
            ),
            _("Guidance session of %(date)s, recorded by the mentor") % {"date": session.held_on.isoformat()},
        )
        for session in sessions
    ]
    return ArchiveSection(
        key=GUIDANCE,
        title=_("Guidance sessions"),
        columns=(_("Date"), _("Mentoring pair"), pgettext("guidance", "topic"), _("Hours")),
        rows=rows,
        empty_text=_("No guidance session recorded."),
    )


def chief_section(teacher: Teacher, on: dt.date) -> ArchiveSection:
    chiefs = (
        ChiefHeadTeacher.objects.filter(teacher=teacher, started_on__lte=on)
        .select_related("school")
        .order_by("started_on", "pk")
    )
    rows = [
        ArchiveRow(
            cells=(
                chief.school.name,
                _date(chief.started_on),
                _date(chief.ended_on, pgettext("period end", "present")),
            ),
            source=_("Chief head teacher appointment, %(school)s") % {"school": chief.school.name},
            source_url=reverse("corps-structure-school", kwargs={"school_uid": chief.school.uid}),
            source_record=chief.school,
            source_actions=("corps.structure.manage",),
        )
        for chief in chiefs
    ]
    return ArchiveSection(
        key=CHIEF,
        title=_("Chief head teacher"),
        columns=(_("School"), _("From"), _("To")),
        rows=rows,
        empty_text=_("Not named chief head teacher."),
    )


SOURCES = {
    SERVICE: service_section,
    CERTIFICATES: certificate_section,
    GATES: gate_section,
    GRADES: grade_section,
    HONOUR_RECORDS: honour_section,
    MENTORING: mentoring_section,
    GUIDANCE: guidance_section,
    CHIEF: chief_section,
}
