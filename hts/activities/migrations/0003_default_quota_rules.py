"""Gives batches opened before quotas existed the quota rules of their template.

The rules are a frozen copy of the templates' quotas as they were when this migration was written
(then hts/activities/quota_defaults.py): editing a template today changes nothing this migration does.
"""

from django.db import migrations

QUOTAS_BY_TEMPLATE = {'shenzhen': [{'code': 'online_weekly',
               'label': '每周线上交流培训',
               'kinds': ['online_training'],
               'mode': 'online',
               'period': 'week',
               'minimum': 1},
              {'code': 'offline_monthly',
               'label': '每月线下集体学习',
               'kinds': ['collective_study',
                         'expert_lecture',
                         'class_meeting',
                         'forum',
                         'lesson_observation',
                         'narrative',
                         'research_seminar',
                         'reading_club',
                         'studio_exchange',
                         'outreach',
                         'off_campus'],
               'mode': 'offline',
               'period': 'month',
               'minimum': 1},
              {'code': 'publicity_monthly',
               'label': '每月宣传报道',
               'kinds': [],
               'mode': '',
               'needs_publicity': True,
               'period': 'month',
               'minimum': 1},
              {'code': 'exchange_semester',
               'label': '每学期工作室交流',
               'kinds': ['studio_exchange'],
               'mode': '',
               'period': 'semester',
               'minimum': 1},
              {'code': 'outreach_semester',
               'label': '每学期宣讲活动',
               'kinds': ['outreach'],
               'mode': '',
               'period': 'semester',
               'minimum': 1},
              {'code': 'off_campus_yearly',
               'label': '每年校外实践',
               'kinds': ['off_campus'],
               'mode': '',
               'period': 'year',
               'minimum': 1},
              {'code': 'planning_semester',
               'label': '学期初计划会',
               'kinds': ['planning_meeting'],
               'mode': '',
               'period': 'semester',
               'minimum': 1},
              {'code': 'summary_semester',
               'label': '学期末总结会',
               'kinds': ['summary_meeting'],
               'mode': '',
               'period': 'semester',
               'minimum': 1}],
 'zaozhuang': [{'code': 'open_lesson_semester',
                'label': '每学期班会公开课或论坛',
                'kinds': ['class_meeting', 'forum'],
                'mode': '',
                'period': 'semester',
                'minimum': 1},
               {'code': 'planning_semester',
                'label': '学期初计划会',
                'kinds': ['planning_meeting'],
                'mode': '',
                'period': 'semester',
                'minimum': 1},
               {'code': 'stage_report_semester',
                'label': '阶段汇报会',
                'kinds': ['stage_report'],
                'mode': '',
                'period': 'semester',
                'minimum': 1},
               {'code': 'summary_semester',
                'label': '学期末总结会',
                'kinds': ['summary_meeting'],
                'mode': '',
                'period': 'semester',
                'minimum': 1}]}


def add_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    BatchPolicy = apps.get_model("studios", "BatchPolicy")
    QuotaRule = apps.get_model("activities", "QuotaRule")
    for policy in BatchPolicy.objects.all():
        if QuotaRule.objects.filter(policy=policy).exists():
            continue
        # Keep the fields this model version has.
        names = {field.name for field in QuotaRule._meta.get_fields()}
        for values in QUOTAS_BY_TEMPLATE.get(policy.template, []):
            QuotaRule.objects.create(policy=policy, **{k: v for k, v in values.items() if k in names})


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_quota_rules")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
