"""Forms of the contest pages. The judges' sheet is evaluation's own (``SheetForm``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.archives.editor import rich_editor_attrs
from hts.core.forms import IsoDateInput
from hts.evaluation.rubrics.models import RubricVersion
from hts.portal.contest.models import Contest


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = [
            "title", "theme", "categories", "opens_on", "closes_on", "judging_until", "publicity_days",
            "entries_per_author", "version", "combination", "first_prizes", "second_prizes", "third_prizes",
        ]  # fmt: skip
        widgets = {
            "opens_on": IsoDateInput(),
            "closes_on": IsoDateInput(),
            "judging_until": IsoDateInput(),
            "theme": forms.Textarea(attrs={"rows": 4}),
            "categories": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["version"]
        field.queryset = (
            RubricVersion.objects.filter(rubric__kind="essay", status=RubricVersion.Status.ACTIVE)
            .select_related("rubric__region", "rubric__school")
            .order_by("rubric__name", "-number")
        )
        field.label_from_instance = RubricVersion.picker_label
        if field.queryset.count() == 1:
            field.initial = field.queryset.first().pk
        self.fields["categories"].initial = "论文\n案例\n教育叙事"

    def _post_clean(self) -> None:
        pass  # the service checks the call as a whole


class EntryForm(forms.Form):
    category = forms.ChoiceField(label=_("category"))
    title = forms.CharField(label=_("title of the essay"), max_length=120)
    body = forms.CharField(
        label=_("text"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs=rich_editor_attrs(rows=14)),
        help_text=_("Do not write your name or school in the essay: the judges read it anonymously."),
    )
    document = forms.FileField(
        label=_("or a document (docx or pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in categories]  # type: ignore[attr-defined]


class JudgeForm(forms.Form):
    query = forms.CharField(label=_("Name, username or mobile"), max_length=60)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Uphold: the essay loses its prize")), ("0", _("Dismiss"))],
        coerce=lambda v: v == "1",
    )
    decision = forms.CharField(label=_("reason"), max_length=500)
