"""Whoever must act next on an expense is told (issue 13, point 12), and the two signatures come
from two different people, checked when the expense is booked (point 13; 经费使用管理办法 第四条:
"双方签字后, 方可入账核销")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from hts.accounts.models import RoleAssignment
from hts.core.workflow import TransitionRefused
from hts.funds import services
from hts.funds.models import LedgerEntry
from hts.funds.tests.conftest import Money, draft, fresh
from hts.notifications.models import Notification
from testkit import World, client_for, make_user


def test_the_legal_representative_is_told_an_expense_awaits_their_signature(
    world: World, money: Money, django_capture_on_commit_callbacks: Any
) -> None:
    other_school_legal = make_user("legal_b", "legal_rep", school=world.school_b)
    expense = draft(money)
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(money.host).post(f"/funds/expenses/{expense.uid}/sign/").status_code == 302
    notice = Notification.objects.get(recipient=money.legal)
    assert notice.url == f"/funds/expenses/{expense.uid}/"
    assert "1,200.00" in notice.title and "等待您签字" in notice.title
    # Only the legal representative of the host school: not another school's, not the host, not the bureau.
    assert not Notification.objects.exclude(recipient=money.legal).exists()
    assert not Notification.objects.filter(recipient=other_school_legal).exists()
    # The link leads to the page where they sign.
    page = client_for(money.legal).get(notice.url).content.decode()
    assert f"/funds/expenses/{expense.uid}/book/" in page


def test_the_host_is_told_when_the_expense_is_booked_or_returned(
    world: World, money: Money, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = draft(money), draft(money, amount="300.00")
    services.expense_sign(actor=money.host, expense=first)
    services.expense_sign(actor=money.host, expense=second)
    with django_capture_on_commit_callbacks(execute=True):
        services.expense_book(actor=money.legal, expense=first)
        services.expense_reject(actor=money.legal, expense=second, reason="发票抬头不符")
    titles = sorted(Notification.objects.filter(recipient=money.host).values_list("title", "body"))
    assert len(titles) == 2
    assert any("已入账" in title for title, _body in titles)
    assert any("退回" in title and body == "发票抬头不符" for title, body in titles)


def test_one_account_cannot_make_both_signatures(world: World, money: Money) -> None:
    # The host's account also holds the legal representative's role of the host school (or one bureau
    # account signed in as both): its second signature is refused, by the service and on the page.
    RoleAssignment.objects.create(
        user=money.host, role="legal_rep", school=world.school_a, valid_from=dt.date(2020, 1, 1)
    )
    both = fresh(money.host)
    expense = draft(money)
    services.expense_sign(actor=both, expense=expense)
    expense.refresh_from_db()
    with translation.override("zh-hans"), pytest.raises(TransitionRefused, match="须由另一人"):
        services.expense_book(actor=fresh(both), expense=expense)
    page = client_for(both).get(f"/funds/expenses/{expense.uid}/").content.decode()
    assert f"/funds/expenses/{expense.uid}/book/" not in page
    assert client_for(both).post(f"/funds/expenses/{expense.uid}/book/").status_code == 400
    assert not LedgerEntry.objects.exists()
    # Another person books it.
    services.expense_book(actor=money.legal, expense=expense)
    assert LedgerEntry.objects.count() == 1


def test_a_stale_expense_object_does_not_hide_who_signed_as_host(world: World, money: Money) -> None:
    RoleAssignment.objects.create(
        user=money.host, role="legal_rep", school=world.school_a, valid_from=dt.date(2020, 1, 1)
    )
    expense = draft(money)
    stale = type(expense).objects.get(pk=expense.pk)
    services.expense_sign(actor=fresh(money.host), expense=expense)
    stale.status = "host_signed"  # as a page read before the signature would hold it
    with pytest.raises(TransitionRefused):
        services.expense_book(actor=fresh(money.host), expense=stale)
