"""Built-in policy templates, as data. A bureau copies one into a batch and edits it there.

Each value cites its source paragraph in ../shared/policies/. Where a document is silent, the
template keeps the platform default and says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SHENZHEN: dict[str, Any] = {
    # 003 四(一): 建设周期 3 年 (2019—2021).
    "cycle_years": 3,
    # 003 四(三): 导师 1 名, 主持人 1 人, 普通成员 6 到 8 人(不含导师和主持人); 本校班主任不得超过 2 人.
    "mentors_min": 1,
    "mentors_max": 1,
    "hosts_min": 1,
    "hosts_max": 1,
    "members_min": 6,
    "members_max": 8,
    "liaisons_min": 0,
    "liaisons_max": 1,
    "max_members_from_host_school": 2,
    "single_studio_per_batch": True,
    # 003 四(三)2(1)(3): 担任班主任 6 年以上且未来三年仍然在岗; 市级以上班主任表彰; 所带班级区级以上表彰;
    # 主持或参与过市级以上德育课题研究.
    "host_min_service_years": Decimal(6),
    "host_must_be_serving": True,
    "host_honour_min_level": "city",
    "host_class_honour_min_level": "county",
    "host_research_min_level": "city",
    # 003 四(三)3(1): 在岗班主任, 区级、校级名班主任工作室主持人或 3 年及以上班主任工作经验.
    "member_min_service_years": Decimal(3),
    "member_must_be_serving": True,
    "member_honour_min_level": "",
    "member_lower_host_qualifies": True,
    # Platform defaults: the documents set no scale for peer review.
    "review_score_max": 100,
    "review_min_reviewers": 3,
    # 003 五(一): 第一年考核不合格黄牌警告, 第二次不合格取消资格; 期满优秀 → 推荐省级主持人; 合格 → 下一批申报资格.
    "yellow_card_after_fails": 1,
    "revoke_after_fails": 2,
    "excellent_eligibility": "推荐成为广东省名班主任工作室主持人",
    "qualified_eligibility": "申报下一批名班主任工作室主持人",
    "graduation_titles": "",
    # 003 组织保障(二): 集体活动按照半天 3 个学时的标准纳入教师继续教育学时.
    "hours_per_half_day": Decimal(3),
    # 003 sets no guidance hours for its single mentor.
    "mentor_guidance_hours": Decimal(0),
}

ZAOZHUANG: dict[str, Any] = {
    **SHENZHEN,
    # 000 第五条 6: 使其两年内顺利结业.
    "cycle_years": 2,
    # 000 第三条: 1 名负责人 + 3-5 名导师 + 1 名工作联系人; 学员若干名 (no fixed count).
    "mentors_min": 3,
    "mentors_max": 5,
    "hosts_min": 1,
    "hosts_max": 1,
    "members_min": 0,
    "members_max": None,
    "liaisons_min": 1,
    "liaisons_max": 1,
    "max_members_from_host_school": None,
    # 000 第三条: 学员为参加市级班主任技能大赛且获市级及以上优秀班主任或班主任新秀者.
    "member_honour_min_level": "city",
    "member_min_service_years": Decimal(0),
    "member_lower_host_qualifies": False,
    # 000 is silent on the host's record: only that the host is a serving head teacher.
    "host_min_service_years": Decimal(0),
    "host_honour_min_level": "",
    "host_class_honour_min_level": "",
    "host_research_min_level": "",
    # 000 第三条: 考核合格 — 准予结业 — 授予优秀班主任和骨干班主任称号.
    "graduation_titles": "优秀班主任、骨干班主任",
    # 000 第五条 3: 每学期听评课、指导不少于 10 学时.
    "mentor_guidance_hours": Decimal(10),
    # 000 is silent on studio assessment: the Shenzhen rule is kept as the default.
    "excellent_eligibility": "",
    "qualified_eligibility": "",
}

TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {
    "shenzhen": ("深圳模式（导师 1、主持人 1、成员 6–8 人，3 年周期）", SHENZHEN),
    "zaozhuang": ("枣庄模式（负责人 1、导师 3–5、联系人 1，学员不限，2 年周期）", ZAOZHUANG),
}


def policy_values(template: str) -> dict[str, Any]:
    """The policy fields of a template (without the batch-level cycle length)."""
    values = dict(TEMPLATES[template][1])
    values.pop("cycle_years")
    return values
