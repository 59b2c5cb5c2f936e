from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.activities.models import ActivityKind, QuotaRule


class QuotaRuleForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Activity types counted"),
        choices=ActivityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any type."),
    )

    class Meta:
        model = QuotaRule
        fields = ["label", "code", "period", "minimum", "counts_for", "kinds", "mode", "needs_publicity"]
        help_texts = {"code": _("Letters, digits and underscores; unique within the batch.")}
