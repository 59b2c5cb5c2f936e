"""The bureau portal's demo story: the city's brand and notices, once only."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hts.portal.home.demo import seed
from hts.portal.home.models import Notice, PortalBrand
from testkit import World


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def test_the_demo_brands_the_city_and_publishes_two_notices_once(world: World) -> None:
    today = timezone.localdate()
    assert seed(today) == 3  # the city's brand and two notices; no published item to feature here
    assert seed(today) == 0
    assert PortalBrand.objects.count() == 1 and Notice.objects.filter(status="published").count() == 2
    page = Client().get("/b/440300/").content.decode()
    assert "深圳市中小学名班主任工作室" in page and "粤ICP备00000001号-1" in page
    assert "关于举办全市班主任基本功展示活动的通知" in page
