"""Demo funds for `seed_demo`: grants for the running demo studios (2025 and 2026), budgets, a few
booked expenses and some awaiting a signature, and one studio whose district match is short.

The `host` account hosts “向阳花” at 深圳市福田区实验小学 (FT-01), whose legal representative is the
`legal_rep` account, so the two signatures work with the demo accounts. Their money moves through
the services (signatures, ledger, history, audit); studios without demo accounts get their budget
written straight to the model, as setup. Skipped when any grant exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from hts.accounts.models import User
from hts.funds import services
from hts.funds.models import BudgetLine, Grant
from hts.studios.demo import STUDIOS
from hts.studios.models import Studio

# A one-page PDF is enough to stand for a scanned invoice.
RECEIPT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
YEARS = [2025, 2026]
BUDGET = {
    "research": 12000, "seminar": 15000, "books": 8000, "equipment": 10000, "expert_fees": 15000,
    "meetings": 6000, "network": 4000, "study_visits": 6000, "publication": 4000,
}  # fmt: skip
# (category, amount, payee, purpose, asset number, how far it goes: booked / signed / draft)
EXPENSES = [
    ("books", "2360.00", "深圳书城中心城店", "购买《班主任工作艺术》等专业书籍 40 册", "", "booked", (3, 12)),
    ("expert_fees", "3000.00", "华南师范大学 李教授", "专题讲座“家校共育的沟通策略”讲课费", "", "booked", (4, 18)),
    (
        "equipment",
        "4580.00",
        "深圳市华强电子有限公司",
        "购置彩色激光打印机一台，用于成果集打印",
        "FT-ZC-2026-017",
        "booked",
        (5, 9),
    ),
    ("meetings", "1860.00", "福田区教师发展中心", "“小学低段习惯养成”区级研讨会场地与资料费", "", "booked", (9, 26)),
    (
        "study_visits",
        "2400.00",
        "广州市越秀区教育发展中心",
        "赴广州名班主任工作室考察学习交通费",
        "",
        "signed",
        (10, 15),
    ),
    ("publication", "3600.00", "深圳市彩印印刷有限公司", "成员成果集《向阳而生》排版印制 100 册", "", "draft", (11, 2)),
]


def _day(month_day: tuple[int, int]) -> dt.date:
    # Never in the future, whenever the demo is loaded.
    return min(dt.date(2026, *month_day), timezone.localdate())


def _receipt(name: str) -> ContentFile:
    return ContentFile(RECEIPT_PDF, name=name)


def seed_funds() -> int:
    if Grant.objects.exists():
        return 0
    studios = {
        studio.name: studio
        for studio in Studio.objects.filter(name__in=[row[1] for row in STUDIOS]).select_related(
            "batch__region", "host_school__region"
        )
    }
    bureau = User.objects.filter(username="city_admin").first()
    if bureau is None or not studios:
        return 0
    created = 0
    sunflower = studios.get(STUDIOS[0][1])  # “向阳花”: district school, full 1:1 match
    nanshan = studios.get(STUDIOS[1][1])  # “南山青蓝”: the district matched only half
    shenzhong = studios.get(STUDIOS[4][1])  # “深中致远”: a city-direct school, 80,000 and no match
    plan: list[tuple[Any, Decimal, Decimal]] = [
        (sunflower, Decimal(40000), Decimal(40000)),
        (nanshan, Decimal(40000), Decimal(20000)),
        (shenzhong, Decimal(80000), Decimal(0)),
    ]
    for studio, city_amount, match in plan:
        if studio is None:
            continue
        for year in YEARS:
            services.grant_record(
                actor=User.objects.get(pk=bureau.pk), studio=studio, year=year,
                data={"city_amount": city_amount, "district_match": match, "note": "演示数据"},
            )  # fmt: skip
            created += 1
        if studio is not sunflower:
            scale = (city_amount + match) / Decimal(80000)
            for year in YEARS:
                for code, amount in BUDGET.items():
                    BudgetLine.objects.create(
                        studio=studio, year=year, category=code, amount=(Decimal(amount) * scale).quantize(Decimal("1"))
                    )
                    created += 1
    if sunflower is not None:
        created += _sunflower(sunflower)
    return created


def _sunflower(studio: Studio) -> int:
    host = User.objects.filter(username="host").first()
    legal = User.objects.filter(username="legal_rep").first()
    if host is None or legal is None:
        return 0
    created = 0
    for year in YEARS:
        services.budget_save(
            actor=User.objects.get(pk=host.pk),
            studio=studio,
            year=year,
            amounts={code: Decimal(amount) for code, amount in BUDGET.items()},
        )
        created += len(BUDGET)
    for index, (category, amount, payee, purpose, asset, stage, month_day) in enumerate(EXPENSES, start=1):
        host_user, legal_user = User.objects.get(pk=host.pk), User.objects.get(pk=legal.pk)
        expense = services.expense_create(
            actor=host_user,
            studio=studio,
            data={"spent_on": _day(month_day), "amount": Decimal(amount), "category": category, "payee": payee,
                  "purpose": purpose, "asset_number": asset},
            receipts=[_receipt(f"发票{index:02d}.pdf")],
        )  # fmt: skip
        created += 1
        if stage in {"signed", "booked"}:
            services.expense_sign(actor=host_user, expense=expense)
        if stage == "booked":
            expense.refresh_from_db()
            services.expense_book(actor=legal_user, expense=expense)
    return created
