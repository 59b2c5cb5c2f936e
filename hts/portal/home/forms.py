from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hts.archives.editor import rich_editor_attrs


class BrandForm(forms.Form):
    name = forms.CharField(label=_("Portal name"), max_length=60)
    footer = forms.CharField(label=_("Footer text"), max_length=200, required=False)
    filing_number = forms.CharField(
        label=_("Filing number (备案号)"), max_length=60, required=False, help_text=_("For example 粤ICP备12345678号")
    )
    logo = forms.FileField(label=_("Logo (JPEG or PNG)"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Heading"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text, or simple formatting (paragraphs, bold, lists, tables, links)."),
    )
    attachment = forms.FileField(label=_("Attachment (PDF, Word, Excel or a picture)"), required=False)
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The archives' and forum's editor; the service cleans what it sends.
        self.fields["body"].widget.attrs.update(rich_editor_attrs(rows=10))
