"""The public's form (with its honeypot and time token) and the moderator's and bureau's forms."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.forms import bounds_from_model
from hts.portal.comments.models import BODY_MAX, REPLY_MAX
from hts.portal.models import PortalPolicy

SALT = "portal.comments.form"
# A form older than this is sent again with a fresh token (the input is kept).
TOKEN_MAX_AGE = 24 * 3600


def form_token(key: str) -> str:
    return signing.Signer(salt=SALT).sign(f"{key}|{int(time.time())}")


def min_seconds() -> int:
    return int(getattr(settings, "PORTAL_COMMENT_MIN_SECONDS", 3))


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Nickname"), max_length=20, required=False)
    contact = forms.CharField(
        label=_("Contact (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only the moderator sees it, never the public."),
    )
    body = forms.CharField(
        label=pgettext_lazy("public comment", "Your message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # The honeypot: hidden from people (off screen, skipped by the tab key), filled by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, key: str, teacher: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key
        self.teacher = teacher
        if teacher is not None:
            # A signed-in teacher writes under their own name; no nickname, no contact.
            del self.fields["name"]
            del self.fields["contact"]
        else:
            self.fields["name"].required = True
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def fresh_token(self) -> None:
        """After a refusal the form comes back filled, with a new token."""
        data = self.data.copy()
        data["token"] = form_token(self.key)
        self.data = data

    def clean(self) -> dict[str, Any]:
        # Non-field errors: the token is a hidden field, and the visitor must read why.
        cleaned = super().clean() or {}
        token = cleaned.get("token", "")
        try:
            value = signing.Signer(salt=SALT).unsign(token)
            key, issued = value.rsplit("|", 1)
            age = time.time() - int(issued)
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(_("This form is not valid any more: please send it again.")) from None
        if key != self.key or age > TOKEN_MAX_AGE:
            raise forms.ValidationError(_("This form is not valid any more: please send it again."))
        if age < min_seconds():
            raise forms.ValidationError(_("That was very quick: please read your text once more and send it again."))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), max_length=300)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply (shown under it on the public page)"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = PortalPolicy
        fields = ["sensitive_words", "comments_per_hour", "forum_posts_per_hour"]
        widgets = {"sensitive_words": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bounds_from_model(self)
