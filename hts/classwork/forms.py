from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.classwork.models import ClassworkPolicy, Kind, Pupil, PupilContact, VisitMode
from hts.classwork.policy import FIELDS
from hts.core.forms import bounds_from_model

# The few fields each kind asks for, beside its date: a phone form of one screen.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.THEME_MEETING: ("title", "notes", "photo"),
    Kind.BLACKBOARD: ("title",),
    Kind.CADRE_MEETING: ("notes",),
    Kind.PARENT_MEETING: ("title", "notes"),
    Kind.OPEN_WEEK: ("notes",),
    Kind.HOME_VISIT: ("pupil", "visit_mode", "notes", "follow_up"),
    Kind.TEACHER_MEETING: ("notes",),
    Kind.SAFETY: ("title", "notes"),
    Kind.INCIDENT: ("title", "notes", "follow_up"),
    Kind.PLAN: ("notes",),
    Kind.SUMMARY: ("notes",),
}


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ClassworkPolicy
        fields = FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bounds_from_model(self)


class PupilForm(forms.ModelForm):
    class Meta:
        model = Pupil
        fields = ["name", "gender", "left_behind", "special_family", "learning_difficulty"]
        labels = {"name": pgettext_lazy("person", "Name")}


class PupilImportForm(forms.Form):
    file = forms.FileField(label=_("Excel or CSV file"))


class EntryForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    title = forms.CharField(label=pgettext_lazy("class meeting", "Theme"), max_length=200)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    pupil = forms.ModelChoiceField(label=_("Pupil"), queryset=Pupil.objects.none())
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    visit_mode = forms.ChoiceField(label=_("How"), choices=VisitMode.choices, widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, kind: str, school_class: Any, visited: frozenset[int] = frozenset(), **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"on", *KIND_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        # The kind's own order: a visit starts with whom and how.
        self.order_fields(["on", *KIND_FIELDS[kind]])
        labels = {
            Kind.HOME_VISIT: _("What was learnt"),
            Kind.INCIDENT: _("How it was handled"),
            Kind.THEME_MEETING: _("Design"),
            Kind.PLAN: _("The plan"),
            Kind.SUMMARY: _("The summary"),
        }
        if "notes" in self.fields and kind in labels:
            self.fields["notes"].label = labels[kind]
        if kind == Kind.INCIDENT:
            self.fields["title"].label = _("What happened")
        if "pupil" in self.fields:
            # Any pupil id is accepted here so that one of another class is refused by the service's
            # rule, with its message, rather than as a bare invalid choice.
            self.fields["pupil"].queryset = Pupil.objects.all()
            # Who is still to be visited this semester comes first, marked (附件1 16: every pupil).
            pupils = sorted(
                Pupil.objects.filter(school_class=school_class, anonymised_on__isnull=True),
                key=lambda p: (p.pk in visited, p.name),
            )
            self.fields["pupil"].widget.choices = [("", "---------")] + [
                (p.pk, p.name if p.pk in visited else _("%(name)s (not yet visited)") % {"name": p.name})
                for p in pupils
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["kind"] = self.kind
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = PupilContact
        fields = ["name", "phone"]
