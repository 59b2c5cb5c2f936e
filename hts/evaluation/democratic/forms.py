"""Forms of democratic rating: the organiser's rating and token issue, the public answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.democratic.services import MOST_TOKENS_AT_ONCE
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import RubricItem


class DemocraticRatingForm(forms.ModelForm):
    class Meta:
        model = DemocraticRating
        fields = ["audience", "question", "scale", "min_responses", "item", "closes_on"]
        widgets = {"closes_on": IsoDateInput()}

    def __init__(self, *args: Any, rnd: EvaluationRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item_field: Any = self.fields["item"]
        item_field.queryset = RubricItem.objects.filter(version_id=rnd.version_id).order_by("number")
        item_field.label = _("Rubric item")  # the model field has no translated name
        item_field.help_text = _("The rubric item this rating informs, if any.")

    def validate_unique(self) -> None:
        """The round is set by the service, which refuses a second rating by one audience."""


class TokenIssueForm(forms.Form):
    per_subject = forms.IntegerField(
        label=_("Links per person"), min_value=1, max_value=MOST_TOKENS_AT_ONCE, initial=30
    )


class RatingAnswerForm(forms.Form):
    mark = forms.TypedChoiceField(label=_("Your mark"), coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, scale: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_field: Any = self.fields["mark"]
        mark_field.choices = [(n, str(n)) for n in range(1, scale + 1)]
