"""Ganyu: 赣榆县关于加强中小学班主任队伍建设的实施意见 (policy 001), every part of its policy.

001 is a county's policy for its whole head-teacher corps. Its studios are the county's 模范班主任工作室
(001 二 7), for which it sets the host's standard and nothing else: where 001 is silent the value
says which default it keeps. Its evaluation parts are full: the rubric of 附件2 (23 items, 100 points
in sections of 15 / 40 / 15 / 30) and the level weights of its items 17 and 23.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hts.studios.policy_templates.bundle import SENSITIVE_WORDS, PolicyBundle

BATCH: dict[str, Any] = {
    # 001 二 7: 模范班主任工作室以...模范班主任为主持人, 分组划片开展相关工作: one host; 001 sets no mentors'
    # or members' count (the platform allows up to 5 mentors and any number of members, at most one liaison).
    "mentors_min": 0,
    "mentors_max": 5,
    "hosts_min": 1,
    "hosts_max": 1,
    "members_min": 0,
    "members_max": None,
    "liaisons_min": 0,
    "liaisons_max": 1,
    "max_members_from_host_school": None,
    # Platform default: a member joins one studio of the batch.
    "single_studio_per_batch": True,
    # 001 二 7: 以获得市“333工程”第一层次“模范班主任”称号的我县中小学班主任为主持人: a serving head teacher
    # with a city-level honour; no years, class honour or research are required.
    "host_min_service_years": Decimal(0),
    "host_must_be_serving": True,
    "host_honour_min_level": "city",
    "host_class_honour_min_level": "",
    "host_research_min_level": "",
    # 001 sets no standard for a studio's members beyond being the county's serving head teachers.
    "member_min_service_years": Decimal(0),
    "member_must_be_serving": True,
    "member_honour_min_level": "",
    "member_lower_host_qualifies": False,
    # Platform defaults: 001 sets no scale for a studio's review.
    "review_score_max": 100,
    "review_min_reviewers": 3,
    # 001 sets no studio assessment: the platform's rule of one failed year for a yellow card and two for
    # revocation; no eligibility or title follows a grade.
    "yellow_card_after_fails": 1,
    "revoke_after_fails": 2,
    "excellent_eligibility": "",
    "qualified_eligibility": "",
    "graduation_titles": "",
    # 001 sets no conversion of activities into 学时: the platform's half-day = 3 学时, the
    # continuing-education norm.
    "hours_per_half_day": Decimal(3),
    # 001 sets no mentors' guidance hours.
    "mentor_guidance_hours": Decimal(0),
}

# 001 附件2 items 17 and 23: (权重:校级、乡级:0.6;县级:0.8;市级及以上级别:1).
LEVEL_WEIGHTS: dict[str, Decimal] = {
    "school": Decimal("0.6"),
    "township": Decimal("0.6"),
    "county": Decimal("0.8"),
    "city": Decimal("1.0"),
    "province": Decimal("1.0"),
    "national": Decimal("1.0"),
}

# 001 附件2: study notes of 5000 characters a semester, 3000 at a village school (item 3).
STUDY_NOTES_CHARS = 5000
STUDY_NOTES_VILLAGE_CHARS = 3000

# Methods of checking, as 附件2 gives them per section.
_M1 = "听取汇报,召开师生座谈会,查看资料、笔记。"
_M2 = (
    "召开学生、家长座谈会,查看班级工作评价表、校务日志和班级工作记录本,实地看班容班貌,"
    "查看学生操行评语、品评手册和班队(团)课备课本。"
)
_M3 = "召开教师、学生干部座谈会,查看班干会记录。"
_M4 = "查看班主任工作档案和获奖(结项)证书、学校教学质量评估成绩统计表。"

# Computed items: (computation, params). Items 17 and 23 are "weighted by level": the weight of the best
# verified result's level scales the item's points (a county-level paper: 0.8 × 6 = 4.8 of item 17).
RESEARCH_PARAMS: dict[str, Any] = {
    "achievement_kinds": ["paper_published", "paper_awarded", "book"],
    "projects": True,
}
HONOUR_PARAMS: dict[str, Any] = {"achievement_kinds": ["honour", "contest", "open_lesson"]}

# Which kinds of the class work log (classwork) back which item of 附件2; the numbers they are held to
# are the region's class work policy (CLASSWORK below), except item 5's, for which 001 sets none: at
# least one safety talk or outing plan (安全预案) a semester is the platform's reading of its text.
LOG_PARAMS: dict[int, dict[str, Any]] = {
    5: {"kinds": ["safety"], "a_semester": 1},
    6: {"kinds": ["plan", "summary"]},
    7: {"kinds": ["blackboard"]},
    9: {"kinds": ["incident"]},
    10: {"kinds": ["parent_meeting", "home_visit"]},
    11: {"kinds": ["home_visit"]},
    15: {"kinds": ["cadre_meeting"]},
    16: {"kinds": ["home_visit"]},
}

RUBRIC: dict[str, Any] = {
    "code": "ganyu",
    "name": "赣榆县中小学班主任工作评估细则",
    "kind": "head_teacher",
    "source": "001 附件2",
    "sections": [
        {
            "title": "一、思想品德与学习",
            "points": "15",
            "method": _M1,
            "items": [
                (1, "拥护中国共产党的领导,爱岗敬业,为人师表,遵纪守法,作风正派,团结协作。", "6"),
                (
                    2,
                    "面向全体学生,热爱、尊重、关心和严格要求学生,建立了平等和谐的师生关系,积极做好学困生的思想"
                    "转化工作,无体罚和变相体罚学生的行为。",
                    "6",
                ),
                (
                    3,
                    "自觉利用业余时间学习文化业务知识,每学期写学习笔记5000字以上(村小班主任为3000字),按时参加学校"
                    "组织的班主任文化业务学习活动。",
                    "3",
                    (
                        "study_notes",
                        {"chars": STUDY_NOTES_CHARS, "village_chars": STUDY_NOTES_VILLAGE_CHARS, "kinds": ["reading"]},
                    ),
                ),
            ],
        },
        {
            "title": "二、班级教育与管理",
            "points": "40",
            "method": _M2,
            "items": [
                (4, "按质按量上好品评课、班队(团)等德育课。", "6"),
                (
                    5,
                    "认真组织好“两操路队、学校集会、社会实践”等活动,活动中进行了安全教育或制定了安全预案。",
                    "10",
                    ("log_safety", LOG_PARAMS[5]),
                ),
                (
                    6,
                    "制定了班级工作计划,建立了班级常规等制度。每学期做到有工作计划和总结。",
                    "3",
                    ("log_plans", LOG_PARAMS[6]),
                ),
                (
                    7,
                    "按学校要求布置班容,做到有班训、团(队)角、图书角、班级管理制度,设置了学习和教育园地,每月办一期"
                    "黑板报,有良好的班级文化氛围。",
                    "4",
                    ("log_monthly", LOG_PARAMS[7]),
                ),
                (
                    8,
                    "经常对学生进行日常生活知识的教育,学生精神面貌好,能自觉爱护学校花草树木、门窗桌凳等学校财产。",
                    "3",
                ),
                (
                    9,
                    "能及时发现和处理安全隐患,妥善处理突发事件,坚持“晨检制”、“点名制”和“清堂制”,放学后无学生有意留校。",
                    "5",
                    ("log_incidents", LOG_PARAMS[9]),
                ),
                (
                    10,
                    "组织好家校联系工作,做到经常家访和电话联系,并有反馈记录,每学期至少召开家长会二次以上和对学生进行"
                    "一次家访,接待家长做到热情有耐心。",
                    "3",
                    ("log_home_school", LOG_PARAMS[10]),
                ),
                (
                    11,
                    "建立“留守孩子”档案,有计划在课余时间开展教育活动,帮助“留守孩子”克服心理障碍,健康成长。",
                    "3",
                    ("log_left_behind", LOG_PARAMS[11]),
                ),
                (
                    12,
                    "认真做好学生的综合素质评价工作,认真填写班务(中队)日志、团(队)活动记录本、学生素质报告单等,协助"
                    "和配合政教处(或教导处)做好学籍管理工作。",
                    "3",
                ),
            ],
        },
        {
            "title": "三、协调与创新",
            "points": "15",
            "method": _M3,
            "items": [
                (13, "定期召开科任教师联系会议,能协调科任教师齐心协力共同做好班级的教育教学工作。", "4"),
                (14, "坚持教育创新,能运用远程教育等现代化教学手段有针对性地对学生进行教育。", "4"),
                (
                    15,
                    "认真做好班干部的选拔和培养工作,每两周召开一次班干部工作会,所培养的班干部自主管理能力强。",
                    "3",
                    ("log_cadre", LOG_PARAMS[15]),
                ),
                (
                    16,
                    "对学生的学习情况、家庭情况、健康水平、兴趣爱好、心理特征等能全面了解和掌握,做到心中有数。",
                    "4",
                    ("log_pupils_known", LOG_PARAMS[16]),
                ),
            ],
        },
        {
            "title": "四、工作实绩",
            "points": "30",
            "method": _M4,
            "items": [
                (
                    17,
                    "主持或参与了德育课题研究,能积极上好德育研讨课和撰写德育论文,在县以上教育专刊上发表(或获县以上"
                    "优秀论文奖)。(权重:校级、乡级:0.6;县级:0.8;市级及以上级别:1)",
                    "6",
                    ("research", RESEARCH_PARAMS),
                ),
                # The mentor's guidance sessions of the school's 青蓝结对 (001 二 3) in the period.
                (18, "培养和指导了青年教师做好班级管理工作。", "3", ("guidance", {})),
                (19, "学生的集体荣誉感和凝聚力强。在学校的班级考评中成绩优良。", "4"),
                (
                    20,
                    "学生能熟练口述和自觉遵守中小学生守则、日常行为规范,学生中好人好事层出不穷,无违法和严重违纪现象,"
                    "无重大安全事故。",
                    "6",
                ),
                (
                    21,
                    "善于做学生的思想教育工作,深受学生的爱戴和家长、社会的好评。",
                    "3",
                    ("democratic", {}),
                ),
                (22, "教育教学成绩居学校中游以上,学生在各项德育、知识竞赛中,班级整体成绩位于同类班级前列。", "4"),
                (
                    23,
                    "班级工作有创新、有特色、有实效。班集体和班主任、学生分别获镇(乡、街道)、校、县以上表彰和奖励。"
                    "(权重:校级、乡级:0.6;县级:0.8;市级及以上级别:1)",
                    "4",
                    ("honours", HONOUR_PARAMS),
                ),
            ],
        },
    ],
}

# The corps numbers of 001, each from its paragraph.
CORPS = {
    # 二 4: 新上岗的中小学教师,必须担任见习班主任或班主任助理至少一年,同时必须取得…《任职资格证》.
    "trainee_months": 12,
    "qualification_required": True,
    # 二 7: 《任职资格证》三年一度的换证培训. The 90-day notice is the platform's, not 001's.
    "qualification_valid_years": 3,
    "expiring_within_days": 90,
    # 二 4: 每三年必须参加一次县级以上的班主任培训,在岗班主任每年必须参加校级班主任培训.
    "county_course_every_years": 3,
    "school_course_yearly": True,
    # 二 7: 理论知识考试和专业水平测试 (001 sets no mark: 60 of 100, the usual pass line) and the hours of a
    # half-day of training (001 sets none: 3, as the studios' policy 003).
    "course_pass_mark": Decimal(60),
    "training_hours_per_half_day": Decimal(3),
    # 三 8: 实际担任班主任工作年限…不足二年以上的教师,在职称评聘时不予申报、聘任; 不足三年…不能提拔为学校中层干部;
    # 学校考评不合格的教师,当年不予评优晋级.
    "title_min_service_years": 2,
    "promotion_min_service_years": 3,
    "failing_year_blocks_honours": True,
    # 三 10: 对学年度考评不合格的班主任教师…经核实后,将取消班主任资格证.
    "failing_year_revokes_qualification": True,
    # 二 3: 选取一定数量的富有经验的班主任 as mentors (班主任导师制); 001 names no number, three years is the
    # county schools' practice.
    "mentor_min_service_years": 3,
}

# The class work log's frequencies (classwork), each from its paragraph of 附件1 (duties) or 附件2 (rubric).
CLASSWORK = {
    # 附件1 9: 每月至少召开一次以上主题班(团、队)会和办好一期主题黑板报; 附件2 7: 每月办一期黑板报.
    "theme_meetings_a_month": 1,
    "blackboard_issues_a_month": 1,
    # 附件2 15: 每两周召开一次班干部工作会.
    "cadre_meeting_every_days": 14,
    # 附件2 10: 每学期至少召开家长会二次以上和对学生进行一次家访 (附件1 16: 实地走访、电话交流、网络交流).
    "parent_meetings_a_semester": 2,
    "visit_every_pupil": True,
    # 附件2 6: 制定了班级工作计划; 每学期做到有工作计划和总结.
    "semester_plan_required": True,
    "semester_summary_required": True,
    # 001 sets no retention. PIPL 第十九条 keeps personal information no longer than its purpose needs: a pupil's
    # records back the head teacher's evaluation (附件2 items 5-16), whose yearly summary is finalised after the
    # school year and then opens its objection period, so a pupil who leaves mid-year must stay in the
    # records through that year's evaluation. 365 days after leaving covers the rest of the school year, the
    # yearly summary and its objections, and no more.
    "anonymise_after_days": 365,
}

# 二 5: 班主任职级划分为三级（一级、二级、三级）或不同的"星级" … 从班主任任职年限、年度考核等级、工作业绩以及
# 特殊成果等方面评价,兼顾考虑教师学历、专业技术职务、参加培训情况. 001 names the factors, not the numbers:
# this is an example the county edits (or each school replaces with its own), 一级 the highest.
RANKS = {
    "kind": "levels",
    "name": "赣榆县班主任职级（示例）",
    "ranks": [
        {
            "name": "三级班主任",
            "criteria": [
                {"kind": "service_years", "number": Decimal(1)},
                {"kind": "certificate", "certificate_kind": "qualification"},
            ],
        },
        {
            "name": "二级班主任",
            "criteria": [
                {"kind": "service_years", "number": Decimal(3)},
                {"kind": "no_failure", "within_years": 3},
                {"kind": "achievements", "number": Decimal("1.6"), "within_years": 3},
                {"kind": "certificate", "certificate_kind": "qualification"},
            ],
        },
        {
            "name": "一级班主任",
            "criteria": [
                {"kind": "service_years", "number": Decimal(6)},
                {"kind": "excellent_years", "number": Decimal(2), "within_years": 5},
                {"kind": "no_failure", "within_years": 5},
                {"kind": "achievements", "number": Decimal("3"), "within_years": 5},
                {"kind": "education", "education": "bachelor"},
                {"kind": "title", "titles": "一级教师、高级教师、正高级教师"},
                {"kind": "certificate", "certificate_kind": "qualification"},
            ],
        },
    ],
}

# The portal's comments and messages (issue 16 point 4): the document sets none; the platform's word list,
# and 5 an hour from one address (a county's board: the model's default).
PORTAL = {"sensitive_words": SENSITIVE_WORDS, "comments_per_hour": 5}

BUNDLE = PolicyBundle(
    code="ganyu",
    label="赣榆模式（模范班主任工作室：主持人 1，附件2 评估细则与成果级别权重）",
    source="001",
    # 001 sets no studio cycle: the platform's 3 years, the renewal cycle of 001 二 7's 任职资格证.
    cycle_years=3,
    batch=BATCH,
    # 001 sets no task quotas for a studio.
    quotas=(),
    # 001 二 7 sets up a county fund for training (班主任培训专项经费) but no studio grant: no funding policy.
    funding=None,
    level_weights=LEVEL_WEIGHTS,
    rubric=RUBRIC,
    corps=CORPS,
    ranks=RANKS,
    classwork=CLASSWORK,
    portal=PORTAL,
)
