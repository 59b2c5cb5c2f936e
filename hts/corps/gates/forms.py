from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.org.forms import DATE_INPUT
from hts.org.models import School, Teacher


class CreditedServiceForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("Teacher"), queryset=Teacher.objects.none())
    started_on = forms.DateField(label=_("From"), widget=DATE_INPUT)
    ended_on = forms.DateField(label=_("To"), widget=DATE_INPUT)
    what = forms.CharField(label=_("Work credited"), max_length=100, help_text=_("For example 书法兴趣小组辅导"))
    reason = forms.CharField(
        label=_("Reason for crediting it"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = Teacher.objects.filter(school=school).order_by("name")  # type: ignore[attr-defined]


class ExcellentShareForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Share of 优秀 reserved for head teachers (percent)"), min_value=1, max_value=100
    )


class ExcellentCountForm(forms.Form):
    total = forms.IntegerField(label=_("Teachers rated 优秀 this year"), min_value=0)
    head_teachers = forms.IntegerField(label=_("Of whom head teachers"), min_value=0)
