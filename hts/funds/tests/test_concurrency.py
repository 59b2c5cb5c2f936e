"""Two people acting at once: an expense signed twice at the same moment is booked once, and two
bookings that each fit a category's budget alone, but not together, book only one.

These run with real transactions and threads on whichever database the suite uses. On PostgreSQL
the grant row's SELECT ... FOR UPDATE makes the second booking wait for the first and then see its
ledger entry; on SQLite each write transaction begins IMMEDIATE and holds the database's write
lock, which serialises them the same way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hts.core.workflow import TransitionRefused
from hts.funds import services
from hts.funds.models import Expense, LedgerEntry
from hts.funds.tests.conftest import Money, draft, fresh
from testkit import World, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _signed(m: Money, amount: str) -> Expense:
    expense = draft(m, amount=amount)
    services.expense_sign(actor=m.host, expense=expense)
    return Expense.objects.get(pk=expense.pk)


def test_two_signings_of_one_expense_at_once_book_it_once(world: World, money: Money) -> None:
    expense = _signed(money, "800")
    legal_a, legal_b = fresh(world.legal_rep), fresh(world.legal_rep)
    results = run_at_once(
        [
            lambda: services.expense_book(actor=legal_a, expense=Expense.objects.get(pk=expense.pk)),
            lambda: services.expense_book(actor=legal_b, expense=Expense.objects.get(pk=expense.pk)),
        ]
    )
    booked = [r for r in results if isinstance(r, Expense)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert LedgerEntry.objects.filter(expense=expense).count() == 1
    assert Expense.objects.get(pk=expense.pk).status == "booked"


def test_two_bookings_that_fit_the_budget_only_alone_book_one(world: World, money: Money) -> None:
    # Books budget: 10,000. Each expense is 6,000: either fits, both do not.
    first, second = _signed(money, "6000"), _signed(money, "6000")
    legal_a, legal_b = fresh(world.legal_rep), fresh(world.legal_rep)
    results = run_at_once(
        [
            lambda: services.expense_book(actor=legal_a, expense=Expense.objects.get(pk=first.pk)),
            lambda: services.expense_book(actor=legal_b, expense=Expense.objects.get(pk=second.pk)),
        ]
    )
    booked = [r for r in results if isinstance(r, Expense)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert "10,000.00" in " ".join(refused[0].messages)
    spent = sum(e.amount for e in LedgerEntry.objects.filter(studio=money.studio, category="books"))
    assert spent == Decimal("6000.00")
    assert sorted(Expense.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == [
        "booked",
        "host_signed",
    ]


def test_many_bookings_at_once_never_overspend(world: World, money: Money) -> None:
    expenses = [_signed(money, "3000") for _ in range(5)]  # 15,000 asked of a 10,000 budget
    legals = [fresh(world.legal_rep) for _ in expenses]
    results = run_at_once(
        [
            (lambda e=e, u=u: services.expense_book(actor=u, expense=Expense.objects.get(pk=e.pk)))
            for e, u in zip(expenses, legals, strict=True)
        ]
    )
    assert sum(isinstance(r, Expense) for r in results) == 3, results
    assert all(isinstance(r, (Expense, TransitionRefused)) for r in results), results
    spent = sum(e.amount for e in LedgerEntry.objects.filter(studio=money.studio, category="books"))
    assert spent == Decimal("9000.00")
