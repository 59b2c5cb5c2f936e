"""Built-in rubrics, as data. Bureau and school staff copy them and edit the copy.

``GANYU`` is 001 附件2 (赣榆县中小学班主任工作评估细则) item for item, the rubric part of the Ganyu policy
template (hts/studios/policy_templates/ganyu.py, where its numbers are cited). Items 17 and 23 weight
results by level, which the research app's WeightPolicy holds per region.

The studio-member and observation rubrics are the platform's starting points, not policy text: 002
三 5 names what a member is assessed on (activities, the studio's tasks and research, papers, honours)
and how (查阅原始材料、听汇报、听学生评价、听学校评价、现场观察), but gives no points.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hts.studios.policy_templates import ganyu

# 001 附件2 lives in the Ganyu template (its rubric part).
GANYU = ganyu.RUBRIC
_RESEARCH_PARAMS = ganyu.RESEARCH_PARAMS
_HONOUR_PARAMS = ganyu.HONOUR_PARAMS

STUDIO_MEMBER: dict[str, Any] = {
    "code": "studio_member",
    "name": "工作室成员学期考核表",
    "kind": "studio_member",
    "source": "002 三 5(平台默认分值)",
    "sections": [
        {
            "title": "一、参加活动",
            "points": "30",
            "method": "查阅原始材料、签到记录。",
            "items": [(1, "按时参加工作室的学习、研讨、观摩等活动。", "30", ("training", {}))],
        },
        {
            "title": "二、工作室任务与科研",
            "points": "30",
            "method": "听成员汇报,查阅原始材料。",
            "items": [
                (
                    2,
                    "完成工作室布置的任务,按时提交个人发展计划和学期总结。",
                    "15",
                    ("plans", {"kinds": ["dev_plan", "summary"]}),
                ),
                (3, "参与工作室课题研究,承担研究任务。", "15"),
            ],
        },
        {
            "title": "三、论文与荣誉",
            "points": "25",
            "method": "查看获奖、发表证书。",
            "items": [
                (4, "撰写并发表或获奖教育论文(按级别计权重)。", "15", ("research", _RESEARCH_PARAMS)),
                (5, "个人或所带班级获得表彰(按级别计权重)。", "10", ("honours", _HONOUR_PARAMS)),
            ],
        },
        {
            "title": "四、班级工作实效",
            "points": "15",
            "method": "听学生评价、听学校评价,深入班级参加班会等现场观察。",
            "items": [(6, "班级管理有成效,受到学生和学校好评。", "15")],
        },
    ],
}

CLASS_MEETING: dict[str, Any] = {
    "code": "class_meeting",
    "name": "主题班会观摩评价表",
    "kind": "class_meeting",
    "source": "002 三(班会观摩)(平台默认分值)",
    "sections": [
        {
            "title": "一、设计",
            "points": "40",
            "method": "现场观察",
            "items": [
                (1, "主题明确,贴近学生实际,有教育意义。", "20"),
                (2, "设计有层次,形式新颖,准备充分。", "20"),
            ],
        },
        {
            "title": "二、实施与效果",
            "points": "60",
            "method": "现场观察",
            "items": [
                (3, "学生参与面广,主体作用得到发挥。", "25"),
                (4, "班主任引导得当,调控有效。", "15"),
                (5, "教育目标达成,学生有收获。", "20"),
            ],
        },
    ],
}

LESSON: dict[str, Any] = {
    "code": "lesson",
    "name": "德育课听课评价表",
    "kind": "lesson",
    "source": "001 附件1 第10条(平台默认分值)",
    "sections": [
        {
            "title": "一、教学目标与内容",
            "points": "40",
            "method": "听课",
            "items": [
                (1, "目标明确,符合学生年龄特点。", "20"),
                (2, "内容正确,联系学生生活实际。", "20"),
            ],
        },
        {
            "title": "二、教学过程与效果",
            "points": "60",
            "method": "听课",
            "items": [
                (3, "方法得当,师生互动充分。", "30"),
                (4, "学生积极参与,教学效果好。", "30"),
            ],
        },
    ],
}

# 001 二 6 has the appointment panel score a speech but gives no items: the platform's starting point,
# which a school copies and edits like any built-in rubric.
SPEECH: dict[str, Any] = {
    "code": "speech",
    "name": "竞聘演讲评分表",
    "kind": "speech",
    "source": "001 二 6 竞聘演讲(平台默认分值)",
    "sections": [
        {
            "title": "一、演讲内容",
            "points": "60",
            "method": "现场听取竞聘演讲",
            "items": [
                (1, "教育理念：育人观念正确，热爱学生，理解班主任工作的意义。", "30"),
                (2, "班级管理思路：目标清楚，措施具体可行，有特色。", "30"),
            ],
        },
        {
            "title": "二、演讲表现",
            "points": "40",
            "method": "现场观察",
            "items": [
                (3, "语言表达：条理清楚，表达流畅，有感染力。", "25"),
                (4, "仪态与时间：仪表端庄，举止得体，在规定时间内完成。", "15"),
            ],
        },
    ],
}

# 001 二 12 asks for a yearly essay contest (征文评比) but gives no items: the platform's starting point.
ESSAY: dict[str, Any] = {
    "code": "essay",
    "name": "班主任工作征文评分表",
    "kind": "essay",
    "source": "001 二 12 征文评比(平台默认分值)",
    "sections": [
        {
            "title": "一、内容",
            "points": "60",
            "method": "匿名审读全文",
            "items": [
                (1, "主题：切合征文主题，观点正确，立意有新意。", "25"),
                (2, "实践：源于班主任工作实际，案例真实具体，措施可行有效。", "35"),
            ],
        },
        {
            "title": "二、表达",
            "points": "40",
            "method": "匿名审读全文",
            "items": [
                (3, "结构：层次清楚，详略得当，反思有深度。", "20"),
                (4, "语言：文字通顺，表达准确生动，无抄袭。", "20"),
            ],
        },
    ],
}

BUILTIN: list[dict[str, Any]] = [GANYU, STUDIO_MEMBER, CLASS_MEETING, LESSON, SPEECH, ESSAY]


def install_builtin(models: Any) -> None:
    """Create the built-in rubrics that are missing, each as an active version 1.

    ``models`` is any object with ``get_model(app_label, name)``: the app registry at run time or a
    migration's historical one."""
    rubric_model = models.get_model("evaluation", "Rubric")
    version_model = models.get_model("evaluation", "RubricVersion")
    section_model = models.get_model("evaluation", "RubricSection")
    item_model = models.get_model("evaluation", "RubricItem")
    for template in BUILTIN:
        if rubric_model.objects.filter(builtin_code=template["code"]).exists():
            continue
        rubric = rubric_model.objects.create(
            name=template["name"], kind=template["kind"], builtin_code=template["code"], source=template["source"]
        )
        version = version_model.objects.create(rubric=rubric, number=1, status="active")
        for position, section_data in enumerate(template["sections"], start=1):
            section = section_model.objects.create(
                version=version,
                position=position,
                title=section_data["title"],
                max_points=Decimal(section_data["points"]),
                method=section_data["method"],
            )
            for entry in section_data["items"]:
                number, text, points = entry[:3]
                computation, params = entry[3] if len(entry) > 3 else ("", {})
                item_model.objects.create(
                    version=version,
                    section=section,
                    number=number,
                    text=text,
                    max_points=Decimal(points),
                    scoring="computed" if computation else "manual",
                    computation=computation,
                    params=params,
                    level_weighted=computation in {"research", "honours"},
                )
