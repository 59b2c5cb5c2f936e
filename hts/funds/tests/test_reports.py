"""Ledger and reports: per studio and year, across studios for the bureau, as Excel and PDF; every
total equals the ledger (property tests over random sequences of bookings and reversals)."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from hts.core.workflow import TransitionRefused
from hts.funds import documents, selectors, services
from hts.funds.models import LedgerEntry
from hts.funds.tests.conftest import YEAR, Money, booked, draft
from hts.studios.models import Studio
from testkit import World, client_for, pdf_fonts


def _pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def _ledger_sum(studio: Studio, category: str | None = None) -> Decimal:
    qs = LedgerEntry.objects.filter(studio=studio, year=YEAR)
    if category:
        qs = qs.filter(category=category)
    # Summed in Python from each stored entry: the ledger itself, not a database aggregate.
    return sum((e.amount for e in qs), Decimal("0.00"))


def _reload(studio: Studio) -> Studio:
    return Studio.objects.select_related("batch__funding_policy", "host_school__region", "host").get(pk=studio.pk)


class _Rollback(Exception):
    """Ends a hypothesis example's transaction so the next one starts from the fixture's state."""


CATEGORIES = ["books", "research", "meetings"]
operations = st.lists(
    st.tuples(
        st.sampled_from(CATEGORIES),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("6000"), places=2),
        st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_report_totals_equal_the_ledger_and_never_go_below_zero(world: World, money: Money, ops: list[Any]) -> None:
    try:
        with transaction.atomic():
            for category, amount, reverse in ops:
                try:
                    expense = booked(money, category=category, amount=str(amount))
                except (ValidationError, TransitionRefused):
                    continue  # refused: it would go below zero
                if reverse:
                    services.expense_reverse(actor=money.bureau, expense=expense, reason="更正")
            studio = _reload(money.studio)
            summary = selectors.year_summary(studio, YEAR)
            for row in summary.rows:
                assert row.spent == _ledger_sum(studio, row.code)
                assert Decimal(0) <= row.spent <= row.budget
            assert summary.spent_total == _ledger_sum(studio)
            assert summary.balance == summary.total - _ledger_sum(studio) >= 0
            (line,) = [selectors.settle(s) for s in selectors.overview(money.bureau, year=YEAR) if s.pk == studio.pk]
            assert line.spent_total == summary.spent_total and line.balance == summary.balance
            assert line.budget_total == summary.budget_total
            entries = selectors.ledger_entries(studio, YEAR)
            sheet = load_workbook(io.BytesIO(documents.ledger_xlsx(summary, entries, [])))["台账"]
            last = list(sheet.iter_rows(values_only=True))[-1]
            assert last[0] == "合计" and Decimal(str(last[5])).quantize(Decimal("0.01")) == summary.spent_total
            raise _Rollback
    except _Rollback:
        pass


def test_the_studio_page_shows_grant_budget_spent_and_balance(
    world: World, money: Money, django_assert_max_num_queries: Any
) -> None:
    booked(money, amount="1200")
    booked(money, category="equipment", amount="3000", purpose="购置打印机", asset_number="GZ-01")
    draft(money, category="research", amount="500", purpose="问卷印制")
    client = client_for(money.host)
    # session, user, roles (assignments, memberships), studio, grant, budget lines, ledger sums,
    # pending sums, ledger entries, open expenses, fixed assets, the navigation's unread count,
    # session save; a little room for the layout's context processors.
    with django_assert_max_num_queries(16):
        page = client.get(f"/funds/studio/{money.studio.uid}/?year={YEAR}")
    assert page.status_code == 200
    s = page.context["summary"]
    assert (s.city_amount, s.district_match, s.spent_total) == (Decimal(40000), Decimal(40000), Decimal(4200))
    assert s.balance == Decimal("75800.00") and s.pending_total == Decimal("500.00")
    body = page.content.decode()
    assert "75,800.00" in body and "GZ-01" in body


def test_the_overview_is_paginated_within_a_query_budget(
    world: World, money: Money, django_assert_max_num_queries: Any
) -> None:
    from hts.studios.models import Membership
    from testkit import make_teacher

    for index in range(25):
        host = make_teacher(world.school_a2, f"主持人{index}")
        other = Studio.objects.create(
            batch=money.studio.batch, name=f"工作室{index:02d}", stage="primary", theme="t", plan="p",
            host=host, host_school=world.school_a2, status="active",
        )  # fmt: skip
        Membership.objects.create(studio=other, role="host", teacher=host, status="active")
    booked(money, amount="1000")
    client = client_for(money.bureau)
    # session, user, roles, count, one page of studios with their figures (subqueries), batches for
    # the policy links, the navigation's unread count, session save: the same for 26 or 2,600 studios.
    with django_assert_max_num_queries(10):
        page = client.get(f"/funds/?year={YEAR}")
    assert page.status_code == 200 and page.context["page"].paginator.count == 26
    with django_assert_max_num_queries(10):
        second = client.get(f"/funds/?year={YEAR}&page=2")
    assert len(second.context["page"]) == 6


def test_the_legal_representative_sees_what_awaits_signature(
    world: World, money: Money, django_assert_max_num_queries: Any
) -> None:
    expense = draft(money)
    services.expense_sign(actor=money.host, expense=expense)
    client = client_for(money.legal)
    # session, user, roles, count, page of studios, expenses awaiting signature, unread count, session save.
    with django_assert_max_num_queries(10):
        page = client.get("/funds/")
    assert [e.pk for e in page.context["to_sign"]] == [expense.pk]


def test_the_expense_page_within_a_query_budget(world: World, money: Money, django_assert_max_num_queries: Any) -> None:
    expense = booked(money)
    client = client_for(money.legal)
    # session, user, roles, expense with studio and signers, receipts, transitions, ledger entries,
    # the guards' receipt check, unread count, session save.
    with django_assert_max_num_queries(12):
        page = client.get(f"/funds/expenses/{expense.uid}/")
    assert page.status_code == 200 and "深圳书城" in page.content.decode()


def test_the_ledger_exports_to_excel(world: World, money: Money) -> None:
    booked(money, amount="1200")
    response = client_for(money.legal).get(f"/funds/studio/{money.studio.uid}/ledger.xlsx?year={YEAR}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "分类", "台账", "固定资产"]
    rows = list(book["分类"].iter_rows(values_only=True))
    books = next(r for r in rows if r[0] == "图书资料购置")
    assert Decimal(str(books[1])) == 10000 and Decimal(str(books[2])) == 1200
    # Money reads as yuan and sums in Excel; the ledger's dates are dates; it prints on A4.
    ledger = book["台账"]
    line = next(row for row in ledger.iter_rows(min_row=2) if row[0].is_date)
    assert line[0].number_format == "yyyy-mm-dd"
    assert line[5].number_format == '"¥"#,##0.00' and Decimal(str(line[5].value)) == 1200
    assert all(cell.number_format == '"¥"#,##0.00' for cell in book["分类"][2][1:5])
    assert ledger.print_title_rows == "$1:$1" and ledger.page_setup.orientation == "landscape"


def test_the_overview_exports_to_excel_with_the_shortfall(world: World, studio: Studio) -> None:
    from hts.funds.tests.conftest import fresh

    services.grant_record(
        actor=fresh(world.district_staff), studio=studio, year=YEAR,
        data={"city_amount": Decimal(40000), "district_match": Decimal(30000)},
    )  # fmt: skip
    response = client_for(world.city_staff).get(f"/funds/overview.xlsx?year={YEAR}")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][8] == "配套缺口"
    assert rows[1][0] == studio.name and Decimal(str(rows[1][8])) == 10000
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert {cell.number_format for cell in sheet[2][5:13]} == {'"¥"#,##0.00'}
    assert sheet[2][4].number_format == "General"  # the year is not money
    assert rows[-1][0] == "合计"


def test_the_yearly_use_report_is_a_chinese_a4_pdf(world: World, money: Money) -> None:
    booked(money, amount="1200")
    expense = booked(money, category="equipment", amount="3000", purpose="购置打印机", asset_number="GZ-2026-01")
    services.expense_reverse(actor=money.legal, expense=expense, reason="退货")
    response = client_for(money.bureau).get(f"/funds/studio/{money.studio.uid}/report.pdf?year={YEAR}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "2026年度名班主任工作室经费使用情况报告" in text
    assert "40,000.00" in text and "1,200.00" in text and "冲销更正" in text and "-3,000.00" in text
    assert "法定代表人" in text
    # A4 is 595 × 842 points.
    pdfinfo = shutil.which("pdfinfo") or "pdfinfo"
    info = subprocess.run([pdfinfo, "-"], input=response.content, capture_output=True, check=True)  # noqa: S603
    assert "(A4)" in info.stdout.decode()
    assert "Noto-Serif-CJK-SC" in pdf_fonts(response.content)  # the body of an official document


@pytest.mark.parametrize("suffix", ["ledger.xlsx", "report.pdf", ""])
def test_exports_and_pages_refuse_outsiders(world: World, money: Money, suffix: str) -> None:
    url = f"/funds/studio/{money.studio.uid}/{suffix}"
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.school_staff).get(url).status_code == 403
    assert client_for(world.outsider_teacher_user).get(url).status_code == 403
