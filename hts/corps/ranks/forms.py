from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.corps.ranks.models import Rank, RankCriterion, RankScheme


def _not_after_today(day: Any) -> Any:
    """A rank is decided on or after the day it begins (the service says so too)."""
    today = timezone.localdate()
    if day > today:
        raise forms.ValidationError(
            _("A rank cannot start after today (%(date)s): decide it on the day it begins.")
            % {"date": today.isoformat()}
        )
    return day


class RankDecisionForm(forms.Form):
    rank = forms.ModelChoiceField(label=_("rank"), queryset=Rank.objects.none())
    started_on = forms.DateField(label=_("from"), widget=IsoDateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        required=False,
        help_text=_("Needed when the rank is not the proposed one."),
    )

    def __init__(self, *args: Any, ranks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rank"].queryset = ranks  # type: ignore[attr-defined]

    def clean_started_on(self) -> Any:
        return _not_after_today(self.cleaned_data["started_on"])


class ConfirmAllForm(forms.Form):
    started_on = forms.DateField(label=_("from"), widget=IsoDateInput(), initial=timezone.localdate)

    def clean_started_on(self) -> Any:
        return _not_after_today(self.cleaned_data["started_on"])


class SchemeCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of ranks"), choices=RankScheme.Kind.choices)
    levels = forms.IntegerField(label=_("number of ranks"), min_value=1, max_value=10, initial=3)


class RankForm(forms.ModelForm):
    class Meta:
        model = Rank
        fields = ["order", "name"]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RankCriterion
        fields = ["kind", "number", "within_years", "education", "titles", "certificate_kind"]


class RatesForm(forms.Form):
    """One amount per rank of the scheme; empty leaves the rank without an allowance."""

    def __init__(self, *args: Any, ranks: list[Rank], rates: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for rank in ranks:
            self.fields[f"rank_{rank.pk}"] = forms.DecimalField(
                label=rank.name,
                required=False,
                min_value=0,
                max_value=99999,
                max_digits=8,
                decimal_places=2,
                initial=rates.get(rank.pk),
            )

    def amounts(self) -> dict[int, Any]:
        return {int(name.removeprefix("rank_")): value for name, value in self.cleaned_data.items()}


class RollBuildForm(forms.Form):
    month = forms.DateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        initial=lambda: timezone.localdate().replace(day=1),
    )
