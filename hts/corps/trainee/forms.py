from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.forms import IsoDateInput
from hts.corps.trainee.models import TraineeKind
from hts.org.models import SchoolClass, Teacher


class PostForm(forms.Form):
    school_class = forms.ModelChoiceField(label=_("class"), queryset=SchoolClass.objects.none())
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=Teacher.objects.none())
    kind = forms.ChoiceField(label=pgettext_lazy("trainee", "post"), choices=TraineeKind.choices)
    started_on = forms.DateField(label=_("from"), widget=IsoDateInput(), initial=timezone.localdate)
    ended_on = forms.DateField(
        label=_("to"),
        widget=IsoDateInput(),
        required=False,
        help_text=_("Empty while the post runs. An open assistant post makes the teacher the class's deputy."),
    )

    def __init__(self, *args: Any, classes: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("to"), widget=IsoDateInput(), initial=timezone.localdate)
