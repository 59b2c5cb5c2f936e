from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hts.org.models import SchoolClass
from hts.portal.sites.models import MemberProfile, StudioSite
from hts.portal.sites.services import slug_check


class SiteForm(forms.ModelForm):
    class Meta:
        model = StudioSite
        fields = ["slug", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"slug": _("Lowercase letters, digits and hyphens: the website's address /s/<address>/.")}

    def clean_slug(self) -> str:
        return slug_check(self.cleaned_data["slug"], site=self.instance)

    def validate_unique(self) -> None:
        # clean_slug names a free address; the model's own uniqueness message would not.
        pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [] if not data else [super().clean(data, initial)]


class NewsForm(forms.Form):
    title = forms.CharField(label=_("heading"), max_length=120)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=100_000)
    photos = MultipleFileField(
        label=_("photos"),
        required=False,
        help_text=_("JPEG or PNG. The publish step asks whether pupils appear in each."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("note on return"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("why it was withdrawn"), max_length=500, required=False)


class LinksForm(forms.Form):
    wechat_url = forms.URLField(label=_("WeChat article"), required=False, assume_scheme="https")
    weibo_url = forms.URLField(label=_("Weibo post"), required=False, assume_scheme="https")


class ProfileForm(forms.ModelForm):
    photo = forms.ImageField(label=_("photo"), required=False)

    class Meta:
        model = MemberProfile
        fields = ["profile", "email", "show_email"]
        widgets = {"profile": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("show_email") and not data.get("email"):
            raise ValidationError({"email": _("Give the e-mail to show, or untick showing it.")})
        return data


def class_choices(school_ids: set[int]) -> list[tuple[str, str, bool]]:
    """The classes of the team's schools, for "a class with a consent" on a photo, each with whether it
    has a pupil list (only then has the publish step pupils to tick)."""
    rows = (
        SchoolClass.objects.filter(school_id__in=school_ids)
        .select_related("school")
        .annotate(listed=Count("pupils", filter=Q(pupils__anonymised_on__isnull=True)))
        .order_by("school__name", "grade", "name")
    )
    choices = [("", "—", False)]
    for c in rows[:300]:
        label = f"{c.school.name} {c}"
        if c.listed:
            label = _("%(class)s (has a pupil list)") % {"class": label}
        choices.append((str(c.pk), label, c.listed > 0))
    return choices
