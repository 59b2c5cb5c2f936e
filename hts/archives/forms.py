from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.archives.editor import rich_editor_attrs
from hts.archives.models import ItemKind, Visibility
from hts.core.forms import IsoDateInput


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"))
    title = forms.CharField(label=_("Heading"), max_length=120)
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    semester_label = forms.CharField(
        label=_("Semester"), max_length=40, required=False, help_text=_("Left empty: taken from the academic calendar.")
    )
    studio = forms.ModelChoiceField(label=_("Studio"), queryset=None, required=False)  # type: ignore[arg-type]
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=Visibility.choices,
        initial=Visibility.STUDIO,
        help_text=_(
            "A tracking record or appraisal is always seen by the member, the studio's host and mentors and the bureau."
        ),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text, or simple formatting (paragraphs, bold, lists, tables, links)."),
    )

    def __init__(self, *args: Any, kinds: list[Any], studios: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The toolbar of static/archives/editor.js, labelled in the page's language.
        self.fields["body"].widget.attrs.update(rich_editor_attrs(rows=10))
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
        self.fields["studio"].queryset = studios
        if studios is None or not studios.exists():
            del self.fields["studio"]
        elif kinds and all(k in (ItemKind.TRACKING, ItemKind.APPRAISAL, ItemKind.STUDIO_MATERIAL) for k in kinds):
            self.fields["studio"].required = True
            self.fields["studio"].empty_label = None
