"""The honours demo story over a county (called by `seed_demo`'s Ganyu county): the county bureau's
yearly 县级优秀班主任 call in 公示. Up to three schools had a quota of two; they nominated their eligible
head teachers (checked against the records as any nomination is); the panel scored them; the ranked
list is in public notice and a teacher of the county has raised an objection the bureau must decide.

Written through the honours services, as the county's bureau staff and each school's staff (the system
administrator where a place has none); the objection as a teacher of the county with an account.
Idempotent: skipped once the county has an honours call.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hts.accounts.models import Role, RoleAssignment, User
from hts.corps.honours import services
from hts.corps.honours.eligibility import eligibility_of, failed_checks
from hts.corps.honours.models import HonourCall, Nomination
from hts.corps.honours.selectors import calendar_years, candidates
from hts.org.calendar import lineage_paths
from hts.org.models import Region, School, Teacher

TITLE = "县级优秀班主任"
SCHOOLS, PER_SCHOOL = 3, 2
STATEMENT = "所带班级班风正、学风浓，坚持每周家校沟通，主题班会获县级优秀案例。"


def seed(county: Region, today: dt.date) -> int:
    if HonourCall.objects.filter(organiser_path=county.path).exists():
        return 0
    year = calendar_years(county).filter(starts_on__lte=today, ends_on__gte=today).first()
    if year is None:
        return 0
    bureau = _bureau_actor(county)
    call = services.call_create(
        actor=bureau,
        region=county,
        data={
            "title": TITLE, "school_year": year, "kind": HonourCall.Kind.PERSON, "level": "county",
            "places": 1, "nominations_until": today, "review_until": today, "objection_days": 5,
            "description": "依据《关于进一步加强和改进中小学班主任工作的实施意见》第10条，评选本学年县级优秀班主任。",
        },
    )  # fmt: skip
    chosen: list[tuple[School, list[Teacher]]] = []
    for school in School.objects.filter(region__path__startswith=county.path).order_by("code"):
        checks = eligibility_of(call, candidates(school), today)
        eligible = [t for t in candidates(school) if not failed_checks(checks.get(t.pk, []))][:PER_SCHOOL]
        if eligible:
            chosen.append((school, eligible))
        if len(chosen) == SCHOOLS:
            break
    if not chosen:
        call.delete()
        return 0
    created = 1
    for school, _teachers in chosen:
        services.quota_set(actor=bureau, call=call, school=school, places=PER_SCHOOL)
        created += 1
    panel = [bureau, *[u for u in _school_staff(chosen[0][0]) if u.pk != bureau.pk][:1]]
    for user in panel:
        services.panel_add(actor=bureau, call=call, user=user)
    services.call_open(actor=bureau, call=call)
    nominations = []
    for school, teachers in chosen:
        actor = (_school_staff(school) or [_admin()])[0]
        for teacher in teachers:
            nominations.append(
                services.nominate(
                    actor=actor, call=call, school=school, teacher=teacher, statement=STATEMENT, today=today
                )
            )
    created += len(nominations)
    # One fewer honour than nominees, so the list shows who is in and who is not.
    HonourCall.objects.filter(pk=call.pk).update(places=max(1, len(nominations) - 1))
    call.refresh_from_db()
    services.call_close_nominations(actor=bureau, call=call)
    for m_index, user in enumerate(panel):
        for n_index, nomination in enumerate(nominations):
            points = Decimal(95 - 4 * n_index - m_index)
            services.score_save(actor=user, nomination=nomination, points=points, comment="事迹突出，材料翔实。")
            created += 1
    services.call_publish(actor=bureau, call=call, today=today)
    objector = _objector(county, {n.teacher_id for n in nominations})
    on_list = Nomination.objects.filter(call=call, status=Nomination.Status.PROPOSED).order_by("rank").last()
    if objector is not None and on_list is not None:
        services.objection_raise(
            actor=objector,
            nomination=on_list,
            text="该同志本学年曾请长假两个月，带班时间是否满一学年，请核实。",
            today=today,
        )
        created += 1
    return created


def _admin() -> User:
    admin = (
        User.objects.filter(is_superuser=True).first()
        or User.objects.filter(role_assignments__role=Role.SYSTEM_ADMIN).first()
    )
    if admin is None:
        raise RuntimeError("The demo needs a system administrator.")
    return admin


def _bureau_actor(county: Region) -> Any:
    assignment = (
        RoleAssignment.objects.active()
        .filter(role=Role.BUREAU_STAFF, region__path__in=lineage_paths(county.path))
        .select_related("user")
        .order_by("-region__depth", "pk")
        .first()
    )
    return assignment.user if assignment else _admin()


def _school_staff(school: School) -> list[Any]:
    rows = RoleAssignment.objects.active().filter(role=Role.SCHOOL_STAFF, school=school).select_related("user")
    return [row.user for row in rows.order_by("pk")]


def _objector(county: Region, nominees: set[int]) -> Any:
    return (
        User.objects.filter(teacher__school__region__path__startswith=county.path, is_active=True)
        .exclude(teacher_id__in=nominees)
        .order_by("pk")
        .first()
    )
