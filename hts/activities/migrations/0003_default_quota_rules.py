"""Gives batches opened before quotas existed the quota rules of their template."""

from django.db import migrations


def add_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hts.activities.quota_defaults import QUOTAS_BY_TEMPLATE

    BatchPolicy = apps.get_model("studios", "BatchPolicy")
    QuotaRule = apps.get_model("activities", "QuotaRule")
    for policy in BatchPolicy.objects.all():
        if QuotaRule.objects.filter(policy=policy).exists():
            continue
        for values in QUOTAS_BY_TEMPLATE.get(policy.template, []):
            QuotaRule.objects.create(policy=policy, **values)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_quota_rules")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
