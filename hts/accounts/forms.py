from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import SCOPE_OF_ROLE, Role, RoleAssignment
from hts.accounts.permissions import principal_for

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# org sits above accounts: the scope models come from the role's own foreign keys, not an import.
Region = RoleAssignment._meta.get_field("region").remote_field.model
School = RoleAssignment._meta.get_field("school").remote_field.model


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username/mobile or the password is wrong. Accounts lock after repeated failures."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or mobile number")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].label = _("Password")


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        principal = principal_for(actor)
        self.fields["region"].queryset = principal.scoped("region.view", Region.objects.all())
        self.fields["school"].queryset = principal.scoped("school.view", School.objects.all())
        if not principal.is_admin:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = SCOPE_OF_ROLE.get(data.get("role", ""))
        if scope == "region" and not data.get("region"):
            self.add_error("region", _("This role needs a region."))
        if scope == "school" and not data.get("school"):
            self.add_error("school", _("This role needs a school."))
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date is before the start date."))
        return data
