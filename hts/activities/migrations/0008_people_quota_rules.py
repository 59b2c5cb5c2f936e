"""Brings existing batches up to their template's people quotas: the host's yearly city training
(003), mentors' open lessons counted per mentor and the mentors' guidance hours (000 第五条).

The quotas and hours are a frozen copy of the templates as they were when this migration was written
(then hts/activities/quota_defaults.py and hts/studios/policy_templates.py): editing a template today
changes nothing this migration does.
"""

from decimal import Decimal

from django.db import migrations

MENTOR_GUIDANCE_HOURS = {"shenzhen": Decimal(0), "zaozhuang": Decimal(10)}

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
              {'code': 'host_city_training_yearly',
               'label': '主持人每年参加市级培训',
               'kinds': ['city_training'],
               'mode': '',
               'period': 'year',
               'minimum': 1,
               'counts_for': 'host'},
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
                'label': '导师每学期班会公开课或论坛',
                'kinds': ['class_meeting', 'forum'],
                'mode': '',
                'period': 'semester',
                'minimum': 1,
                'counts_for': 'mentor'},
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


def update_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    BatchPolicy = apps.get_model("studios", "BatchPolicy")
    QuotaRule = apps.get_model("activities", "QuotaRule")
    for policy in BatchPolicy.objects.all():
        if policy.template in MENTOR_GUIDANCE_HOURS:
            policy.mentor_guidance_hours = MENTOR_GUIDANCE_HOURS[policy.template]
            policy.save(update_fields=["mentor_guidance_hours"])
        existing = {rule.code: rule for rule in QuotaRule.objects.filter(policy=policy)}
        if not existing:
            continue  # a batch whose bureau removed every quota keeps none
        for values in QUOTAS_BY_TEMPLATE.get(policy.template, []):
            rule = existing.get(values["code"])
            if rule is None:
                QuotaRule.objects.create(policy=policy, **values)
            elif values.get("counts_for", "studio") != "studio" and rule.counts_for == "studio":
                rule.counts_for = values["counts_for"]
                rule.label = values["label"]
                rule.save(update_fields=["counts_for", "label"])


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_people_quotas")]
    operations = [migrations.RunPython(update_rules, migrations.RunPython.noop)]
