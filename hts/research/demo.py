"""Demo research projects and achievements for `seed_demo`: projects at every stage for the running
demo studios, and achievements at several levels for the demo `host` and `member` (most verified,
one waiting for the bureau). Idempotent: projects are matched by studio and title, achievements by
owner and title. Written straight to the models: this is setup, not anyone's action."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.accounts.models import User
from hts.core.workflow import log_transition
from hts.org.models import Level
from hts.research.models import Achievement, ResearchProject
from hts.studios.models import Membership, Studio

S = ResearchProject.Status
# (title, level, path of stages reached, start, end, outputs)
PROJECTS = [
    ("小学低段行为习惯养成的家校协同策略研究", Level.COUNTY, [S.APPLIED, S.APPROVED, S.MIDTERM], dt.date(2025, 9, 1),
     dt.date(2027, 6, 30), "中期报告一份；家校共育案例集（初稿）"),
    ("班级自治与学生干部轮换制的实践研究", Level.CITY, [S.APPLIED, S.APPROVED], dt.date(2026, 3, 1),
     dt.date(2028, 2, 28), ""),
    ("“五育并举”背景下主题班会课程化研究", Level.SCHOOL, [S.APPLIED, S.APPROVED, S.MIDTERM, S.CONCLUDED],
     dt.date(2024, 9, 1), dt.date(2026, 7, 1), "结项报告；主题班会课例 12 节；论文 2 篇"),
    ("劳动教育融入班级日常管理的路径研究", Level.COUNTY, [S.APPLIED], dt.date(2026, 12, 1), dt.date(2028, 6, 30), ""),
]  # fmt: skip
# (title, kind, level, date, issuer, status)
ACHIEVEMENTS = {
    "member": [
        ("浅谈低段学生习惯养成中的家校沟通", "paper_published", Level.CITY, dt.date(2026, 4, 12), "《深圳教育》", "verified"),
        ("主题班会《我是班级小主人》", "open_lesson", Level.COUNTY, dt.date(2026, 5, 20), "福田区教育局", "verified"),
        ("校级优秀班主任", "honour", Level.SCHOOL, dt.date(2026, 1, 10), "本校", "verified"),
        ("班主任基本功大赛二等奖", "contest", Level.CITY, dt.date(2026, 10, 18), "深圳市教育局", "pending"),
    ],
    "host": [
        ("《家校共育的一百个细节》", "book", Level.PROVINCE, dt.date(2025, 12, 1), "广东教育出版社", "verified"),
        ("论文《班级文化建设的三个抓手》获一等奖", "paper_awarded", Level.NATIONAL, dt.date(2026, 6, 8), "中国教育学会", "verified"),
        ("区优秀德育工作者", "honour", Level.COUNTY, dt.date(2026, 9, 10), "福田区教育局", "verified"),
    ],
}  # fmt: skip


def seed_research() -> int:
    created = 0
    admin = User.objects.filter(username="admin").first()
    studios = list(
        Studio.objects.filter(status__in=["active", "yellow_card", "approved"]).select_related("host").order_by("name")
    )
    for index, studio in enumerate(studios):
        team = list(
            Membership.objects.filter(studio=studio, status="active", teacher__isnull=False).values_list(
                "teacher_id", flat=True
            )
        )
        for title, level, stages, starts, ends, outputs in PROJECTS[index % 2 :: 1][:3]:
            project, new = ResearchProject.objects.get_or_create(
                studio=studio,
                title=title,
                defaults={"level": level, "starts_on": starts, "ends_on": ends, "lead": studio.host,
                          "outputs": outputs, "status": stages[-1]},
            )  # fmt: skip
            if not new:
                continue
            created += 1
            project.members.set(team[1:4])
            previous = ""
            for stage in stages:
                log_transition(target=project, from_state=previous, to_state=stage, actor=admin)
                previous = stage
    for username, rows in ACHIEVEMENTS.items():
        user = User.objects.filter(username=username).select_related("teacher").first()
        if user is None or user.teacher is None:
            continue
        for title, kind, level, day, issuer, status in rows:
            achievement, new = Achievement.objects.get_or_create(
                owner=user.teacher,
                title=title,
                defaults={"kind": kind, "level": level, "achieved_on": day, "issuer": issuer, "recorded_by": user,
                          "status": status, "verified_by": admin if status == "verified" else None,
                          "verified_at": timezone.now() if status == "verified" else None},
            )  # fmt: skip
            if not new:
                continue
            created += 1
            log_transition(target=achievement, from_state="", to_state="pending", actor=user)
            if status != "pending":
                log_transition(target=achievement, from_state="pending", to_state=status, actor=admin)
    return created
