"""Forbidden uses (经费使用管理办法 第三条 三公; 第五条 personal consumption and the host school's
running costs) are refused with the rule in the message, by category and by purpose."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hts.funds.models import Expense
from hts.funds.tests.conftest import YEAR, Money, draft, receipt
from testkit import World, client_for


@pytest.mark.parametrize(
    ("category", "label", "article"),
    [
        ("official_reception", "公务接待", "第三条"),
        ("official_vehicle", "公务用车", "第三条"),
        ("overseas_trip", "因公出国(境)", "第三条"),
        ("personal", "个人消费", "第五条"),
        ("school_running", "学校公用经费", "第五条"),
    ],
)
def test_each_forbidden_category_is_refused_with_its_rule(
    money: Money, category: str, label: str, article: str
) -> None:
    with pytest.raises(ValidationError) as error:
        draft(money, category=category, purpose="工作室活动")
    message = " ".join(error.value.messages)
    assert label in message and article in message
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("purpose", "word"),
    [
        ("研讨会后宴请专家", "宴请"),
        ("支付公务接待费用", "公务接待"),
        ("租用公车接送成员", "公车"),
        ("成员出国考察交流", "出国"),
        ("为成员购买购物卡", "购物卡"),
        ("缴纳学校水电费", "水电费"),
    ],
)
def test_an_allowed_category_whose_purpose_names_a_forbidden_item_is_refused(
    money: Money, purpose: str, word: str
) -> None:
    with pytest.raises(ValidationError) as error:
        draft(money, category="meetings", purpose=purpose)
    assert word in " ".join(error.value.messages)


def test_the_page_shows_the_reason_beside_the_category_and_keeps_the_form(world: World, money: Money) -> None:
    response = client_for(money.host).post(
        f"/funds/studio/{money.studio.uid}/expenses/new/",
        {"spent_on": f"{YEAR}-03-10", "amount": "800", "category": "official_reception", "payee": "某酒店",
         "purpose": "接待来访专家", "receipts": [receipt()]},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "公务接待" in body and "三公" in body
    assert 'value="某酒店"' in body
    assert response.context["form"].errors["category"]
    assert not Expense.objects.exists()


def test_the_keywords_are_policy_data(world: World, money: Money) -> None:
    from hts.funds import services

    policy = services.funding_policy_for(money.studio.batch)
    services.funding_policy_update(
        actor=money.bureau,
        batch=money.studio.batch,
        data={
            "forbidden": [
                *policy.forbidden,
                {"code": "gifts", "label": "礼品", "rule": "不得购买礼品", "keywords": ["礼品"]},
            ]
        },
    )
    with pytest.raises(ValidationError, match="礼品"):
        draft(money, category="meetings", purpose="会议礼品")
