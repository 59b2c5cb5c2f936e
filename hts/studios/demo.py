"""Demo studios for `seed_demo`: Shenzhen's second batch with studios in every state of the workflow.

Written through the services (acting as the demo system administrator), so the demo carries the
same transition history and audit entries as real use. Skipped when the batch already exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings

from hts.accounts.models import User
from hts.org.models import HeadTeacherService, Honour, Region, Teacher
from hts.studios import selectors as studio_selectors
from hts.studios import services
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Membership

BATCH_NAME = "深圳市第二批中小学名班主任工作室"

# (school code, studio name, stage, theme, target state)
STUDIOS = [
    ("FT-01", "“向阳花”名班主任工作室", "primary", "小学低段习惯养成与家校共育", "active"),
    ("NS-02", "“南山青蓝”名班主任工作室", "junior", "初中生涯教育与班级自治", "yellow_card"),
    ("LH-03", "“罗湖启航”名班主任工作室", "junior", "初中心理健康与班级文化", "under_review"),
    ("BA-01", "“宝安知行”名班主任工作室", "primary", "劳动教育融入班级管理", "applied"),
    ("SZ-01", "“深中致远”名班主任工作室", "senior", "高中生涯规划与班会课程", "approved"),
    ("LG-03", "“龙岗同心”名班主任工作室", "senior", "寄宿制班级管理", "revoked"),
]


def _qualify_as_host(teacher: Teacher) -> None:
    """Gives the demo host the records the Shenzhen standard asks for."""
    if not HeadTeacherService.objects.filter(teacher=teacher, started_on__lte=dt.date(2015, 9, 1)).exists():
        # Lengthen the period the demo gave them rather than add one beside it: periods at one school
        # may not overlap.
        period = (
            HeadTeacherService.objects.filter(teacher=teacher, school=teacher.school).order_by("-started_on").first()
        ) or HeadTeacherService(teacher=teacher, school=teacher.school)
        period.started_on, period.ended_on = dt.date(2012, 9, 1), None
        period.save()
    Honour.objects.get_or_create(
        teacher=teacher,
        title="深圳市优秀班主任",
        defaults={"level": "city", "awarded_on": dt.date(2021, 9, 10), "issuer": "深圳市教育局"},
    )
    Honour.objects.get_or_create(
        teacher=teacher,
        kind="class",
        title="区先进班集体",
        defaults={"level": "county", "awarded_on": dt.date(2022, 6, 1), "issuer": "区教育局"},
    )


def _serving(school_code: str, exclude: set[int], count: int) -> list[Teacher]:
    teachers = (
        Teacher.objects.filter(school__code=school_code, service_records__ended_on__isnull=True)
        .exclude(pk__in=exclude)
        .distinct()
        .order_by("mobile")[:count]
    )
    return list(teachers)


def _members_for(studio: Any, used: set[int], count: int) -> list[Teacher]:
    """Members from nearby schools of the same district, at most one from the host's school."""
    district = studio.host_school.region
    candidates = (
        Teacher.objects.filter(
            school__region=district,
            service_records__ended_on__isnull=True,
            service_records__started_on__lte=dt.date(2022, 9, 1),
        )
        .exclude(pk__in=used)
        .exclude(school=studio.host_school)
        .distinct()
        .order_by("mobile")
    )
    # At most two from any one school, so the team mixes nearby schools as the policy intends.
    picked: list[Teacher] = []
    per_school: dict[int, int] = {}
    for teacher in candidates:
        if per_school.get(teacher.school_id, 0) < 2:
            picked.append(teacher)
            per_school[teacher.school_id] = per_school.get(teacher.school_id, 0) + 1
        if len(picked) == count:
            break
    return picked


