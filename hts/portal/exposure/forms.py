from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.classwork.models import Pupil
from hts.core.forms import IsoDateInput
from hts.portal.models import GuardianConsent


class ConsentForm(forms.Form):
    pupil = forms.ModelChoiceField(
        label=_("pupil"),
        queryset=Pupil.objects.none(),
        to_field_name="uid",
        required=False,
        empty_label=_("The whole class (a signed class form)"),
    )
    semester = forms.ModelChoiceField(
        label=_("semester"),
        queryset=None,
        to_field_name="uid",
        required=False,
        help_text=_("For the whole class only: the semester the class form covers."),
    )
    scope = forms.ChoiceField(
        label=_("scope"),
        choices=GuardianConsent.Scope.choices,
        help_text=_(
            "Photos: the pupils may appear in published photos, their names stay masked. Photos and names: "
            "their names may also appear as written in published text."
        ),
    )
    given_on = forms.DateField(label=_("given on"), widget=IsoDateInput())
    signed_form = forms.FileField(
        label=_("signed form"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("Optional: a scan or a photo of the signed form (PDF, JPEG or PNG)."),
    )

    def __init__(self, *args: Any, school_class: Any, semesters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = Pupil.objects.filter(school_class=school_class, anonymised_on__isnull=True)  # type: ignore[attr-defined]
        self.fields["semester"].queryset = semesters  # type: ignore[attr-defined]


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("signed form"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("A scan or a photo of the signed form (PDF, JPEG or PNG)."),
    )
