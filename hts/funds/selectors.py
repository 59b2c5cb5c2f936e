"""Reads for the funds pages, scoped to who may see a studio's money, with bounded queries.

Every total is a sum of ledger entries (spent) or budget lines (budget): a report never keeps
its own running figure, so reports equal the ledger by construction (and tests check it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from hts.accounts.access import get_scoped_or_404
from hts.accounts.permissions import principal_for
from hts.funds.models import BudgetLine, Expense, FundingPolicy, Grant, LedgerEntry, cents
from hts.studios.models import Batch, Studio
from hts.studios.policy_templates import BUNDLES

ZERO = Decimal("0.00")
MONEY_FIELD: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
PENDING = [Expense.Status.DRAFT, Expense.Status.HOST_SIGNED]


def policy_of(batch: Batch) -> FundingPolicy:
    """The batch's funding policy if loaded or stored; otherwise its template's funding, or no funding
    where the template sets none (unsaved), so a read never writes. Services create the row when they
    need it."""
    try:
        return batch.funding_policy
    except FundingPolicy.DoesNotExist:
        return FundingPolicy.from_template(batch) or FundingPolicy.unset(batch)


def studio_get(user: Any, uid: Any, action: str = "funds.view") -> Studio:
    return get_scoped_or_404(
        user,
        action,
        Studio.objects.select_related(
            "batch__funding_policy", "batch__policy", "batch__region", "host", "host_school__region"
        ),
        uid=uid,
    )


def expense_get(user: Any, uid: Any, action: str = "funds.view") -> Expense:
    return get_scoped_or_404(
        user,
        action,
        Expense.objects.select_related(
            "studio__batch__funding_policy", "studio__batch__policy", "studio__host_school__region", "studio__host",
            "created_by", "host_signed_by", "legal_signed_by",
        ),
        uid=uid,
    )  # fmt: skip


def batch_get(user: Any, uid: Any, action: str = "batch.manage") -> Batch:
    return get_scoped_or_404(user, action, Batch.objects.select_related("region", "funding_policy", "policy"), uid=uid)


@dataclass
class CategoryRow:
    code: str
    label: str
    asset: bool
    budget: Decimal = ZERO
    spent: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.budget - self.spent


@dataclass
class YearSummary:
    studio: Studio
    year: int
    policy: FundingPolicy
    grant: Grant | None
    rows: list[CategoryRow] = field(default_factory=list)

    @property
    def city_amount(self) -> Decimal:
        return self.grant.city_amount if self.grant else ZERO

    @property
    def district_match(self) -> Decimal:
        return self.grant.district_match if self.grant else ZERO

    @property
    def total(self) -> Decimal:
        return self.city_amount + self.district_match

    @property
    def match_required(self) -> Decimal:
        if self.grant is None:
            return ZERO
        return self.policy.match_required(
            city_direct=self.studio.host_school.city_direct, city_amount=self.grant.city_amount
        )

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.match_required - self.district_match)

    @property
    def budget_total(self) -> Decimal:
        return sum((row.budget for row in self.rows), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((row.spent for row in self.rows), ZERO)

    @property
    def pending_total(self) -> Decimal:
        return sum((row.pending for row in self.rows), ZERO)

    @property
    def budget_balance(self) -> Decimal:
        return self.budget_total - self.spent_total

    @property
    def balance(self) -> Decimal:
        """What is left of the grant (city + match) after booked spending."""
        return self.total - self.spent_total

    @property
    def unbudgeted(self) -> Decimal:
        return self.total - self.budget_total


def year_summary(studio: Studio, year: int) -> YearSummary:
    """Grant, match, and per category: budget, booked spending, pending, balance. Four queries
    (grant, budget lines, ledger sums, pending sums) when the studio came from `studio_get`."""
    policy = policy_of(studio.batch)
    grant = Grant.objects.filter(studio=studio, year=year).first()
    rows = {
        item["code"]: CategoryRow(code=item["code"], label=item["label"], asset=bool(item.get("asset")))
        for item in policy.categories
    }

    def row(code: str) -> CategoryRow:
        if code not in rows:
            rows[code] = CategoryRow(code=code, label=policy.label_of(code), asset=False)
        return rows[code]

    for code, amount in BudgetLine.objects.filter(studio=studio, year=year).values_list("category", "amount"):
        row(code).budget = amount
    for item in (
        LedgerEntry.objects.filter(studio=studio, year=year)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by("category")
    ):
        row(item["category"]).spent = cents(item["total"])
    for item in (
        Expense.objects.filter(studio=studio, year=year, status__in=PENDING)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by("category")
    ):
        row(item["category"]).pending = cents(item["total"])
    return YearSummary(studio=studio, year=year, policy=policy, grant=grant, rows=list(rows.values()))


def ledger_entries(studio: Studio, year: int) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(studio=studio, year=year)
        .select_related("expense", "booked_by")
        .order_by("booked_on", "id")
    )


def expenses_open(studio: Studio, year: int) -> list[Expense]:
    """Drafts, signed-but-not-booked and rejected expenses of the year (booked ones are in the ledger)."""
    return list(
        Expense.objects.filter(studio=studio, year=year)
        .exclude(status__in=[Expense.Status.BOOKED, Expense.Status.REVERSED])
        .select_related("created_by")
        .order_by("-spent_on", "-id")[:200]
    )


def fixed_assets(studio: Studio, year: int | None = None) -> list[Expense]:
    """Booked office-equipment purchases (of one year, or all): fixed assets with their numbers."""
    policy = policy_of(studio.batch)
    codes = [item["code"] for item in policy.categories if item.get("asset")]
    qs = Expense.objects.filter(studio=studio, status=Expense.Status.BOOKED, category__in=codes)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs.order_by("spent_on", "id"))


def awaiting_signature(user: Any) -> QuerySet[Expense]:
    """Expenses signed by their host that this legal representative may book."""
    principal = principal_for(user)
    if not principal.can("funds.sign"):
        return Expense.objects.none()
    return (
        principal.scoped("funds.sign", Expense.objects.filter(status=Expense.Status.HOST_SIGNED))
        .select_related("studio")
        .order_by("host_signed_at", "id")
    )


def overview(user: Any, *, year: int, search: str = "", short_only: bool = False) -> QuerySet[Studio]:
    """Studios whose money the user may see, with the year's figures as annotations (one query
    per page however many studios): city grant, match, required match, budget, spent, pending."""
    grant = Grant.objects.filter(studio=OuterRef("pk"), year=year)
    budget = (
        BudgetLine.objects.filter(studio=OuterRef("pk"), year=year)
        .values("studio")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    spent = (
        LedgerEntry.objects.filter(studio=OuterRef("pk"), year=year)
        .values("studio")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    pending = (
        Expense.objects.filter(studio=OuterRef("pk"), year=year, status=Expense.Status.HOST_SIGNED)
        .values("studio")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    # A batch without its own row yet: its template's ratio (none where the template sets no funding).
    template_ratio = Case(
        *[
            When(
                batch__policy__template=code,
                then=Value(bundle.funding["district_match_ratio"], output_field=MONEY_FIELD),
            )
            for code, bundle in BUNDLES.items()
            if bundle.funding is not None
        ],
        default=Value(ZERO),
        output_field=MONEY_FIELD,
    )
    ratio = Coalesce(F("batch__funding_policy__district_match_ratio"), template_ratio, output_field=MONEY_FIELD)
    qs = (
        principal_for(user)
        .scoped("funds.view", Studio.objects.all())
        .select_related("host_school__region", "batch__funding_policy", "batch__policy", "host")
        .annotate(
            has_grant=Exists(grant),
            city_amount=Coalesce(Subquery(grant.values("city_amount")[:1]), Value(ZERO), output_field=MONEY_FIELD),
            district_match=Coalesce(
                Subquery(grant.values("district_match")[:1]), Value(ZERO), output_field=MONEY_FIELD
            ),
            budget_total=Coalesce(Subquery(budget), Value(ZERO), output_field=MONEY_FIELD),
            spent_total=Coalesce(Subquery(spent), Value(ZERO), output_field=MONEY_FIELD),
            pending_total=Coalesce(Subquery(pending), Value(ZERO), output_field=MONEY_FIELD),
        )
        .annotate(
            balance=ExpressionWrapper(
                F("city_amount") + F("district_match") - F("spent_total"), output_field=MONEY_FIELD
            ),
            match_required=Case(
                When(host_school__city_direct=True, then=Value(ZERO)),
                default=ExpressionWrapper(F("city_amount") * ratio, output_field=MONEY_FIELD),
                output_field=MONEY_FIELD,
            ),
        )
        .annotate(
            is_short=Case(
                When(has_grant=True, district_match__lt=F("match_required"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .filter(
            Q(status__in=[Studio.Status.APPROVED, Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]) | Q(has_grant=True)
        )
    )
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(host__name__icontains=search) | Q(host_school__name__icontains=search)
        )
    if short_only:
        qs = qs.filter(is_short=True)
    return qs.order_by("-is_short", "host_school__region__path", "name")


OVERVIEW_SUMS = ("city_amount", "district_match", "budget_total", "spent_total", "pending_total", "match_required")


def settle(studio: Studio) -> Studio:
    """An overview row's figures to the cent, with its balance and shortfall computed from them
    (so the page and the export agree with `year_summary` on either database)."""
    for name in OVERVIEW_SUMS:
        setattr(studio, name, cents(getattr(studio, name)))
    studio.balance = studio.city_amount + studio.district_match - studio.spent_total  # type: ignore[attr-defined]
    shortfall = max(ZERO, studio.match_required - studio.district_match) if studio.has_grant else ZERO  # type: ignore[attr-defined]
    studio.shortfall = shortfall  # type: ignore[attr-defined]
    studio.is_short = shortfall > 0  # type: ignore[attr-defined]
    return studio


def years_of(studio: Studio) -> list[int]:
    """The calendar years of the studio's cycle (the grant is yearly, 第二条)."""
    batch = studio.batch
    return list(range(batch.start_year, batch.end_year + 1))


def default_year(studio: Studio) -> int:
    years = years_of(studio)
    today = timezone.localdate().year
    return today if today in years else (years[-1] if today > years[-1] else years[0])


def parse_year(value: Any, studio: Studio) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default_year(studio)
    return year if 2000 <= year <= 2100 else default_year(studio)
