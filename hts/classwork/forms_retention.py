from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.classwork.models import Pupil


class PupilEditForm(forms.ModelForm):
    class Meta:
        model = Pupil
        fields = ["name", "gender", "left_behind", "special_family", "learning_difficulty", "left_on"]
        widgets = {"left_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        help_texts = {"left_on": _("Empty while the pupil is in the class.")}
        labels = {"name": pgettext_lazy("person", "Name")}


class PupilRequestForm(forms.Form):
    EXPORT, ERASE = "export", "erase"

    what = forms.ChoiceField(
        label=_("The request"),
        choices=[(EXPORT, _("Export the pupil's records (Excel)")), (ERASE, _("Erase: anonymise the records now"))],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Request reference"),
        max_length=100,
        help_text=_("The number or date of the written request, as filed by the school's office."),
    )
    note = forms.CharField(
        label=_("How the request was verified"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Who asked, and how their identity and their right to ask were checked. Do not type the pupil's name."
        ),
    )
