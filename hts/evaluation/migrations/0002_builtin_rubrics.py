"""Install the built-in rubrics (rubric_templates.py): 001 附件2 and the platform's starting points."""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ARG001 - the signature migrations call
    from hts.evaluation.rubric_templates import install_builtin

    install_builtin(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
