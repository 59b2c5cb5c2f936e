"""Install the built-in rubrics: 001 附件2 and the platform's starting points.

The rubrics are a frozen copy of the data as it was when this migration was written (then
hts/evaluation/rubric_templates.py; 001 附件2 now lives in the Ganyu policy template): editing a
template today changes nothing this migration installs.
"""

from decimal import Decimal

from django.db import migrations

BUILTIN = [{'code': 'ganyu',
  'name': '赣榆县中小学班主任工作评估细则',
  'kind': 'head_teacher',
  'source': '001 附件2',
  'sections': [{'title': '一、思想品德与学习',
                'points': '15',
                'method': '听取汇报,召开师生座谈会,查看资料、笔记。',
                'items': [(1, '拥护中国共产党的领导,爱岗敬业,为人师表,遵纪守法,作风正派,团结协作。', '6'),
                          (2, '面向全体学生,热爱、尊重、关心和严格要求学生,建立了平等和谐的师生关系,积极做好学困生的思想转化工作,无体罚和变相体罚学生的行为。', '6'),
                          (3,
                           '自觉利用业余时间学习文化业务知识,每学期写学习笔记5000字以上(村小班主任为3000字),按时参加学校组织的班主任文化业务学习活动。',
                           '3',
                           ('study_notes', {'chars': 5000, 'village_chars': 3000, 'kinds': ['reading']}))]},
               {'title': '二、班级教育与管理',
                'points': '40',
                'method': '召开学生、家长座谈会,查看班级工作评价表、校务日志和班级工作记录本,实地看班容班貌,查看学生操行评语、品评手册和班队(团)课备课本。',
                'items': [(4, '按质按量上好品评课、班队(团)等德育课。', '6'),
                          (5, '认真组织好“两操路队、学校集会、社会实践”等活动,活动中进行了安全教育或制定了安全预案。', '10'),
                          (6,
                           '制定了班级工作计划,建立了班级常规等制度。每学期做到有工作计划和总结。',
                           '3',
                           ('plans', {'kinds': ['dev_plan', 'summary']})),
                          (7, '按学校要求布置班容,做到有班训、团(队)角、图书角、班级管理制度,设置了学习和教育园地,每月办一期黑板报,有良好的班级文化氛围。', '4'),
                          (8, '经常对学生进行日常生活知识的教育,学生精神面貌好,能自觉爱护学校花草树木、门窗桌凳等学校财产。', '3'),
                          (9, '能及时发现和处理安全隐患,妥善处理突发事件,坚持“晨检制”、“点名制”和“清堂制”,放学后无学生有意留校。', '5'),
                          (10, '组织好家校联系工作,做到经常家访和电话联系,并有反馈记录,每学期至少召开家长会二次以上和对学生进行一次家访,接待家长做到热情有耐心。', '3'),
                          (11, '建立“留守孩子”档案,有计划在课余时间开展教育活动,帮助“留守孩子”克服心理障碍,健康成长。', '3'),
                          (12,
                           '认真做好学生的综合素质评价工作,认真填写班务(中队)日志、团(队)活动记录本、学生素质报告单等,协助和配合政教处(或教导处)做好学籍管理工作。',
                           '3')]},
               {'title': '三、协调与创新',
                'points': '15',
                'method': '召开教师、学生干部座谈会,查看班干会记录。',
                'items': [(13, '定期召开科任教师联系会议,能协调科任教师齐心协力共同做好班级的教育教学工作。', '4'),
                          (14, '坚持教育创新,能运用远程教育等现代化教学手段有针对性地对学生进行教育。', '4'),
                          (15, '认真做好班干部的选拔和培养工作,每两周召开一次班干部工作会,所培养的班干部自主管理能力强。', '3'),
                          (16, '对学生的学习情况、家庭情况、健康水平、兴趣爱好、心理特征等能全面了解和掌握,做到心中有数。', '4')]},
               {'title': '四、工作实绩',
                'points': '30',
                'method': '查看班主任工作档案和获奖(结项)证书、学校教学质量评估成绩统计表。',
                'items': [(17,
                           '主持或参与了德育课题研究,能积极上好德育研讨课和撰写德育论文,在县以上教育专刊上发表(或获县以上优秀论文奖)。(权重:校级、乡级:0.6;县级:0.8;市级及以上级别:1)',
                           '6',
                           ('research',
                            {'achievement_kinds': ['paper_published', 'paper_awarded', 'book'],
                             'projects': True,
                             'per_unit': '2'})),
                          (18, '培养和指导了青年教师做好班级管理工作。', '3'),
                          (19, '学生的集体荣誉感和凝聚力强。在学校的班级考评中成绩优良。', '4'),
                          (20, '学生能熟练口述和自觉遵守中小学生守则、日常行为规范,学生中好人好事层出不穷,无违法和严重违纪现象,无重大安全事故。', '6'),
                          (21, '善于做学生的思想教育工作,深受学生的爱戴和家长、社会的好评。', '3', ('democratic', {})),
                          (22, '教育教学成绩居学校中游以上,学生在各项德育、知识竞赛中,班级整体成绩位于同类班级前列。', '4'),
                          (23,
                           '班级工作有创新、有特色、有实效。班集体和班主任、学生分别获镇(乡、街道)、校、县以上表彰和奖励。(权重:校级、乡级:0.6;县级:0.8;市级及以上级别:1)',
                           '4',
                           ('honours',
                            {'achievement_kinds': ['honour', 'contest', 'open_lesson'],
                             'per_unit': '2'}))]}]},
 {'code': 'studio_member',
  'name': '工作室成员学期考核表',
  'kind': 'studio_member',
  'source': '002 三 5(平台默认分值)',
  'sections': [{'title': '一、参加活动',
                'points': '30',
                'method': '查阅原始材料、签到记录。',
                'items': [(1, '按时参加工作室的学习、研讨、观摩等活动。', '30', ('training', {}))]},
               {'title': '二、工作室任务与科研',
                'points': '30',
                'method': '听成员汇报,查阅原始材料。',
                'items': [(2,
                           '完成工作室布置的任务,按时提交个人发展计划和学期总结。',
                           '15',
                           ('plans', {'kinds': ['dev_plan', 'summary']})),
                          (3, '参与工作室课题研究,承担研究任务。', '15')]},
               {'title': '三、论文与荣誉',
                'points': '25',
                'method': '查看获奖、发表证书。',
                'items': [(4,
                           '撰写并发表或获奖教育论文(按级别计权重)。',
                           '15',
                           ('research',
                            {'achievement_kinds': ['paper_published', 'paper_awarded', 'book'],
                             'projects': True,
                             'per_unit': '2'})),
                          (5,
                           '个人或所带班级获得表彰(按级别计权重)。',
                           '10',
                           ('honours',
                            {'achievement_kinds': ['honour', 'contest', 'open_lesson'], 'per_unit': '2'}))]},
               {'title': '四、班级工作实效',
                'points': '15',
                'method': '听学生评价、听学校评价,深入班级参加班会等现场观察。',
                'items': [(6, '班级管理有成效,受到学生和学校好评。', '15')]}]},
 {'code': 'class_meeting',
  'name': '主题班会观摩评价表',
  'kind': 'class_meeting',
  'source': '002 三(班会观摩)(平台默认分值)',
  'sections': [{'title': '一、设计',
                'points': '40',
                'method': '现场观察',
                'items': [(1, '主题明确,贴近学生实际,有教育意义。', '20'), (2, '设计有层次,形式新颖,准备充分。', '20')]},
               {'title': '二、实施与效果',
                'points': '60',
                'method': '现场观察',
                'items': [(3, '学生参与面广,主体作用得到发挥。', '25'),
                          (4, '班主任引导得当,调控有效。', '15'),
                          (5, '教育目标达成,学生有收获。', '20')]}]},
 {'code': 'lesson',
  'name': '德育课听课评价表',
  'kind': 'lesson',
  'source': '001 附件1 第10条(平台默认分值)',
  'sections': [{'title': '一、教学目标与内容',
                'points': '40',
                'method': '听课',
                'items': [(1, '目标明确,符合学生年龄特点。', '20'), (2, '内容正确,联系学生生活实际。', '20')]},
               {'title': '二、教学过程与效果',
                'points': '60',
                'method': '听课',
                'items': [(3, '方法得当,师生互动充分。', '30'), (4, '学生积极参与,教学效果好。', '30')]}]}]


def install_builtin(models):  # type: ignore[no-untyped-def]
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


def install(apps, schema_editor):  # noqa: ARG001 - the signature migrations call
    install_builtin(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
