from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.activities.models import Plan


class PlanForm(forms.ModelForm):
    period_key = forms.ChoiceField(label=_("Period of the plan"), choices=())
    field_order = ["title", "period_key", "theme", "body"]

    class Meta:
        model = Plan
        fields = ["title", "theme", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: Any, kind: str, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The periods come from the academic calendar (plans/periods.py); a cycle plan has but one.
        if kind == Plan.Kind.CYCLE:
            del self.fields["period_key"]
        else:
            field = self.fields["period_key"]
            plan = self.instance
            if plan.period_key and plan.period_key not in dict(periods):
                periods = [(plan.period_key, plan.period_label), *periods]  # kept as it was chosen
            field.choices = [("", _("Choose…")), *periods]  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = _("Choose the period from the list.")
            field.initial = plan.period_key
            if not periods:
                field.help_text = _("The academic calendar has no school year in this studio's cycle yet.")
            elif plan.pk and not plan.period_key and plan.period_label:
                field.help_text = _("Written before as “%(label)s”: choose the period it is for.") % {
                    "label": plan.period_label
                }
        # Only a semester plan has a theme (policy 002: 每学期一个主题).
        if kind != Plan.Kind.SEMESTER:
            del self.fields["theme"]


class PlanCommentForm(forms.Form):
    mentor_comment = forms.CharField(label=_("Guidance"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
