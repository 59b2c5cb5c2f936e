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
        label=_("note on the evidence"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "Where the corps policy sets a course pass mark, each certificate is issued on the holder's passed "
            "course results, found on the platform; note here the bureau's review. Elsewhere write the course "
            "passed, the exam results and the review."
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
