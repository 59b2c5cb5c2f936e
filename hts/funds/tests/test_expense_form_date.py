"""The expense form's date picker opens on today: an <input type="date"> takes only yyyy-mm-dd, and
zh-hans would otherwise render 2026/11/27, which the picker shows as empty."""

from __future__ import annotations

import re

from django.utils import timezone

from hts.funds.tests.conftest import Money
from testkit import World, client_for


def test_the_new_expense_page_fills_the_date_picker_with_an_iso_date(world: World, money: Money) -> None:
    client = client_for(money.host)
    page = client.get(f"/funds/studio/{money.studio.uid}/expenses/new/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    field = re.search(r'<input type="date" name="spent_on"[^>]*>', page.content.decode())
    assert field is not None
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in field.group(0)
