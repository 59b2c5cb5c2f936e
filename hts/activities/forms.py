from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.activities.models import Activity, ActivityKind, Attendance
from hts.org.models import Teacher

OWN_KINDS = {ActivityKind.HEAD_TEACHER_MEETING, ActivityKind.TRAINING_SESSION}
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.ModelForm):
    # Declared here to say that a link typed without a scheme is https (Django 6's default).
    link = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https", max_length=200)
    publicity_url = forms.URLField(
        label=_("Publicity post (WeChat, Weibo, portal)"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Activity
        fields = [
            "kind", "title", "mode", "starts_at", "ends_at", "place", "link", "credit_half_days",
            "presenters", "guiding_mentors", "invited_only", "agenda", "minutes", "publicity_url",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "presenters": forms.CheckboxSelectMultiple,
            "guiding_mentors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, team: Any, outside_mentors: Any = None, studio: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if studio:
            # Meetings and training sessions are a school's or a bureau's own, organised from the corps pages.
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] not in OWN_KINDS
            ]
        # Only the studio's own team give its activities; an outside expert is named in the agenda.
        self.fields["presenters"].queryset = team
        # The team's mentors from outside the schools join the same choice, named with their organisation.
        if outside_mentors is None or not outside_mentors.exists():
            del self.fields["guiding_mentors"]
        else:
            field = self.fields["guiding_mentors"]
            field.queryset = outside_mentors
            field.label_from_instance = lambda m: (
                f"{m.external_name}（{m.external_affiliation}）" if m.external_affiliation else m.external_name
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        if data.get("mode") == Activity.Mode.OFFLINE and not data.get("place"):
            self.add_error("place", _("Where does it take place?"))
        if data.get("mode") == Activity.Mode.ONLINE and not data.get("link"):
            self.add_error("link", _("Give the link of the online meeting."))
        return data


class MarkAttendanceForm(forms.Form):
    teacher = forms.ModelChoiceField(label=pgettext_lazy("attendance", "Who"), queryset=Teacher.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=Attendance.Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = people
