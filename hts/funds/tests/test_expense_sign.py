"""Expenses: the host records and signs, the legal representative checks the receipts and signs,
and only then is the expense booked; refusals say which rule, with the numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused, transitions_of
from hts.funds import services
from hts.funds.models import BudgetLine, Expense, LedgerEntry
from hts.funds.tests.conftest import PDF, YEAR, Money, booked, draft, fresh, receipt
from testkit import World, client_for, make_user

FORM = {
    "spent_on": f"{YEAR}-03-10",
    "amount": "1200.00",
    "category": "books",
    "payee": "深圳书城",
    "purpose": "购买班主任工作专业书籍",
    "asset_number": "",
}


def test_the_host_records_an_expense_with_receipts_through_the_page(world: World, money: Money) -> None:
    client = client_for(money.host)
    assert client.get(f"/funds/studio/{money.studio.uid}/expenses/new/").status_code == 200
    response = client.post(
        f"/funds/studio/{money.studio.uid}/expenses/new/",
        {**FORM, "receipts": [receipt("发票一.png"), receipt("发票二.pdf", PDF)]},
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.status == "draft" and expense.year == YEAR and expense.amount == Decimal("1200.00")
    assert sorted(r.original_name for r in expense.receipts.all()) == ["发票一.png", "发票二.pdf"]
    assert AuditEntry.objects.filter(action="funds.expense.created").count() == 1
    assert expense.history.count() == 1


def test_two_signatures_book_the_expense_once_in_the_ledger(world: World, money: Money) -> None:
    expense = draft(money)
    host = client_for(money.host)
    legal = client_for(money.legal)
    # The legal representative cannot sign before the host.
    refused = legal.post(f"/funds/expenses/{expense.uid}/book/")
    assert refused.status_code == 400
    assert "只有主持人已签字的支出才能入账" in refused.content.decode()
    assert host.post(f"/funds/expenses/{expense.uid}/sign/").status_code == 302
    expense.refresh_from_db()
    assert expense.status == "host_signed" and expense.host_signed_by == money.host
    assert not LedgerEntry.objects.exists()
    # The host cannot book it themself.
    assert host.post(f"/funds/expenses/{expense.uid}/book/").status_code == 403
    assert legal.post(f"/funds/expenses/{expense.uid}/book/").status_code == 302
    expense.refresh_from_db()
    assert expense.status == "booked" and expense.legal_signed_by == money.legal
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("1200.00") and entry.category == "books" and entry.kind == "booking"
    # Signing again changes nothing.
    again = legal.post(f"/funds/expenses/{expense.uid}/book/")
    assert again.status_code == 400
    assert LedgerEntry.objects.count() == 1
    assert [t.to_state for t in transitions_of(expense)] == ["draft", "host_signed", "booked"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"funds.expense.signed", "funds.expense.booked"} <= actions
    assert list(expense.history.order_by("history_date").values_list("status", flat=True)) == [
        "draft",
        "host_signed",
        "booked",
    ]


def test_the_host_signs_only_with_a_receipt(world: World, money: Money) -> None:
    expense = services.expense_create(
        actor=money.host,
        studio=money.studio,
        data={"spent_on": dt.date(YEAR, 3, 1), "amount": Decimal(100), "category": "books", "payee": "书店",
              "purpose": "书", "asset_number": ""},
    )  # fmt: skip
    with pytest.raises(TransitionRefused, match="票据"):
        services.expense_sign(actor=money.host, expense=expense)
    services.receipt_add(actor=money.host, expense=expense, upload=receipt())
    services.expense_sign(actor=money.host, expense=expense)
    expense.refresh_from_db()
    assert expense.status == "host_signed"
    with pytest.raises(TransitionRefused):
        services.receipt_add(actor=money.host, expense=expense, upload=receipt())


def test_a_receipt_that_is_not_an_image_or_pdf_is_refused(world: World, money: Money) -> None:
    response = client_for(money.host).post(
        f"/funds/studio/{money.studio.uid}/expenses/new/",
        {**FORM, "receipts": [receipt("发票.png", b"MZ\x90\x00evil")]},
    )
    assert response.status_code == 400
    assert "发票.png" in response.content.decode()
    assert 'value="深圳书城"' in response.content.decode()
    assert not Expense.objects.exists()


def test_receipts_are_served_only_inside_the_scope(world: World, money: Money) -> None:
    expense = draft(money)
    r = expense.receipts.get()
    url = f"/funds/expenses/{expense.uid}/receipts/{r.uid}/"
    for user in (money.host, money.legal, money.bureau):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.school_staff).get(url).status_code == 403


def test_office_equipment_needs_an_asset_number_and_is_listed_as_an_asset(world: World, money: Money) -> None:
    with pytest.raises(ValidationError) as error:
        draft(money, category="equipment", amount="3000", payee="电脑城", purpose="购置打印机")
    assert "asset_number" in error.value.error_dict
    expense = booked(
        money, category="equipment", amount="3000", payee="电脑城", purpose="购置打印机", asset_number="GZ-2026-001"
    )
    page = client_for(money.host).get(f"/funds/studio/{money.studio.uid}/?year={YEAR}")
    assert page.context["assets"] == [expense]
    assert "GZ-2026-001" in page.content.decode()


def test_a_category_budget_cannot_go_below_zero(world: World, money: Money) -> None:
    booked(money, amount="9000")
    with pytest.raises(ValidationError) as error:
        draft(money, amount="1000.01")
    message = " ".join(error.value.messages)
    assert "10,000.00" in message and "9,000.00" in message and "-0.01" in message
    booked(money, amount="1000")  # exactly to zero is fine


def test_the_grant_cannot_go_below_zero(world: World, money: Money) -> None:
    services.budget_save(
        actor=money.host, studio=money.studio, year=YEAR,
        amounts={"research": Decimal(10000), "meetings": Decimal(10000), "books": Decimal(10000),
                 "equipment": Decimal(10000), "other": Decimal(40000)},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="超过2026年度资助"):
        services.budget_save(actor=money.host, studio=money.studio, year=YEAR, amounts={"network": Decimal("0.01")})
    booked(money, category="other", amount="40000", purpose="成果集印制")
    booked(money, category="research", amount="10000", purpose="课题调研")
    booked(money, category="meetings", amount="10000", purpose="研讨会场地")
    booked(money, category="books", amount="10000")
    # Budget lines written past the grant by other means (say, an import) still cannot overspend it.
    BudgetLine.objects.filter(studio=money.studio, category="equipment").update(amount=Decimal(20000))
    with pytest.raises(ValidationError) as error:
        draft(money, category="equipment", amount="10000.01", asset_number="A-1")
    assert "80,000.00" in " ".join(error.value.messages) and "70,000.00" in " ".join(error.value.messages)


def test_a_year_without_a_grant_takes_no_expense(world: World, money: Money) -> None:
    with pytest.raises(ValidationError, match="2025"):
        draft(money, spent_on=dt.date(2025, 12, 31))


def test_a_future_date_is_refused(world: World, money: Money) -> None:
    with pytest.raises(ValidationError):
        draft(money, spent_on=dt.date(2099, 1, 1))


def test_the_legal_representative_returns_a_signed_expense_with_a_reason(world: World, money: Money) -> None:
    expense = draft(money)
    services.expense_sign(actor=money.host, expense=expense)
    legal = client_for(money.legal)
    assert legal.post(f"/funds/expenses/{expense.uid}/reject/", {"reason": ""}).status_code == 400
    assert legal.post(f"/funds/expenses/{expense.uid}/reject/", {"reason": "发票抬头不符"}).status_code == 302
    expense.refresh_from_db()
    assert expense.status == "rejected" and expense.closing_reason == "发票抬头不符"
    assert not LedgerEntry.objects.exists()


def test_a_booked_expense_is_reversed_by_a_recorded_correction(world: World, money: Money) -> None:
    expense = booked(money, amount="2000")
    bureau = client_for(money.bureau)
    assert bureau.post(f"/funds/expenses/{expense.uid}/reverse/", {"reason": "重复报销"}).status_code == 302
    expense.refresh_from_db()
    assert expense.status == "reversed" and expense.amount == Decimal("2000.00")
    booking, reversal = LedgerEntry.objects.order_by("id")
    assert reversal.amount == Decimal("-2000.00") and reversal.reverses == booking and reversal.memo == "重复报销"
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0
    assert AuditEntry.objects.filter(action="funds.expense.reversed").exists()
    assert reversal.history.count() == 1
    assert bureau.post(f"/funds/expenses/{expense.uid}/reverse/", {"reason": "再次"}).status_code == 400
    assert LedgerEntry.objects.count() == 2


def test_another_schools_legal_representative_cannot_sign(world: World, money: Money) -> None:
    expense = draft(money)
    services.expense_sign(actor=money.host, expense=expense)
    other = make_user("legal_b", "legal_rep", school=world.school_b)
    assert client_for(other).post(f"/funds/expenses/{expense.uid}/book/").status_code == 404
    with pytest.raises(TransitionRefused):
        services.expense_book(actor=fresh(other), expense=expense)


def test_a_member_or_school_staff_cannot_record_expenses(world: World, money: Money) -> None:
    assert client_for(world.school_staff).get(f"/funds/studio/{money.studio.uid}/expenses/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        draft(Money(studio=money.studio, host=fresh(world.district_staff), legal=money.legal, bureau=money.bureau))


def test_the_expense_history_names_its_states_in_chinese(world: World, money: Money) -> None:
    expense = draft(money)
    client_for(money.host).post(f"/funds/expenses/{expense.uid}/sign/")
    page = client_for(money.host).get(f"/funds/expenses/{expense.uid}/").content.decode()
    history = page.split('data-testid="history"')[1].split("</ol>")[0]
    assert "草稿 → 主持人已签字" in history
    assert "draft" not in history and "host_signed" not in history
