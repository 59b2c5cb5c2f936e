from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import scoped
from hts.org.models import Region, Teacher
from hts.studios.models import LEVEL_OR_NONE, Batch, BatchPolicy, Grade, Studio, StudioAssessment, Tier
from hts.studios.policy_templates import BUNDLES
from hts.studios.services import POLICY_FIELDS


class BatchForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. 深圳市第二批中小学名班主任工作室"))
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    start_year = forms.IntegerField(label=_("First year of the cycle"), min_value=2000, max_value=2100)
    cycle_years = forms.IntegerField(
        label=_("Cycle length (years)"), min_value=1, max_value=10, required=False, help_text=_("Empty: the template's")
    )
    template = forms.ChoiceField(
        label=_("Policy template"), choices=[(code, bundle.label) for code, bundle in BUNDLES.items()]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped(user, "batch.manage", Region.objects.all())
        self.fields["start_year"].initial = timezone.localdate().year


class PolicyForm(forms.ModelForm):
    class Meta:
        model = BatchPolicy
        fields = POLICY_FIELDS


class StudioThemeForm(forms.Form):
    theme = forms.CharField(
        label=_("Research theme"), max_length=120, help_text=_("Shown on the studio's page and on its website.")
    )


class StudioApplicationForm(forms.ModelForm):
    class Meta:
        model = Studio
        fields = ["name", "stage", "theme", "plan", "research_title", "research_level"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, teacher: Teacher | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["research_level"].choices = LEVEL_OR_NONE
        if teacher is not None:
            self.fields["stage"].choices = [(s.value, s.label) for s in teacher.school.stages]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class OverrideForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Override reason (bureau only)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Only when a rule refuses: the written reason is kept with the record."),
    )


class MaterialCheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Material check"), choices=[("1", _("Passed")), ("0", _("Not passed"))], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ResearchCheckForm(forms.Form):
    verified = forms.TypedChoiceField(
        label=_("Declared research"),
        choices=[("1", _("Verified (certificate or records checked)")), ("0", _("Not verified"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("What was checked; required when the research is not verified."),
    )


class DefenceForm(MaterialCheckForm):
    score = forms.DecimalField(label=_("Defence score"), required=False, max_digits=5, decimal_places=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passed"].label = _("On-site defence")


class ScoreForm(forms.Form):
    score = forms.DecimalField(label=_("Your score"), max_digits=5, decimal_places=1)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Approve")), ("0", _("Do not select"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StudioAssessment.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class JoinForm(forms.Form):
    statement = forms.CharField(
        label=_("Why you want to join"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )


class EvaluateForm(forms.Form):
    evaluation = forms.CharField(
        label=_("On-site evaluation"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class MentorInviteForm(OverrideForm):
    teacher_mobile = forms.RegexField(
        label=_("Mobile of a teacher on the platform"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("A mobile number is 11 digits starting with 1.")},
    )
    external_name = forms.CharField(label=_("Or: name of an outside expert"), max_length=30, required=False)
    external_affiliation = forms.CharField(label=_("Organisation and title"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mobile = data.get("teacher_mobile")
        if mobile:
            data["teacher"] = Teacher.objects.filter(mobile=mobile).first()
            if data["teacher"] is None:
                self.add_error("teacher_mobile", _("No teacher has this mobile number."))
        elif not data.get("external_name"):
            raise forms.ValidationError(_("Give a teacher's mobile or the mentor's name."))
        return data


class EndMembershipForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("left", _("Leaves")),
            ("rotated_out", _("Rotated out (不合格 → 流动)")),
            ("graduated", _("Graduates (结业)")),
        ],
    )
    title = forms.CharField(label=_("Title conferred"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


BATCH_STATUS_CHOICES = Batch.Status.choices
