from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.corps.certificates.models import CertificateKind


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("certificate type"), choices=CertificateKind.choices)
    issued_on = forms.DateField(
        label=_("issue date"), initial=timezone.localdate, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    evidence = forms.CharField(
        label=_("evidence it was issued on"),
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_(
            "Training records are not kept on the platform yet: write the course passed (name and date), "
            "the theory exam and professional test results, and the bureau's review."
        ),
    )
    number = forms.CharField(
        label=_("number of a paper certificate"),
        max_length=40,
        required=False,
        help_text=_(
            "Only when recording one certificate already issued on paper; otherwise the number is given in sequence."
        ),
    )
    teachers = forms.TypedMultipleChoiceField(label=_("teachers"), coerce=int, choices=())

    def __init__(self, *args: object, candidates: list | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.candidates = {teacher.pk: teacher for teacher in candidates or []}
        self.fields["teachers"].choices = [(pk, teacher.name) for pk, teacher in self.candidates.items()]

    def chosen(self) -> list:
        return [self.candidates[pk] for pk in self.cleaned_data["teachers"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
    confirmed = forms.BooleanField(label=_("I have checked and confirm"))
