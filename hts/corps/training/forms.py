from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.corps.training.models import CourseKind
from hts.corps.training.selectors import school_year_of

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(forms.Form):
    kind = forms.ChoiceField(label=_("course type"), choices=CourseKind.choices)
    title = forms.CharField(label=_("heading"), max_length=100)
    year = forms.IntegerField(label=_("school year (starting)"), min_value=2000, max_value=2100)
    place = forms.ChoiceField(label=_("organised by"))

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places
        self.fields["year"].initial = school_year_of(timezone.localdate())


class SessionForm(forms.Form):
    """A session or a meeting: when and where; it earns hours per half-day."""

    title = forms.CharField(label=_("heading"), max_length=100)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME)
    place = forms.CharField(label=_("place"), max_length=120)
    credit_half_days = forms.IntegerField(label=_("credit in half-days"), min_value=0, max_value=20, initial=1)
    agenda = forms.CharField(label=_("agenda"), max_length=4000, required=False, widget=forms.Textarea({"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        return data


class EnrolForm(forms.Form):
    teachers = forms.TypedMultipleChoiceField(label=_("trainees"), coerce=int, choices=())

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {t.pk: t for t in candidates}
        self.fields["teachers"].choices = [(t.pk, f"{t.name}（{t.school.name}）") for t in candidates]
        self.fields["teachers"].widget.attrs["size"] = 8

    def chosen(self) -> list[Any]:
        return [self.candidates[pk] for pk in self.cleaned_data["teachers"]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel or CSV file"))
