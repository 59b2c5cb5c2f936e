"""Rounds an app above runs (``owner``) and the built-in speech rubric of a competitive appointment.

The rubric is a frozen copy of builtin.SPEECH as it was when this migration was written."""

from decimal import Decimal

from django.db import migrations, models

SPEECH = {
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


def install_speech(apps, schema_editor):  # noqa: ARG001 - the signature migrations call
    rubric_model = apps.get_model("evaluation", "Rubric")
    if rubric_model.objects.filter(builtin_code=SPEECH["code"]).exists():
        return
    version_model = apps.get_model("evaluation", "RubricVersion")
    section_model = apps.get_model("evaluation", "RubricSection")
    item_model = apps.get_model("evaluation", "RubricItem")
    rubric = rubric_model.objects.create(
        name=SPEECH["name"], kind=SPEECH["kind"], builtin_code=SPEECH["code"], source=SPEECH["source"]
    )
    version = version_model.objects.create(rubric=rubric, number=1, status="active")
    for position, data in enumerate(SPEECH["sections"], start=1):
        section = section_model.objects.create(
            version=version,
            position=position,
            title=data["title"],
            max_points=Decimal(data["points"]),
            method=data["method"],
        )
        for number, text, points in data["items"]:
            item_model.objects.create(
                version=version, section=section, number=number, text=text, max_points=Decimal(points)
            )


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0005_guidance_computation'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluationround',
            name='owner',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name='historicalevaluationround',
            name='owner',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=40),
        ),
        migrations.AlterField(
            model_name='rubric',
            name='kind',
            field=models.CharField(choices=[('head_teacher', "Head teacher's work"), ('studio_member', 'Studio member'), ('lesson', 'Lesson observation'), ('class_meeting', 'Class-meeting observation'), ('speech', 'Appointment speech')], max_length=20, verbose_name='kind'),
        ),
        migrations.RunPython(install_speech, migrations.RunPython.noop),
    ]
