from __future__ import annotations

from typing import Any

from django import forms

from hts.core.forms import bounds_from_model
from hts.corps.models import CorpsPolicy
from hts.corps.services import FIELDS


class CorpsPolicyForm(forms.ModelForm):
    class Meta:
        model = CorpsPolicy
        fields = FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bounds_from_model(self)
