"""The built-in essay rubric of the essay contest (征文评比, 001 二 12; hts.portal.contest).

The rubric is a frozen copy of builtin.ESSAY as it was when this migration was written."""

from decimal import Decimal

from django.db import migrations, models

ESSAY = {
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


def install_essay(apps, schema_editor):  # noqa: ARG001 - the signature migrations call
    rubric_model = apps.get_model("evaluation", "Rubric")
    if rubric_model.objects.filter(builtin_code=ESSAY["code"]).exists():
        return
    version_model = apps.get_model("evaluation", "RubricVersion")
    section_model = apps.get_model("evaluation", "RubricSection")
    item_model = apps.get_model("evaluation", "RubricItem")
    rubric = rubric_model.objects.create(
        name=ESSAY["name"], kind=ESSAY["kind"], builtin_code=ESSAY["code"], source=ESSAY["source"]
    )
    version = version_model.objects.create(rubric=rubric, number=1, status="active")
    for position, data in enumerate(ESSAY["sections"], start=1):
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
        ("evaluation", "0007_classwork_computations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rubric",
            name="kind",
            field=models.CharField(
                choices=[
                    ("head_teacher", "Head teacher's work"),
                    ("studio_member", "Studio member"),
                    ("lesson", "Lesson observation"),
                    ("class_meeting", "Class-meeting observation"),
                    ("speech", "Appointment speech"),
                    ("essay", "Contest essay"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(install_essay, migrations.RunPython.noop),
    ]
