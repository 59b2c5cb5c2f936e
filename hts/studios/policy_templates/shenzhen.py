"""Shenzhen: 深圳市第二批中小学名班主任工作室 (policy 003), every part of its policy.

Each number cites its paragraph of 003 (or says that 003 is silent and which default is kept).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hts.studios.policy_templates.bundle import SENSITIVE_WORDS, PolicyBundle

BATCH: dict[str, Any] = {
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
    # Platform defaults: 003 sets no scale for peer review.
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

COLLECTIVE = [
    "collective_study", "expert_lecture", "class_meeting", "forum", "lesson_observation", "narrative",
    "research_seminar", "reading_club", "studio_exchange", "outreach", "off_campus",
]  # fmt: skip

# Each rule counts a studio's activities of some kinds (any kind when empty), optionally only offline
# or online ones, or only those with a publicity post, per period; `minimum` is the count required.
# `counts_for` makes a rule each host's or each mentor's instead of the studio's (activities' QuotaRule).
QUOTAS: tuple[dict[str, Any], ...] = (
    # 003 主要职责及任务(二)1: 每周至少开展一次在线交流培训活动.
    {
        "code": "online_weekly",
        "label": "每周线上交流培训",
        "kinds": ["online_training"],
        "mode": "online",
        "period": "week",
        "minimum": 1,
    },
    # 003 主要职责及任务(二)2: 每月至少组织一次线下集体学习交流活动.
    {
        "code": "offline_monthly",
        "label": "每月线下集体学习",
        "kinds": COLLECTIVE,
        "mode": "offline",
        "period": "month",
        "minimum": 1,
    },
    # 003 主要职责及任务(二)2: 通过微信、微博等形式发布一次工作室活动信息或经验分享 (每月).
    {
        "code": "publicity_monthly",
        "label": "每月宣传报道",
        "kinds": [],
        "mode": "",
        "needs_publicity": True,
        "period": "month",
        "minimum": 1,
    },
    # 003 主要职责及任务(二)3: 每学期至少组织一次本区同学段区、校名班主任工作室主持人交流活动.
    {
        "code": "exchange_semester",
        "label": "每学期工作室交流",
        "kinds": ["studio_exchange"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    # 003 主要职责及任务(二)3: 开展一次区级以上层面的宣讲活动 (每学期).
    {
        "code": "outreach_semester",
        "label": "每学期宣讲活动",
        "kinds": ["outreach"],
        "mode": "",
        "period": "semester",
        "minimum": 1,
    },
    # 003 主要职责及任务(二)4: 每年至少组织一次全体成员的校外实践活动.
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
    # 002 三1: 学期初计划会、学期末总结会 (the studio training programme paired with every template).
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
)

_SANGONG = "属于“三公”经费，不得列支（经费使用管理办法第三条）"

FUNDING: dict[str, Any] = {
    # 003 组织保障(四), 经费使用管理办法 第二条: 市直属学校工作室每个每年 8 万元.
    "city_direct_grant": Decimal("80000.00"),
    # 同上: 区属学校工作室每年每个 4 万元 (from the city) ...
    "district_city_grant": Decimal("40000.00"),
    # ... 所属区按不低于 1:1 的比例提供相应的配套经费.
    "district_match_ratio": Decimal("1.00"),
    # 经费使用管理办法 第三条: 教育研究、学术研讨与交流、图书资料购置、办公设备购置、外聘专家讲课费、会务费、
    # 网络建设费、外出指导和考察参观、教育教学科研成果出版等项目支出, 以及其它确因工作需要的工作室集体性支出.
    # 购置的固定资产按照《事业单位国有资产管理暂行办法》执行: office equipment carries an asset number.
    "categories": [
        {"code": "research", "label": "教育研究", "asset": False},
        {"code": "seminar", "label": "学术研讨与交流", "asset": False},
        {"code": "books", "label": "图书资料购置", "asset": False},
        {"code": "equipment", "label": "办公设备购置", "asset": True},
        {"code": "expert_fees", "label": "外聘专家讲课费", "asset": False},
        {"code": "meetings", "label": "会务费", "asset": False},
        {"code": "network", "label": "网络建设费", "asset": False},
        {"code": "study_visits", "label": "外出指导和考察参观", "asset": False},
        {"code": "publication", "label": "教育教学科研成果出版", "asset": False},
        {"code": "other", "label": "其它工作室集体性支出", "asset": False},
    ],
    # 经费使用管理办法 第三条: 不得用于“三公”经费支出 (公务接待、公务用车、因公出国(境));
    # 第五条: 不得用于个人消费支出, 不得用于主持人所在学校公用经费支出.
    # `keywords`: a purpose that names one of these is refused whatever category it is filed under.
    "forbidden": [
        {
            "code": "official_reception",
            "label": "公务接待",
            "rule": _SANGONG,
            "keywords": ["公务接待", "接待费", "宴请", "招待"],
        },
        {
            "code": "official_vehicle",
            "label": "公务用车",
            "rule": _SANGONG,
            "keywords": ["公务用车", "公车", "车辆购置", "车辆维修", "车辆运行"],
        },
        {
            "code": "overseas_trip",
            "label": "因公出国(境)",
            "rule": _SANGONG,
            "keywords": ["因公出国", "出国", "出境", "境外考察"],
        },
        {
            "code": "personal",
            "label": "个人消费",
            "rule": "经费不得用于个人消费支出（经费使用管理办法第五条）",
            "keywords": ["个人消费", "购物卡", "消费卡", "个人用品"],
        },
        {
            "code": "school_running",
            "label": "学校公用经费",
            "rule": "经费不得用于主持人所在学校公用经费支出（经费使用管理办法第五条）",
            "keywords": ["学校公用经费", "水电费", "物业费", "学校运行"],
        },
    ],
}

# The portal's comments and messages (issue 16 point 4): the document sets none; the platform's word list,
# and 10 an hour from one address (a city's mobile carriers put many visitors behind one address (carrier NAT)).
PORTAL = {"sensitive_words": SENSITIVE_WORDS, "comments_per_hour": 10}

BUNDLE = PolicyBundle(
    code="shenzhen",
    label="深圳模式（导师 1、主持人 1、成员 6–8 人，3 年周期）",
    source="003",
    # 003 四(一): 建设周期 3 年 (2019—2021).
    cycle_years=3,
    batch=BATCH,
    quotas=QUOTAS,
    funding=FUNDING,
    # 003 sets no level weights and no head-teacher rubric (its assessment grades studios, 五(一)).
    level_weights=None,
    rubric=None,
    portal=PORTAL,
)
