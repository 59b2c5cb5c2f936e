"""Built-in quota rules of the policy templates, as data (domain.md, "Quotas").

Each rule counts a studio's activities of some kinds (any kind when empty), optionally only offline
or online ones, or only those with a publicity post, per period; `minimum` is the count required.
`counts_for` makes a rule each host's or each mentor's instead of the studio's (QuotaRule).
"""

from __future__ import annotations

from typing import Any

COLLECTIVE = [
    "collective_study", "expert_lecture", "class_meeting", "forum", "lesson_observation", "narrative",
    "research_seminar", "reading_club", "studio_exchange", "outreach", "off_campus",
]  # fmt: skip

SHENZHEN_QUOTAS: list[dict[str, Any]] = [
    # 003 主要职责及任务(二)1: 每周至少开展一次在线交流培训活动.
    {
        "code": "online_weekly",
        "label": "每周线上交流培训",
        "kinds": ["online_training"],
        "mode": "online",
        "period": "week",
        "minimum": 1,
    },
    # 003 (二)2: 每月至少组织一次线下集体学习交流活动.
    {
        "code": "offline_monthly",
        "label": "每月线下集体学习",
        "kinds": COLLECTIVE,
        "mode": "offline",
        "period": "month",
        "minimum": 1,
    },
    # 003 (二)2: 通过微信、微博等形式发布一次工作室活动信息或经验分享 (每月).
    {
        "code": "publicity_monthly",
        "label": "每月宣传报道",
        "kinds": [],
        "mode": "",
        "needs_publicity": True,
        "period": "month",
        "minimum": 1,
    },
    # 003 (二)3: 每学期至少组织一次本区同学段区、校名班主任工作室主持人交流活动.
    {
        "code": "exchange_semester",
        "label": "每学期工作室交流",
        "kinds": ["studio_exchange"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    # 003 (二)3: 开展一次区级以上层面的宣讲活动 (每学期).
    {
        "code": "outreach_semester",
        "label": "每学期宣讲活动",
        "kinds": ["outreach"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    # 003 (二)4: 每年至少组织一次全体成员的校外实践活动.
    {
        "code": "off_campus_yearly",
        "label": "每年校外实践",
        "kinds": ["off_campus"],
        "mode": "",
        "period": "year",
        "minimum": 1,
    },
    # 003 主要职责及任务: 主持人每年至少参加一次市级培训.
    {
        "code": "host_city_training_yearly",
        "label": "主持人每年参加市级培训",
        "kinds": ["city_training"],
        "mode": "",
        "period": "year",
        "minimum": 1,
        "counts_for": "host",
    },
    # 002 三1: 学期初计划会、学期末总结会.
    {
        "code": "planning_semester",
        "label": "学期初计划会",
        "kinds": ["planning_meeting"],
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
]

ZAOZHUANG_QUOTAS: list[dict[str, Any]] = [
    # 000 第五条 2: 导师每学期开设一节主题班会公开课或组织一次班主任论坛.
    {
        "code": "open_lesson_semester",
        "label": "导师每学期班会公开课或论坛",
        "kinds": ["class_meeting", "forum"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
        "counts_for": "mentor",
    },
    # 002 三1 (the studio training programme the Zaozhuang template is paired with).
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
]

QUOTAS_BY_TEMPLATE = {"shenzhen": SHENZHEN_QUOTAS, "zaozhuang": ZAOZHUANG_QUOTAS}
