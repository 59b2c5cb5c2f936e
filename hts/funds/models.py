"""Studio funds: the batch's funding policy, yearly grants with the district match, budgets per
category, expenses with two signatures, and the ledger.

Money is Decimal with two places, never float. Every money record keeps its history
(django-simple-history). The ledger is append-only: an expense is booked by one entry and undone
only by a reversal entry; totals in every report are sums of ledger entries.

Expense workflow (every move is logged with who, when, from, to, why):

| transition | from        | to          | who                                                        |
| ---------- | ----------- | ----------- | ---------------------------------------------------------- |
| create     | —           | draft       | the studio's host (funds.spend)                            |
| add receipt| draft       | draft       | the host                                                   |
| sign       | draft       | host_signed | the host; needs at least one receipt                       |
| book       | host_signed | booked      | the host school's legal representative (funds.sign), after |
|            |             |             | checking the receipts; refused if a balance would go below 0 |
| reject     | draft       | rejected    | the host (withdraws), with a reason                        |
|            | host_signed | rejected    | the legal representative, with a reason                    |
| reverse    | booked      | reversed    | the legal representative or the bureau (funds.grant), with |
|            |             |             | a reason; writes a negative correction entry               |
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.studios.models import Batch, Studio
from hts.studios.policy_templates import bundle_for

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")
CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def cents(value: Decimal | None) -> Decimal:
    """A sum from the database, to the cent. SQLite adds decimals as binary floating point
    (0.01 + ... may come back as 0.00999999999999979); rounding each sum to the cent makes the
    result exact again, as PostgreSQL's numeric is."""
    return (value if value is not None else Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


class FundingPolicy(TimeStampedModel):
    """The funding part of a batch's policy (003 组织保障(四); 经费使用管理办法 第二、三、五条).

    Kept beside the batch's policy (one row per batch), created from the funding part of the batch's
    template (hts/studios/policy_templates) when the batch is created, or by the bureau on the
    funding-policy page where the template sets no funding (Zaozhuang 000, Ganyu 001). The fields carry
    no defaults: the template is the only source of the numbers.
    """

    batch = models.OneToOneField(Batch, on_delete=models.CASCADE, related_name="funding_policy")
    city_direct_grant = models.DecimalField(_("yearly grant for a studio at a city-direct school"), **MONEY)
    district_city_grant = models.DecimalField(_("yearly city grant for a studio at a district school"), **MONEY)
    district_match_ratio = models.DecimalField(
        _("district match at least (times the city grant)"),
        max_digits=5,
        decimal_places=2,
    )
    categories = models.JSONField(_("allowed categories"))
    forbidden = models.JSONField(_("forbidden uses"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding policy")

    def __str__(self) -> str:
        return f"{self.batch} · {_('funding policy')}"

    def audit_region_path(self) -> str:
        return self.batch.region.path

    # From the template ------------------------------------------------------------------------------

    @classmethod
    def from_template(cls, batch: Batch) -> FundingPolicy | None:
        """The funding part of the batch's template, unsaved; None where the template sets no funding
        (or the batch has no template)."""
        try:
            template = batch.policy.template
        except ObjectDoesNotExist:
            return None
        bundle = bundle_for(template)
        values = bundle.funding_values() if bundle is not None else None
        return cls(batch=batch, **values) if values is not None else None

    @classmethod
    def unset(cls, batch: Batch) -> FundingPolicy:
        """What a batch whose template sets no funding shows until the bureau sets a policy: no grant,
        no category (unsaved)."""
        zero = Decimal("0.00")
        return cls(
            batch=batch, city_direct_grant=zero, district_city_grant=zero, district_match_ratio=zero,
            categories=[], forbidden=[],
        )  # fmt: skip

    # Reading the data ------------------------------------------------------------------------------

    @property
    def category_labels(self) -> dict[str, str]:
        return {item["code"]: item["label"] for item in self.categories}

    @property
    def forbidden_labels(self) -> dict[str, str]:
        return {item["code"]: item["label"] for item in self.forbidden}

    def label_of(self, code: str) -> str:
        return self.category_labels.get(code) or self.forbidden_labels.get(code) or code

    def is_asset(self, code: str) -> bool:
        return any(item["code"] == code and item.get("asset") for item in self.categories)

    def grant_standard(self, *, city_direct: bool) -> Decimal:
        return self.city_direct_grant if city_direct else self.district_city_grant

    def match_required(self, *, city_direct: bool, city_amount: Decimal) -> Decimal:
        """A city-direct school has no district to match; a district school's district gives at
        least ratio × the city grant."""
        if city_direct:
            return Decimal("0.00")
        return (city_amount * self.district_match_ratio).quantize(CENT)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("city_direct_grant", "district_city_grant", "district_match_ratio"):
            value = getattr(self, name)
            if value is None or value < 0:
                errors[name] = _("This cannot be negative.")
        errors.update(_check_categories(self.categories, self.forbidden))
        if errors:
            raise ValidationError(errors)


def _valid_code(code: Any) -> bool:
    return isinstance(code, str) and 0 < len(code) <= 30 and set(code) <= CODE_CHARS


def _check_categories(categories: Any, forbidden: Any) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not isinstance(categories, list) or not categories:
        errors["categories"] = _("At least one allowed category.")
    elif not all(isinstance(item, dict) and _valid_code(item.get("code")) and item.get("label") for item in categories):
        errors["categories"] = _("Each category needs a code (a-z, 0-9, _) and a name.")
    if not isinstance(forbidden, list):
        errors["forbidden"] = _("The forbidden uses must be a list.")
    elif not all(
        isinstance(item, dict)
        and _valid_code(item.get("code"))
        and item.get("label")
        and item.get("rule")
        and isinstance(item.get("keywords", []), list)
        and all(isinstance(word, str) and word.strip() for word in item.get("keywords", []))
        for item in forbidden
    ):
        errors["forbidden"] = _("Each forbidden use needs a code, a name, the rule it breaks and its keywords.")
    if errors:
        return errors
    codes = [item["code"] for item in categories] + [item["code"] for item in forbidden]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        errors["categories"] = _("Codes used twice: %(codes)s") % {"codes": "、".join(duplicates)}
    return errors


class StudioMoney(TimeStampedModel):
    """Abstract base of a studio's money records: scope and audit follow the studio."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])

    class Meta:
        abstract = True

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path


class Grant(StudioMoney):
    """A studio's grant for one calendar year: the city's amount and the district's match.

    This row is also the studio-year's ledger account: every write that changes what the studio
    may spend that year locks it first (select_for_update), so balances never go below zero even
    when two people act at once.
    """

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="grants")
    city_amount = models.DecimalField(_("city grant"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    district_match = models.DecimalField(
        _("district match"), **MONEY, default=Decimal("0.00"), validators=[MinValueValidator(Decimal(0))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "studio"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(fields=["studio", "year"], name="grant_once_per_studio_year"),
            models.CheckConstraint(
                condition=Q(city_amount__gte=0) & Q(district_match__gte=0), name="grant_amounts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.year}"

    @property
    def total(self) -> Decimal:
        return self.city_amount + self.district_match


class BudgetLine(StudioMoney):
    """The host's budget for one category of one year (第一条: 制定年度经费预算)."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=30)
    amount = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio", "year", "id"]
        verbose_name = _("budget line")
        constraints = [
            models.UniqueConstraint(fields=["studio", "year", "category"], name="budget_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.studio} · {self.year} · {self.category}"


class Expense(StudioMoney):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HOST_SIGNED = "host_signed", _("Signed by the host")
        BOOKED = "booked", _("Booked")
        REJECTED = "rejected", _("Rejected")
        REVERSED = "reversed", _("Reversed")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    category = models.CharField(_("category"), max_length=30)
    payee = models.CharField(_("payee"), max_length=100)
    purpose = models.TextField(_("purpose"), max_length=1000)
    asset_number = models.CharField(_("fixed-asset number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    host_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_signed_at = models.DateTimeField(_("host signed at"), null=True, blank=True)
    legal_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_signed_at = models.DateTimeField(_("legal representative signed at"), null=True, blank=True)
    closing_reason = models.TextField(_("reason"), blank=True, max_length=1000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        indexes = [models.Index(fields=["studio", "year", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            # Both signatures before booking (第四条: 双方签字后, 方可入账核销).
            models.CheckConstraint(
                condition=~Q(status__in=["host_signed", "booked", "reversed"]) | Q(host_signed_by__isnull=False),
                name="expense_signed_has_host_signature",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["booked", "reversed"]) | Q(legal_signed_by__isnull=False),
                name="expense_booked_has_legal_signature",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "reversed"]) | ~Q(closing_reason=""),
                name="expense_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on:%Y-%m-%d} · {self.payee} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("funds-expense-detail", kwargs={"uid": self.uid})


class Receipt(StoredFileBase):
    """A scanned receipt or invoice of an expense; served only after the permission check."""

    file_use = FileUse("funds.receipt", kinds=("jpeg", "png", "pdf"))

    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="receipts")

    history = HistoricalRecords()

    class Meta(StoredFileBase.Meta):
        verbose_name = _("receipt")

    def storage_folder(self) -> str:
        return f"funds/{self.expense.uid}"


class LedgerEntry(StudioMoney):
    """One line of a studio-year's ledger. Append-only: never updated, never deleted.

    A booking adds the expense's amount; a reversal adds its negative and points at the entry it
    corrects. Each expense is booked at most once and reversed at most once (unique constraint),
    whatever the timing of the requests.
    """

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking")
        REVERSAL = "reversal", _("Reversal")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="ledger")
    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=30)
    amount = models.DecimalField(_("amount"), **MONEY)
    booked_on = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        indexes = [models.Index(fields=["studio", "year", "category"])]
        constraints = [
            models.UniqueConstraint(fields=["expense", "kind"], name="ledger_entry_once_per_expense_and_kind"),
            models.CheckConstraint(
                condition=Q(kind="booking", amount__gt=0, reverses__isnull=True)
                | Q(kind="reversal", amount__lt=0, reverses__isnull=False),
                name="ledger_entry_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on:%Y-%m-%d} · {self.category} · {self.amount}"
