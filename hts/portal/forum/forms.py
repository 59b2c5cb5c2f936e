from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import User
from hts.archives.editor import rich_editor_attrs


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        widget=forms.Textarea(),
        help_text=_("Plain text, or simple formatting (bold, lists, links)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(rich_editor_attrs(rows=8))


class TopicForm(PostForm):
    title = forms.CharField(label=_("Heading"), max_length=120)
    field_order = ["title", "body"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class BoardForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    name = forms.CharField(label=_("Board name"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class ModeratorForm(forms.Form):
    username = forms.CharField(label=_("Account name of the person"), max_length=150)

    def __init__(self, *args: Any, board: Any, **kwargs: Any) -> None:
        self.board = board
        super().__init__(*args, **kwargs)

    def clean_username(self) -> User:
        # Only someone who works in the board's region (a teacher of one of its schools) or who is staff
        # there: a moderator from elsewhere could not even read the board.
        username = self.cleaned_data["username"].strip()
        user = (
            User.objects.filter(
                username=username, is_active=True, teacher__school__region__path__startswith=self.board.region.path
            )
            .select_related("teacher")
            .first()
        )
        if user is None:
            raise forms.ValidationError(gettext("No teacher of this region has that account name."))
        return user
