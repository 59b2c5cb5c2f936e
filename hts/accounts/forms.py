from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.accounts.models import SCOPE_OF_ROLE, Role, RoleAssignment
from hts.accounts.permissions import principal_for
from hts.core.audit_labels import action_choices

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


class AuditFilterForm(forms.Form):
    """The audit log's filters (GET). Every field is optional; a bad date is ignored with its error shown."""

    person = forms.CharField(label=pgettext_lazy("audit", "Person"), required=False, max_length=50)
    # Any prefix of the dotted action names; the page offers those the registry names.
    event = forms.CharField(label=_("Event"), required=False, max_length=64)
    target = forms.CharField(label=_("Object"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event_choices = [("", _("All events")), *action_choices()]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `selectors.audit_list` from the valid fields."""
        self.is_valid()  # a field that fails (a mistyped date) is left out of cleaned_data, the rest apply
        data = self.cleaned_data
        return {
            "person": data.get("person") or "",
            "action_prefix": data.get("event") or "",
            "target": data.get("target") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
