"""Zaozhuang: 班主任工作室建设与管理办法 (policy 000), every part of its policy.

Each number cites its paragraph of 000; where 000 is silent the value says which default it keeps.
000 sets no funding and no level weights or rubric: those parts are explicitly none.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hts.studios.policy_templates.bundle import SENSITIVE_WORDS, PolicyBundle

BATCH: dict[str, Any] = {
    # 000 第三条: 1 名负责人 + 3-5 名导师 + 1 名工作联系人; 学员若干名 (no fixed count, no school limit).
    "mentors_min": 3,
    "mentors_max": 5,
    "hosts_min": 1,
    "hosts_max": 1,
    "members_min": 0,
    "members_max": None,
    "liaisons_min": 1,
    "liaisons_max": 1,
    "max_members_from_host_school": None,
    # Platform default: 000 does not let a trainee join two studios of the city at once either.
    "single_studio_per_batch": True,
    # 000 is silent on the host's record: only that the host leads the studio as a serving head teacher.
    "host_min_service_years": Decimal(0),
    "host_must_be_serving": True,
    "host_honour_min_level": "",
    "host_class_honour_min_level": "",
    "host_research_min_level": "",
    # 000 第三条: 学员为参加市级班主任技能大赛且获市级及以上优秀班主任或班主任新秀者 (no years required).
    "member_min_service_years": Decimal(0),
    "member_must_be_serving": True,
    "member_honour_min_level": "city",
    "member_lower_host_qualifies": False,
    # Platform defaults: 000 sets no scale for the review (工作室审核).
    "review_score_max": 100,
    "review_min_reviewers": 3,
    # 000 第四条 6 (接受市教育局的指导、检查、评估) sets no consequence: the platform's rule of one failed year
    # for a yellow card and two for revocation; no eligibility follows a grade.
    "yellow_card_after_fails": 1,
    "revoke_after_fails": 2,
    "excellent_eligibility": "",
    "qualified_eligibility": "",
    # 000 第三条: 考核合格 — 准予结业 — 授予优秀班主任和骨干班主任称号.
    "graduation_titles": "优秀班主任、骨干班主任",
    # 000 counts guidance in 学时 (第五条 3) without a conversion: the platform's half-day = 3 学时, the
    # continuing-education norm.
    "hours_per_half_day": Decimal(3),
    # 000 第五条 3: 每学期参与工作室学员听课或活动指导时间不少于 10 学时.
    "mentor_guidance_hours": Decimal(10),
}

QUOTAS: tuple[dict[str, Any], ...] = (
    # 000 第五条 2: 导师每学期开设一节主题班会公开课或组织一次班主任论坛 (each mentor's).
    {
        "code": "open_lesson_semester",
        "label": "导师每学期班会公开课或论坛",
        "kinds": ["class_meeting", "forum"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
        "counts_for": "mentor",
    },
    # 002 三1 (the studio training programme the Zaozhuang template is paired with): 计划会, 阶段汇报, 总结会.
    {
        "code": "planning_semester",
        "label": "学期初计划会",
        "kinds": ["planning_meeting"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    {
        "code": "stage_report_semester",
        "label": "阶段汇报会",
        "kinds": ["stage_report"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    {
        "code": "summary_semester",
        "label": "学期末总结会",
        "kinds": ["summary_meeting"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
)

# The portal's comments and messages (issue 16 point 4): the document sets none; the platform's word list,
# and 6 an hour from one address (a city with fewer visitors than 深圳 behind each carrier address).
PORTAL = {"sensitive_words": SENSITIVE_WORDS, "comments_per_hour": 6}

BUNDLE = PolicyBundle(
    code="zaozhuang",
    label="枣庄模式（负责人 1、导师 3–5、联系人 1，学员不限，2 年周期）",
    source="000",
    # 000 第五条 6: 使其两年内顺利结业.
    cycle_years=2,
    batch=BATCH,
    quotas=QUOTAS,
    # 000 sets no grant, no match and no use rules: no funding policy until the bureau sets one.
    funding=None,
    # 000 sets no level weights and no evaluation rubric.
    level_weights=None,
    rubric=None,
    portal=PORTAL,
)
