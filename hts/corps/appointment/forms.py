from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import User
from hts.corps.appointment.models import Application, AppointmentRound, Post
from hts.evaluation.rubrics.models import RubricVersion
from hts.org.models import SchoolClass, grade_label


class RoundForm(forms.ModelForm):
    class Meta:
        model = AppointmentRound
        fields = ["title", "term_from", "term_to", "speech_weight", "rating_weight", "objection_days"]
        widgets = {
            "term_from": forms.DateInput(attrs={"type": "date"}),
            "term_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict:
        # Said here in words; the model's check constraint would otherwise speak with its code name.
        data = super().clean()
        start, end = data.get("term_from"), data.get("term_to")
        if start and end and end <= start:
            self.add_error("term_to", _("The term must end after it starts."))
        return data


class PostsForm(forms.Form):
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes of the coming school year"),
        queryset=SchoolClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = classes


class ApplicationForm(forms.ModelForm):
    first = forms.TypedChoiceField(label=_("First choice"), coerce=int, choices=())
    second = forms.TypedChoiceField(label=_("Second choice"), coerce=int, choices=(), required=False, empty_value=None)
    third = forms.TypedChoiceField(label=_("Third choice"), coerce=int, choices=(), required=False, empty_value=None)

    class Meta:
        model = Application
        fields = ["teaching_years", "subject_taught", "reasons", "plans", "record"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("reasons", "plans", "record")}

    def __init__(self, *args: Any, grades: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(g, grade_label(g)) for g in grades]
        self.fields["first"].choices = choices
        for name in ("second", "third"):
            self.fields[name].choices = [("", "—"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["preferred_grades"] = [g for g in (data.get("first"), data.get("second"), data.get("third")) if g]
        return data


class SpeechStartForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Rubric for the speeches"), queryset=RubricVersion.objects.none())
    panel = forms.ModelMultipleChoiceField(
        label=_("Appointment panel (raters)"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    min_responses = forms.IntegerField(label=_("Fewest rating answers shown"), min_value=3, max_value=100, initial=3)

    def __init__(self, *args: Any, versions: Any, panel: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = RubricVersion.picker_label
        self.fields["panel"].queryset = panel
        self.fields["panel"].label_from_instance = lambda u: u.display_name


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("speech time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("speech place"), max_length=60)


class AdjustForm(forms.Form):
    post = forms.ModelChoiceField(label=_("post"), queryset=Post.objects.none())
    application = forms.ModelChoiceField(
        label=_("applicant"), queryset=Application.objects.none(), required=False, empty_label=_("(leave empty)")
    )
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args: Any, posts: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.teacher.name}（{a.combined or '—'}）"


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("decision"),
        coerce=lambda v: v == "1",
        choices=[("0", _("Dismiss")), ("1", _("Uphold: correct the list"))],
    )
    decision = forms.CharField(label=_("reason"), max_length=500)
