"""The demo funds: the `host` and `legal_rep` accounts share a studio and school, so the two
signatures work with the demo accounts; one studio's district match is short."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from hts.funds.models import Expense, Grant, LedgerEntry


def test_the_demo_has_grants_expenses_and_a_short_match(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    assert Grant.objects.filter(year=2026).count() == 3
    assert set(Expense.objects.values_list("status", flat=True)) == {"booked", "host_signed", "draft"}
    assert LedgerEntry.objects.count() == Expense.objects.filter(status="booked").count() == 4
    counts = (Grant.objects.count(), Expense.objects.count(), LedgerEntry.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (Grant.objects.count(), Expense.objects.count(), LedgerEntry.objects.count())

    legal = Client()
    assert (
        legal.post("/accounts/login/", {"username": "legal_rep", "password": settings.DEMO_PASSWORD}).status_code == 302
    )
    home = legal.get("/funds/?year=2026")
    (pending,) = home.context["to_sign"]
    assert pending.status == "host_signed"
    assert legal.post(f"/funds/expenses/{pending.uid}/book/").status_code == 302
    assert LedgerEntry.objects.count() == 5

    bureau = Client()
    bureau.post("/accounts/login/", {"username": "city_admin", "password": settings.DEMO_PASSWORD})
    short = list(bureau.get("/funds/?year=2026&short=1").context["page"])
    assert [studio.name for studio in short] == ["“南山青蓝”名班主任工作室"]
