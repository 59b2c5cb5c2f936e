"""Fixtures for the funds tests: a running district studio of 福田区 hosted by world.teacher_user,
with world.legal_rep the legal representative of its host school and world.district_staff its bureau."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hts.accounts.models import User
from hts.funds import services
from hts.funds.models import Expense
from hts.studios.models import Studio
from testkit import World, make_running_studio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64
YEAR = 2026


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def fresh(user: User) -> User:
    """The user anew, so the role principal is computed from the current memberships."""
    return User.objects.get(pk=user.pk)


def receipt(name: str = "发票.png", data: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@dataclass
class Money:
    studio: Studio
    host: User
    legal: User
    bureau: User


@pytest.fixture
def studio(world: World) -> Studio:
    return make_running_studio(world)


@pytest.fixture
def money(world: World, studio: Studio) -> Money:
    """A grant of 40,000 + 40,000 for 2026 and a budget of 10,000 a category for four categories."""
    bureau = fresh(world.district_staff)
    host = fresh(world.teacher_user)
    services.grant_record(
        actor=bureau, studio=studio, year=YEAR, data={"city_amount": Decimal(40000), "district_match": Decimal(40000)}
    )
    services.budget_save(
        actor=host,
        studio=studio,
        year=YEAR,
        amounts={code: Decimal(10000) for code in ("research", "meetings", "books", "equipment")},
    )
    return Money(studio=studio, host=host, legal=fresh(world.legal_rep), bureau=bureau)


def draft(m: Money, *, amount: str = "1200.00", category: str = "books", **extra: Any) -> Expense:
    data = {
        "spent_on": dt.date(YEAR, 3, 10),
        "amount": Decimal(amount),
        "category": category,
        "payee": "深圳书城",
        "purpose": "购买班主任工作专业书籍",
        "asset_number": "",
        **extra,
    }
    return services.expense_create(actor=m.host, studio=m.studio, data=data, receipts=[receipt()])


def booked(m: Money, **kwargs: Any) -> Expense:
    expense = draft(m, **kwargs)
    services.expense_sign(actor=m.host, expense=expense)
    expense.refresh_from_db()
    services.expense_book(actor=m.legal, expense=expense)
    expense.refresh_from_db()
    return expense
