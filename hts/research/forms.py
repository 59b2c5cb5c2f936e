from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.org.models import Level
from hts.research.models import Achievement, ResearchProject, WeightPolicy

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = ResearchProject
        fields = ["title", "level", "starts_on", "ends_on", "lead", "members", "outputs"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "members": forms.CheckboxSelectMultiple,
            "outputs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Host and members come from the studio's own active team.
        self.fields["lead"].queryset = team
        self.fields["members"].queryset = team


class AchievementForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence (certificate, cover or scan)"),
        required=False,
        help_text=_("PDF, JPG, PNG or Office documents; more can be added afterwards."),
    )

    class Meta:
        model = Achievement
        fields = ["kind", "title", "level", "achieved_on", "issuer"]
        widgets = {"achieved_on": DATE_INPUT}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class WeightPolicyForm(forms.ModelForm):
    class Meta:
        model = WeightPolicy
        fields = list(Level.values)
        widgets = {level: forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}) for level in Level.values}
