from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.activities.models import Plan


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "period_label", "theme", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a semester plan has a theme (policy 002: 每学期一个主题).
        if kind != Plan.Kind.SEMESTER:
            del self.fields["theme"]


class PlanCommentForm(forms.Form):
    mentor_comment = forms.CharField(label=_("Guidance"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
