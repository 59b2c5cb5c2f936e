"""Brings existing batches up to their template's people quotas: the host's yearly city training
(003), mentors' open lessons counted per mentor and the mentors' guidance hours (000 第五条)."""

from django.db import migrations


def update_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hts.activities.quota_defaults import QUOTAS_BY_TEMPLATE
    from hts.studios.policy_templates import TEMPLATES

    BatchPolicy = apps.get_model("studios", "BatchPolicy")
    QuotaRule = apps.get_model("activities", "QuotaRule")
    for policy in BatchPolicy.objects.all():
        if policy.template in TEMPLATES:
            policy.mentor_guidance_hours = TEMPLATES[policy.template][1]["mentor_guidance_hours"]
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
