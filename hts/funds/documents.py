"""Funds documents: a studio's yearly use report (经费使用情况报告, for the audit of 第五条) as PDF,
its ledger as Excel, and the bureau's overview across studios as Excel.

These are Chinese official documents, so their text is Chinese whatever the reader's language.
Every figure comes from `selectors.year_summary` (sums of the ledger and budget lines).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hts.core.pdf import render_pdf
from hts.core.tabular import money, write_workbook
from hts.funds import selectors
from hts.funds.models import Expense, LedgerEntry
from hts.funds.selectors import YearSummary

SUMMARY_HEADERS = ["类别", money("预算"), money("已入账支出"), money("待签批"), money("余额")]
LEDGER_HEADERS = ["日期", "类型", "类别", "收款方", "用途", money("金额"), "固定资产编号", "经办"]
ASSET_HEADERS = ["购置日期", "收款方", "用途", money("金额"), "固定资产编号"]
OVERVIEW_HEADERS = [
    "工作室", "主持人", "所在学校", "区域", "年度", money("市级资助"), money("区级配套"), money("应配套"),
    money("配套缺口"), money("预算合计"), money("已入账支出"), money("待签批"), money("余额"),
]  # fmt: skip
KIND_NAMES = {"booking": "入账", "reversal": "冲销更正"}
TOTAL = "合计"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def money_text(value: Decimal) -> str:
    return f"{value:,.2f}"


def filename(summary: YearSummary, extension: str) -> str:
    return f"{summary.studio.name}-{summary.year}年经费使用情况.{extension}"


def ledger_xlsx(summary: YearSummary, entries: list[LedgerEntry], assets: list[Expense]) -> bytes:
    """Sheets 汇总 (grant, match and per-category figures), 台账 (every ledger line), 固定资产."""
    policy = summary.policy
    head: list[list[Any]] = [
        ["市级资助", summary.city_amount],
        ["区级配套", summary.district_match],
        ["资助合计", summary.total],
    ]
    rows: list[list[Any]] = [[r.label, r.budget, r.spent, r.pending, r.balance] for r in summary.rows]
    rows.append(
        [
            TOTAL,
            summary.budget_total,
            summary.spent_total,
            summary.pending_total,
            summary.budget_total - summary.spent_total,
        ]
    )
    rows.append(["资助余额", "", "", "", summary.balance])
    ledger: list[list[Any]] = [
        [
            entry.booked_on,
            KIND_NAMES.get(entry.kind, entry.kind),
            policy.label_of(entry.category),
            entry.expense.payee,
            entry.expense.purpose if entry.kind == LedgerEntry.Kind.BOOKING else entry.memo,
            entry.amount,
            entry.expense.asset_number,
            entry.booked_by.display_name if entry.booked_by else "",
        ]
        for entry in entries
    ]
    ledger.append([TOTAL, "", "", "", "", sum((e.amount for e in entries), Decimal("0.00")), "", ""])
    asset_rows: list[list[Any]] = [[e.spent_on, e.payee, e.purpose, e.amount, e.asset_number] for e in assets]
    return write_workbook(
        [
            ("汇总", ["项目", money("金额")], head),
            ("分类", SUMMARY_HEADERS, rows),
            ("台账", LEDGER_HEADERS, ledger),
            ("固定资产", ASSET_HEADERS, asset_rows),
        ]
    )


def overview_xlsx(studios: list[Any], year: int) -> bytes:
    rows: list[list[Any]] = []
    totals = [Decimal("0.00")] * 7
    for studio in studios:
        shortfall = studio.shortfall
        figures = [
            studio.city_amount, studio.district_match, studio.match_required, shortfall,
            studio.budget_total, studio.spent_total, studio.pending_total,
        ]  # fmt: skip
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        balance = studio.balance
        rows.append(
            [
                studio.name,
                studio.host.name,
                studio.host_school.name,
                studio.host_school.region.name,
                year,
                *figures,
                balance,
            ]
        )
    grand_balance = totals[0] + totals[1] - totals[5]
    rows.append([TOTAL, "", "", "", "", *totals, grand_balance])
    return write_workbook([(f"{year}年经费", OVERVIEW_HEADERS, rows)])


def use_report_pdf(
    summary: YearSummary, entries: list[LedgerEntry], assets: list[Expense], *, today: dt.date | None = None
) -> bytes:
    """A4, Chinese: grant and match, the per-category table, every ledger line, the fixed assets,
    and the two signatures of 第四条."""
    today = today or timezone.localdate()
    policy = summary.policy
    lines = [
        {
            "day": entry.booked_on,
            "kind": KIND_NAMES.get(entry.kind, entry.kind),
            "category": policy.label_of(entry.category),
            "payee": entry.expense.payee,
            "purpose": entry.expense.purpose if entry.kind == LedgerEntry.Kind.BOOKING else entry.memo,
            "amount": money_text(entry.amount),
            "asset": entry.expense.asset_number,
        }
        for entry in entries
    ]
    return render_pdf(
        "funds/documents/use_report.html",
        {
            "s": summary,
            "studio": summary.studio,
            "rows": [
                {
                    "label": r.label,
                    "budget": money_text(r.budget),
                    "spent": money_text(r.spent),
                    "balance": money_text(r.balance),
                }
                for r in summary.rows
            ],
            "lines": lines,
            "assets": [
                {
                    "day": a.spent_on,
                    "payee": a.payee,
                    "purpose": a.purpose,
                    "amount": money_text(a.amount),
                    "number": a.asset_number,
                }
                for a in assets
            ],
            "m": {
                "city": money_text(summary.city_amount),
                "match": money_text(summary.district_match),
                "required": money_text(summary.match_required),
                "shortfall": money_text(summary.shortfall),
                "total": money_text(summary.total),
                "budget": money_text(summary.budget_total),
                "spent": money_text(summary.spent_total),
                "balance": money_text(summary.balance),
                "ledger_total": money_text(sum((e.amount for e in entries), Decimal("0.00"))),
            },
            "made_on": _cn_date(today),
        },
    )


def studio_documents(studio: Any, year: int) -> tuple[YearSummary, list[LedgerEntry], list[Expense]]:
    return (
        selectors.year_summary(studio, year),
        selectors.ledger_entries(studio, year),
        selectors.fixed_assets(studio, year),
    )
