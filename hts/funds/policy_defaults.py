"""The built-in funding policy, as data: Shenzhen's second batch (policy 003).

Every number and list cites its paragraph. A bureau edits its batch's copy on the funding-policy
page; code asks the policy, never these constants directly (except to create that copy).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# 003 组织保障(四) and 经费使用管理办法 第二条: 市直属学校工作室每个每年 8 万元.
CITY_DIRECT_GRANT = Decimal("80000.00")
# 同上: 区属学校工作室每年每个 4 万元 (from the city) ...
DISTRICT_CITY_GRANT = Decimal("40000.00")
# ... 所属区按不低于 1:1 的比例提供相应的配套经费.
DISTRICT_MATCH_RATIO = Decimal("1.00")

# 经费使用管理办法 第三条: 教育研究、学术研讨与交流、图书资料购置、办公设备购置、外聘专家讲课费、会务费、
# 网络建设费、外出指导和考察参观、教育教学科研成果出版等项目支出, 以及其它确因工作需要的工作室集体性支出费用.
# 购置的固定资产按照《事业单位国有资产管理暂行办法》执行: office equipment carries an asset number.
ALLOWED_CATEGORIES: list[dict[str, Any]] = [
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
]

# 第三条: 不得用于“三公”经费支出 (公务接待、公务用车、因公出国(境));
# 第五条: 不得用于个人消费支出, 不得用于主持人所在学校公用经费支出.
# `keywords`: a purpose that names one of these is refused whatever category it is filed under.
FORBIDDEN_CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "official_reception",
        "label": "公务接待",
        "rule": "属于“三公”经费，不得列支（经费使用管理办法第三条）",
        "keywords": ["公务接待", "接待费", "宴请", "招待"],
    },
    {
        "code": "official_vehicle",
        "label": "公务用车",
        "rule": "属于“三公”经费，不得列支（经费使用管理办法第三条）",
        "keywords": ["公务用车", "公车", "车辆购置", "车辆维修", "车辆运行"],
    },
    {
        "code": "overseas_trip",
        "label": "因公出国(境)",
        "rule": "属于“三公”经费，不得列支（经费使用管理办法第三条）",
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
]


def shenzhen() -> dict[str, Any]:
    """A fresh copy (the lists are mutable JSON)."""
    return {
        "city_direct_grant": CITY_DIRECT_GRANT,
        "district_city_grant": DISTRICT_CITY_GRANT,
        "district_match_ratio": DISTRICT_MATCH_RATIO,
        "categories": [dict(item) for item in ALLOWED_CATEGORIES],
        "forbidden": [{**item, "keywords": list(item["keywords"])} for item in FORBIDDEN_CATEGORIES],
    }
