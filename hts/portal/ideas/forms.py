from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.portal.ideas.models import Suggestion

SCHOOL = "school"


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Suggestion.Kind.choices, widget=forms.RadioSelect)
    to = forms.ChoiceField(label=_("Send to"))
    title = forms.CharField(label=_("Heading"), max_length=120)
    body = forms.CharField(label=_("Your idea or request"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_(
            "The receiver never sees your name or, when you write to a bureau, your school; you still follow "
            "the answer under “My suggestions”."
        ),
    )

    def __init__(self, *args: Any, school: Any, bureaus: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bureaus = {str(region.uid): region for region in bureaus}
        self.fields["to"].choices = [(SCHOOL, _("My school's office (%(school)s)") % {"school": school.name})] + [
            (str(region.uid), region.bureau.name) for region in bureaus
        ]
        self.fields["kind"].initial = Suggestion.Kind.IDEA

    def to_region(self) -> Any:
        value = self.cleaned_data["to"]
        return None if value == SCHOOL else self.bureaus[value]


class AnswerForm(forms.Form):
    DECISIONS = [("consider", _("Take under consideration")), ("adopt", _("Adopt")), ("decline", _("Decline"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    answer = forms.CharField(
        label=_("Answer to the sender"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to adopt or decline: the sender reads it."),
    )
