"""Forms of publication: an objection, its decision, and a correction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.evaluation.publication.models import Objection
from hts.evaluation.rounds.models import Subject
from hts.evaluation.rubrics.models import RubricItem


def _item_field(subject: Subject, *, required: bool, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=RubricItem.objects.filter(version_id=subject.round.version_id).order_by("number"),
        required=required,
        label=label,
        empty_label=_("The whole result") if not required else "---------",
    )


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, subject: Subject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"item": _item_field(subject, required=False, label=_("About item")), **self.fields}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("upheld", gettext_lazy("Uphold and correct")), ("dismissed", gettext_lazy("Dismiss"))],
        widget=forms.RadioSelect,
    )
    new_points = forms.DecimalField(
        label=gettext_lazy("Corrected points"), required=False, max_digits=6, decimal_places=2, min_value=0
    )
    outcome = forms.CharField(label=gettext_lazy("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, objection: Objection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"] = _item_field(objection.subject, required=False, label=_("Item corrected"))
        self.fields["item"].initial = objection.item_id
        self.order_fields(["decision", "item", "new_points", "outcome"])


class CorrectForm(forms.Form):
    new_points = forms.DecimalField(label=gettext_lazy("Corrected points"), max_digits=6, decimal_places=2, min_value=0)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def __init__(self, *args: Any, subject: Subject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"] = _item_field(subject, required=True, label=_("Item"))
        self.order_fields(["item", "new_points", "reason"])
