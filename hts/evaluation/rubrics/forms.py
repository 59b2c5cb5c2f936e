"""Forms of the rubric pages: copy a version, edit a draft's sections and items."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.evaluation.rubrics.models import RubricItem, RubricSection, RubricVersion
from hts.evaluation.rubrics.services import ITEM_FIELDS, SECTION_FIELDS


class CopyForm(forms.Form):
    owner = forms.ChoiceField(label=_("Copy into"))
    name = forms.CharField(label=_("name"), max_length=100, required=False)

    def __init__(self, *args: Any, owners: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = dict(owners)
        self.fields["owner"].choices = [(key, str(obj)) for key, obj in owners]  # type: ignore[attr-defined]
        if owners:
            self.fields["owner"].initial = owners[0][0]


class SectionForm(forms.ModelForm):
    class Meta:
        model = RubricSection
        fields = SECTION_FIELDS
        widgets = {"max_points": forms.NumberInput(attrs={"step": "0.5", "min": "0"})}


class ParamsField(forms.CharField):
    """The computation's parameters as JSON (an object)."""

    def to_python(self, value: Any) -> Any:
        text = (super().to_python(value) or "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(_("Write the parameters as a JSON object.")) from error
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Write the parameters as a JSON object."))
        return data

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return value


class ItemForm(forms.ModelForm):
    params = ParamsField(label=_("parameters"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = RubricItem
        fields = ITEM_FIELDS
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "max_points": forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
        }

    def __init__(self, *args: Any, version: RubricVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = version.sections.order_by("position")  # type: ignore[attr-defined]
        self.fields["number"].required = False
        self.fields["level_counting"].required = False

    def clean_level_counting(self) -> str:
        return self.cleaned_data.get("level_counting") or RubricItem.LevelCounting.BEST

    def _post_clean(self) -> None:
        # Model validation runs in the service (which sets the version and checks the numbers).
        pass
