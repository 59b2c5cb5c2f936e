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

    def __init__(self, *args: Any, years: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = years  # type: ignore[attr-defined]


class QuotaForm(forms.Form):
    school = forms.ModelChoiceField(label=_("school"), queryset=School.objects.none())
    places = forms.IntegerField(label=_("nominations allowed"), min_value=0, max_value=1000)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class PanelForm(forms.Form):
    username = forms.CharField(label=_("username of the panel member"), max_length=150)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this username."))
        return user


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
