from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.core.forms import IsoDateInput
from hts.funds.models import FundingPolicy

MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}


def money_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    amount = money_field(_("Amount (CNY)"))
    category = forms.ChoiceField(label=_("Category"))
    payee = forms.CharField(label=_("Payee"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    asset_number = forms.CharField(
        label=_("Fixed-asset number"),
        max_length=50,
        required=False,
        help_text=_("Required for office equipment, which is registered as a fixed asset."),
    )
    receipts = forms.FileField(
        label=_("Receipts"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
        help_text=_("Photos or scans of the invoices and receipts: JPEG, PNG or PDF."),
    )

    def __init__(self, *args: Any, policy: FundingPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [(item["code"], item["label"]) for item in policy.categories]
        # The forbidden uses are listed too, so that a person who picks one learns why it is refused.
        forbidden = [(item["code"], item["label"]) for item in policy.forbidden]
        self.fields["category"].choices = [
            ("", "—"),
            (_("Allowed (经费使用管理办法第三条)"), allowed),
            (_("Not allowed"), forbidden),
        ]
        self.fields["spent_on"].initial = timezone.localdate()

    def clean_receipts(self) -> Any:
        # The files are read from request.FILES by the view (a list); the field is for the widget.
        return None


class GrantForm(forms.Form):
    city_amount = money_field(_("City grant (CNY)"))
    district_match = money_field(_("District match (CNY)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class BudgetForm(forms.Form):
    """One amount per allowed category of the batch's funding policy."""

    def __init__(self, *args: Any, policy: FundingPolicy, initial_amounts: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in policy.categories:
            self.fields[item["code"]] = money_field(item["label"], required=False)
            self.fields[item["code"]].initial = initial_amounts.get(item["code"], Decimal("0.00"))

    def amounts(self) -> dict[str, Decimal]:
        return {code: value if value is not None else Decimal("0.00") for code, value in self.cleaned_data.items()}


def _lines(items: list[dict[str, Any]], columns: list[str]) -> str:
    out = []
    for item in items:
        values = []
        for column in columns:
            value = item.get(column, "")
            if column == "asset":
                value = "资产" if value else ""
            elif column == "keywords":
                value = "、".join(value or [])
            values.append(str(value))
        while values and not values[-1]:
            values.pop()
        out.append(" | ".join(values))
    return "\n".join(out)


def _parse(text: str, columns: list[str], field: str) -> list[dict[str, Any]]:
    items = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [part.strip() for part in raw.split("|")]
        if len(parts) < 2:
            raise ValidationError(
                _("Line %(number)d: write “code | name …”, separated by |.") % {"number": number}, code=field
            )
        item: dict[str, Any] = {}
        for index, column in enumerate(columns):
            value = parts[index] if index < len(parts) else ""
            if column == "asset":
                item[column] = bool(value)
            elif column == "keywords":
                item[column] = [
                    word.strip() for word in value.replace(",", "、").replace("，", "、").split("、") if word.strip()
                ]
            else:
                item[column] = value
        items.append(item)
    return items


ALLOWED_COLUMNS = ["code", "label", "asset"]
FORBIDDEN_COLUMNS = ["code", "label", "rule", "keywords"]


class FundingPolicyForm(forms.Form):
    city_direct_grant = money_field(_("Yearly grant for a studio at a city-direct school (CNY)"))
    district_city_grant = money_field(_("Yearly city grant for a studio at a district school (CNY)"))
    district_match_ratio = forms.DecimalField(
        label=_("District match at least (times the city grant)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("1 means 1:1 (组织保障(四))."),
    )
    categories = forms.CharField(
        label=_("Allowed categories"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        help_text=_("One a line: code | name | 资产 (for fixed assets, which need an asset number)."),
    )
    forbidden = forms.CharField(
        label=_("Forbidden uses"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_("One a line: code | name | the rule it breaks | keywords refused in a purpose, separated by 、"),
    )

    @classmethod
    def for_policy(cls, policy: FundingPolicy, data: Any = None) -> FundingPolicyForm:
        initial = {
            "city_direct_grant": policy.city_direct_grant,
            "district_city_grant": policy.district_city_grant,
            "district_match_ratio": policy.district_match_ratio,
            "categories": _lines(policy.categories, ALLOWED_COLUMNS),
            "forbidden": _lines(policy.forbidden, FORBIDDEN_COLUMNS),
        }
        return cls(data, initial=initial)

    def clean_categories(self) -> list[dict[str, Any]]:
        return _parse(self.cleaned_data["categories"], ALLOWED_COLUMNS, "categories")

    def clean_forbidden(self) -> list[dict[str, Any]]:
        return _parse(self.cleaned_data["forbidden"], FORBIDDEN_COLUMNS, "forbidden")
