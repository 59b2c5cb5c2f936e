from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.corps.structure.models import GuidanceSession
from hts.org.models import Teacher


class ChiefForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=Teacher.objects.none())
    started_on = forms.DateField(label=_("from"), widget=IsoDateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class PairForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=Teacher.objects.none())
    mentee = forms.ModelChoiceField(label=_("mentee"), queryset=Teacher.objects.none())
    started_on = forms.DateField(label=_("from"), widget=IsoDateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["mentee"].queryset = teachers  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("to"), widget=IsoDateInput(), initial=timezone.localdate)


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = GuidanceSession
        fields = ["held_on", "topic", "hours", "notes"]
        widgets = {"held_on": IsoDateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
