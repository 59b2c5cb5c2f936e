"""Gives batches opened before quotas existed the quota rules of their template."""

from django.db import migrations


def add_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hts.activities.quota_defaults import QUOTAS_BY_TEMPLATE

    BatchPolicy = apps.get_model("studios", "BatchPolicy")
    QuotaRule = apps.get_model("activities", "QuotaRule")
    for policy in BatchPolicy.objects.all():
        if QuotaRule.objects.filter(policy=policy).exists():
            continue
        # The templates gained fields later (counts_for, 0007): keep those this model version has.
        names = {field.name for field in QuotaRule._meta.get_fields()}
        for values in QUOTAS_BY_TEMPLATE.get(policy.template, []):
            QuotaRule.objects.create(policy=policy, **{k: v for k, v in values.items() if k in names})


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_quota_rules")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