def seed_studios(admin: User) -> int:
    if Batch.objects.filter(name=BATCH_NAME).exists():
        return 0
    city = Region.objects.get(code="440300")
    batch = services.batch_create(
        actor=admin, region=city, name=BATCH_NAME, tier="city", start_year=2024, cycle_years=3, template="shenzhen"
    )
    # People who already have demo accounts (the `teacher` account) stay out of the studios.
    used: set[int] = set(User.objects.filter(teacher__isnull=False).values_list("teacher_id", flat=True))
    reviewers = list(User.objects.filter(username__in=["admin", "city_admin", "city_reviewer"]).order_by("username"))
    created = 1
    for code, name, stage, theme, target in STUDIOS:
        host = _serving(code, used, 1)[0]
        used.add(host.pk)
        _qualify_as_host(host)
        studio = _apply(admin, batch, host, name, stage, theme)
        created += 1
        if target == "applied":
            continue  # its declared research awaits the bureau's check (待核实)
        services.studio_research_check(actor=admin, studio=studio, verified=True, note="已核对市级课题结题证书")
        services.studio_material_check(actor=admin, studio=studio, passed=True, comment="材料齐全")
        services.studio_defence_record(
            actor=admin, studio=studio, passed=True, score=Decimal("88"), comment="答辩思路清晰"
        )
        for index, reviewer in enumerate(reviewers):
            if target == "under_review" and index == 2:
                break
            services.review_score_submit(actor=reviewer, studio=studio, score=Decimal(85 + index * 3), comment="同意")
        if target == "under_review":
            continue
        services.studio_decide(actor=admin, studio=studio, approve=True, reason="评审通过")
        _build_team(admin, studio, used)
        if target == "approved":
            continue
        services.studio_activate(actor=admin, studio=studio)
        if target == "active":
            services.assessment_record(
                actor=admin, studio=studio, kind="yearly", year=2025, grade="excellent", comments="年度考核优秀"
            )
        elif target == "yellow_card":
            services.assessment_record(
                actor=admin,
                studio=studio,
                kind="yearly",
                year=2025,
                grade="failed",
                comments="活动开展不足，给予黄牌警告",
            )
        elif target == "revoked":
            # A yearly assessment is of a year that has ended: two failed years (2024, 2025) revoke.
            services.assessment_record(
                actor=admin, studio=studio, kind="yearly", year=2024, grade="failed", comments="未完成年度任务"
            )
            services.assessment_record(
                actor=admin,
                studio=studio,
                kind="yearly",
                year=2025,
                grade="failed",
                comments="连续两年不合格，取消资格",
            )
    _link_accounts()
    return created


def _apply(admin: User, batch: Batch, host: Teacher, name: str, stage: str, theme: str) -> Any:
    # The demo administrator files the application on the host's behalf through the same service.
    from hts.studios.models import Studio

    studio = Studio(batch=batch, host=host, host_school=host.school, applied_by=admin, name=name, stage=stage, theme=theme,
                    plan=f"围绕“{theme}”，三年内开展专题研修、课题研究与成果辐射。", research_title=f"{theme}的实践研究",
                    research_level="city", research_check="pending", status="applied")  # fmt: skip
    check = studio_selectors.host_standard_for(batch, host, "city", studio.research_title)
    studio.standard_check = [r.as_dict() for r in check]
    studio.save()
    from hts.core.workflow import log_transition

    log_transition(target=studio, from_state="draft", to_state="applied", actor=admin, reason="演示数据")
    return studio


def _build_team(admin: User, studio: Any, used: set[int]) -> None:
    # Mentors: experienced teachers of the city-direct schools.
    mentor = (
        Teacher.objects.filter(school__city_direct=True).exclude(pk__in=used).order_by("-birth_year", "mobile").first()
    )
    used.add(mentor.pk)
    invite = membership_services.mentor_invite(actor=admin, studio=studio, teacher=mentor)
    membership_services.membership_approve(actor=admin, membership=invite)
    for teacher in _members_for(studio, used, 6):
        used.add(teacher.pk)
        membership = Membership.objects.create(
            studio=studio,
            role="member",
            teacher=teacher,
            status="applied",
            source="self",
            statement="希望在工作室中提升班级管理能力",
        )
        membership_services.membership_admit(actor=admin, membership=membership)
        membership_services.membership_evaluate(actor=admin, membership=membership, evaluation="现场综合评议合格")
        membership_services.membership_approve(actor=admin, membership=membership)


def _link_accounts() -> None:
    """`host`, `mentor` and `member` sign in as the people of the active demo studio."""
    studio_members = Membership.objects.filter(studio__name=STUDIOS[0][1], status="active").select_related("teacher")
    people = {
        "host": next(m.teacher for m in studio_members if m.role == "host"),
        "mentor": next(m.teacher for m in studio_members if m.role == "mentor"),
        "member": next(m.teacher for m in studio_members if m.role == "member"),
    }
    for username, teacher in people.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": teacher.name, "teacher": teacher}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
