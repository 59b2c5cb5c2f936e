"""Forms of grades: a member's semester grade, and the bureau's review of a failing yearly result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from hts.org.models import Semester
from hts.studios.models import Grade, Membership


class GradeForm(forms.Form):
    membership = forms.ModelChoiceField(label=gettext_lazy("Member"), queryset=Membership.objects.none())
    semester = forms.ModelChoiceField(label=gettext_lazy("Semester"), queryset=Semester.objects.none())
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices)
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=300, required=False)

    def __init__(self, *args: object, members: list[Membership], semesters: list[Semester], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["membership"].queryset = Membership.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "teacher"
        )  # type: ignore[attr-defined]
        self.fields["membership"].label_from_instance = lambda m: m.person_name  # type: ignore[attr-defined]
        self.fields["semester"].queryset = Semester.objects.filter(pk__in=[s.pk for s in semesters]).select_related(
            "school_year"
        )  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", gettext_lazy("Confirm")), ("withdraw", gettext_lazy("Withdraw"))])
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
