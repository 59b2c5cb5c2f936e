from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import scoped
from hts.org.models import (
    HeadTeacherService,
    Honour,
    Region,
    School,
    SchoolClass,
    Semester,
    Teacher,
    service_overlap_problem,
)
from hts.org.selectors import regions_for_filter

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedFormMixin:
    """Choices offered in a form are only those inside the user's scope for the action."""

    def scope_field(self, name: str, user: Any, action: str, queryset: Any) -> None:
        field = self.fields[name]  # type: ignore[attr-defined]
        field.queryset = scoped(user, action, queryset)


class RegionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    code = forms.RegexField(
        label=_("Administrative division code"),
        regex=r"^\d{6,12}$",
        error_messages={"invalid": _("The code is 6 to 12 digits.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Region.Kind.choices)
    parent = forms.ModelChoiceField(label=_("Parent region"), queryset=Region.objects.none(), required=False)
    bureau_name = forms.CharField(label=_("Bureau name"), max_length=80, required=False)

    def __init__(self, *args: Any, user: Any, editing: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = scoped(user, "region.manage", Region.objects.all())
        if editing is not None:
            for name in ("code", "kind", "parent"):
                del self.fields[name]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A region with this code already exists."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent, kind = data.get("parent"), data.get("kind")
        kinds = list(Region.Kind.values)
        if parent and kind and kinds.index(kind) <= kinds.index(parent.kind):
            self.add_error("kind", _("A region must be below its parent (e.g. a district under a city)."))
        return data


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = [
            "name",
            "code",
            "region",
            "has_primary",
            "has_junior",
            "has_senior",
            "city_direct",
            "village",
            "address",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_for_filter(user, "school.create")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("has_primary") or data.get("has_junior") or data.get("has_senior")):
            raise forms.ValidationError(_("A school offers at least one stage."))
        return data


class TeacherForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Teacher
        fields = ["name", "gender", "birth_year", "mobile", "school", "subject", "title", "education"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_field("school", user, "teacher.create", School.objects.select_related("region"))


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["kind", "title", "level", "awarded_on", "issuer"]
        widgets = {"awarded_on": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most honours are personal; a form that leaves the kind out records one.
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Honour.Kind.PERSONAL


def override_reason_field() -> forms.CharField:
    """The school office's written reason for assigning a head teacher a rule refuses (001 二 4)."""
    return forms.CharField(
        label=_("Reason for assigning anyway"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when a rule refuses this head teacher (trainee year, qualification certificate): "
            "the reason is kept on the record and in the audit log."
        ),
    )


class ServiceRecordForm(ScopedFormMixin, forms.ModelForm):
    override_reason = override_reason_field()

    class Meta:
        model = HeadTeacherService
        fields = ["school", "school_class", "class_label", "started_on", "ended_on"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}

    def __init__(self, *args: Any, user: Any, teacher: Teacher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_field("school", user, "school.view", School.objects.all())
        self.fields["school"].initial = teacher.school_id
        self.fields["school_class"].queryset = SchoolClass.objects.filter(school=teacher.school)
        self.teacher = teacher

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, school = data.get("started_on"), data.get("ended_on"), data.get("school")
        if start and end and end < start:
            self.add_error("ended_on", _("Service cannot end before it starts."))
        elif start and school:
            others = HeadTeacherService.objects.filter(teacher=self.teacher, school=school).exclude(pk=self.instance.pk)
            problem = service_overlap_problem(others, school_id=school.pk, started_on=start, ended_on=end)
            if problem:
                self.add_error("started_on", problem)
        return data


class SchoolClassForm(forms.ModelForm):
    """A class always belongs to the school it was created from; only people at that school qualify."""

    override_reason = override_reason_field()

    class Meta:
        model = SchoolClass
        fields = ["stage", "grade", "name", "head_teacher", "deputy"]

    def __init__(self, *args: Any, user: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teachers = scoped(user, "teacher.view", Teacher.objects.filter(school=school))
        self.fields["head_teacher"].queryset = teachers
        self.fields["deputy"].queryset = teachers
        self.fields["stage"].choices = [(stage.value, stage.label) for stage in school.stages]


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Roster"), choices=[])
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV (UTF-8 or GBK)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"schools": _("School roster"), "teachers": _("Teacher roster")}
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]


class SchoolYearForm(forms.Form):
    """A school year with its autumn and spring semesters. Only the input's shape is checked here: the
    service judges the dates and names the field each problem belongs to."""

    label = forms.CharField(label=_("Name"), max_length=30, help_text=_("For example 2025—2026学年"))
    starts_on = forms.DateField(label=_("School year starts"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("School year ends"), widget=DATE_INPUT)
    autumn_starts_on = forms.DateField(label=_("Autumn semester starts"), widget=DATE_INPUT)
    autumn_ends_on = forms.DateField(label=_("Autumn semester ends"), widget=DATE_INPUT)
    spring_starts_on = forms.DateField(label=_("Spring semester starts"), widget=DATE_INPUT)
    spring_ends_on = forms.DateField(label=_("Spring semester ends"), widget=DATE_INPUT)

    # (legend, fields) as the page lays them out.
    GROUPS = [
        (_("School year"), ["label", "starts_on", "ends_on"]),
        (_("Autumn semester"), ["autumn_starts_on", "autumn_ends_on"]),
        (_("Spring semester"), ["spring_starts_on", "spring_ends_on"]),
    ]

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    @staticmethod
    def service_arguments(data: dict[str, Any]) -> dict[str, Any]:
        """The cleaned data as `school_year_create` takes it."""
        return {
            "label": data["label"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "semesters": [
                (Semester.Kind.AUTUMN.value, data["autumn_starts_on"], data["autumn_ends_on"]),
                (Semester.Kind.SPRING.value, data["spring_starts_on"], data["spring_ends_on"]),
            ],
        }
