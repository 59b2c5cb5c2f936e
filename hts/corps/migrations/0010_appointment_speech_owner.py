"""The speech rounds of competitive appointments made before evaluation knew a round's owner: marked
as run by the appointment, so evaluation's lists leave them out and its pages do not publish them."""

from django.db import migrations


def mark_owned(apps, schema_editor):  # noqa: ARG001 - the signature migrations call
    appointment_round = apps.get_model("corps", "AppointmentRound")
    evaluation_round = apps.get_model("evaluation", "EvaluationRound")
    ids = appointment_round.objects.filter(speech_round__isnull=False).values_list("speech_round_id", flat=True)
    evaluation_round.objects.filter(pk__in=list(ids)).update(owner="corps.appointment")


class Migration(migrations.Migration):
    dependencies = [("corps", "0009_training"), ("evaluation", "0006_appointment_speech")]

    operations = [migrations.RunPython(mark_owned, migrations.RunPython.noop)]
