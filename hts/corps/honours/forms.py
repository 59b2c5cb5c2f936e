from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import User
from hts.core.forms import IsoDateInput
from hts.corps.honours.models import HonourCall, HonourObjection, PanelScore
from hts.org.models import School, SchoolClass, Teacher


class CallForm(forms.ModelForm):
    class Meta:
        model = HonourCall
        fields = [
            "title", "school_year", "kind", "level", "places", "min_service_years", "min_yearly_grade",
            "nominations_until", "review_until", "objection_days", "description",
        ]  # fmt: skip
        widgets = {
            "nominations_until": IsoDateInput(),
            "review_until": IsoDateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, years: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = years  # type: ignore[attr-defined]
        # Only the organiser's own level is offered; the service refuses any other posted.
        self.fields["level"].choices = levels  # type: ignore[attr-defined]
        self.fields["level"].help_text = _(
            "A school's own call awards a school-level honour; a bureau's, an honour of its own level (001 section 10)."
        )
        if len(levels) == 1:
            self.fields["level"].initial = levels[0][0]


class QuotaForm(forms.Form):
    school = forms.ModelChoiceField(label=_("school"), queryset=School.objects.none())
    places = forms.IntegerField(label=_("nominations allowed"), min_value=0, max_value=1000)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class PanelForm(forms.Form):
    """A panel member is picked by name (the people of the call's reach), or by username where two share a name."""

    person = forms.CharField(
        label=_("panel member (full name or username)"),
        max_length=150,
        widget=forms.TextInput(attrs={"list": "panel-people", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, lookup: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def clean_person(self) -> User:
        typed = self.cleaned_data["person"].strip()
        found = self.lookup(typed)
        if not found:
            raise forms.ValidationError(
                _(
                    "No one in this call's schools or bureau has an active account named or with the username “%(typed)s”."
                )
                % {"typed": typed}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("%(count)d people are named “%(typed)s” (%(who)s): type the username of the one you mean.")
                % {
                    "count": len(found),
                    "typed": typed,
                    "who": "、".join(
                        f"{u.username}" + (f"·{u.teacher.school.name}" if u.teacher_id else "") for u in found
                    ),
                }
            )
        return found[0]


class NominationForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("head teacher"), queryset=Teacher.objects.none(), required=False)
    school_class = forms.ModelChoiceField(label=_("class"), queryset=SchoolClass.objects.none(), required=False)
    statement = forms.CharField(label=_("deeds (事迹)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, teachers: Any, classes: Any, by_class: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by_class:
            del self.fields["teacher"]
            self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
            self.fields["school_class"].required = True
        else:
            del self.fields["school_class"]
            self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
            self.fields["teacher"].required = True


class ScoreForm(forms.ModelForm):
    nomination = forms.UUIDField(widget=forms.HiddenInput())

    class Meta:
        model = PanelScore
        fields = ["points", "comment"]


class ObjectionForm(forms.ModelForm):
    nomination = forms.UUIDField(widget=forms.HiddenInput())

    class Meta:
        model = HonourObjection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class DecideForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Uphold: remove from the list")), ("0", _("Dismiss"))],
        coerce=lambda value: value == "1",
    )
    decision = forms.CharField(label=_("reason"), max_length=300)
