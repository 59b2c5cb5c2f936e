from __future__ import annotations

from django import forms

from hts.corps.models import CorpsPolicy
from hts.corps.services import FIELDS


class CorpsPolicyForm(forms.ModelForm):
    class Meta:
        model = CorpsPolicy
        fields = FIELDS
