"""Forms of the round pages: creating a round, adding people and raters, and the scoring sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.evaluation.rounds.models import EvaluationRound, Score
from hts.evaluation.rubrics.models import RubricItem, RubricVersion
from hts.org.models import Region, SchoolYear, Semester


class RoundForm(forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = [
            "title", "period", "school_year", "semester", "month", "version", "combination", "objection_days",
            "excellent_from", "pass_from",
        ]  # fmt: skip
        widgets = {"month": IsoDateInput()}

    def __init__(self, *args: Any, region: Region, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from hts.org.calendar import calendar_region

        source = calendar_region(region)
        years = SchoolYear.objects.filter(region=source) if source else SchoolYear.objects.none()
        self.fields["school_year"].queryset = years.order_by("-starts_on")
        self.fields["semester"].queryset = (
            Semester.objects.filter(school_year__in=years).select_related("school_year").order_by("-starts_on")
        )
        self.fields["semester"].label_from_instance = lambda s: f"{s.school_year} {s.get_kind_display()}"
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = RubricVersion.picker_label
        self.fields["month"].help_text = _("Any day of the month (monthly rounds).")

    def _post_clean(self) -> None:
        # The service validates the whole round (with its organiser); nothing to construct here.
        pass


class FindForm(forms.Form):
    query = forms.CharField(label=_("Name, username or mobile"), max_length=60)


def _points_field(item: RubricItem) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{item.number}",
        required=False,
        min_value=Decimal(0),
        max_value=item.max_points,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={
                "min": "0",
                "max": str(item.max_points),
                "step": "0.01",
                "inputmode": "decimal",
                "class": "form-control form-control-sm sheet-points",
                "aria-label": _("Points for item %(number)s (at most %(max)s)")
                % {"number": item.number, "max": item.max_points},
            }
        ),
        error_messages={
            "max_value": _("At most %(limit_value)s points for this item."),
            "min_value": _("A score cannot be negative."),
        },
    )


class SheetForm(forms.Form):
    """One person's sheet: a points field and a reason field per item, prefilled with the rater's
    scores or, for computed items not yet scored, with the proposal from records."""

    def __init__(
        self,
        *args: Any,
        items: list[RubricItem],
        scores: dict[int, Score],
        proposals: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            points = _points_field(item)
            reason = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=300,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "aria-label": _("Reason for item %(number)s") % {"number": item.number},
                    }
                ),
            )
            self.fields[f"item_{item.pk}"] = points
            self.fields[f"reason_{item.pk}"] = reason
            score = scores.get(item.pk)
            proposal = proposals.get(item.pk)
            if score is not None:
                self.initial[f"item_{item.pk}"] = score.points
                self.initial[f"reason_{item.pk}"] = score.reason
            elif proposal is not None:
                self.initial[f"item_{item.pk}"] = proposal.points

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"item": item, "points": self[f"item_{item.pk}"], "reason": self[f"reason_{item.pk}"]}
            for item in self.items
        ]

    def entries(self) -> dict[int, Any]:
        from hts.evaluation.rounds.services import Entry

        return {
            item.pk: Entry(
                points=self.cleaned_data.get(f"item_{item.pk}"),
                reason=self.cleaned_data.get(f"reason_{item.pk}") or "",
            )
            for item in self.items
        }
