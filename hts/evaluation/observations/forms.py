"""Forms of observations: the organiser's observation and each observer's sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import DecimalValidator
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.evaluation.rounds.forms import _points_field
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import RubricItem, RubricVersion


class ObservationForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Rubric"), queryset=None)  # type: ignore[arg-type]
    studio = forms.ModelChoiceField(
        label=_("Studio"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("Leave empty for an observation by the school or the bureau."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=120)
    class_name = forms.CharField(label=_("Class"), max_length=40, required=False)
    held_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    combination = forms.ChoiceField(
        label=_("Combining the observers"),
        choices=EvaluationRound.Combination.choices,
        initial=EvaluationRound.Combination.MEAN,
    )
    observers = forms.ModelMultipleChoiceField(
        label=_("Observers"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, versions: Any, studios: Any, observers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["version"].queryset = versions
        fields["version"].label_from_instance = RubricVersion.picker_label
        fields["studio"].queryset = studios
        fields["observers"].queryset = observers
        fields["observers"].label_from_instance = lambda user: user.display_name


class ObservationSheetForm(forms.Form):
    """An observer's sheet: one points field per item (Enter moves down the column) and comments.
    Bounds are on the inputs for the browser; the service refuses what is out of bounds."""

    def __init__(self, *args: Any, items: list[RubricItem], points: dict[int, Any], comment: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            field = _points_field(item)
            field.min_value = field.max_value = None
            field.validators = [v for v in field.validators if isinstance(v, DecimalValidator)]
            field.widget.attrs["step"] = "0.5"
            self.fields[f"item_{item.pk}"] = field
            if item.pk in points:
                self.initial[f"item_{item.pk}"] = points[item.pk]
        self.fields["comment"] = forms.CharField(
            label=_("Comments"),
            required=False,
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        )
        self.initial["comment"] = comment

    def rows(self) -> list[dict[str, Any]]:
        return [{"item": item, "points": self[f"item_{item.pk}"]} for item in self.items]

    def points(self) -> dict[int, Any]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}
