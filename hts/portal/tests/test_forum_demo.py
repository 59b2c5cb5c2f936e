"""The forum's and the suggestion box's demo story, over a small world with the demo's account names."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.accounts.models import Role
from hts.demo.portal import PORTAL_DEMOS
from hts.portal.forum import demo
from hts.portal.forum.models import ForumTopic
from hts.portal.ideas.models import Suggestion
from testkit import World, make_teacher, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_tells_its_story_once(world: World) -> None:
    assert demo.seed in PORTAL_DEMOS
    make_user("city_admin", Role.BUREAU_STAFF, region=world.city)
    make_user("district_admin", Role.BUREAU_STAFF, region=world.district_a)
    make_user("school_admin", Role.SCHOOL_STAFF, school=world.school_a)
    for name in ("host", "mentor", "member"):
        make_user(name, teacher=make_teacher(world.school_a, f"{name}老师"))
    today = dt.date(2026, 11, 27)
    assert demo.seed(today) > 0
    assert demo.seed(today) == 0
    rules = ForumTopic.objects.get(title=demo.RULES)
    topic = ForumTopic.objects.get(title=demo.TOPIC)
    assert rules.pinned and not topic.pinned and topic.reply_count == len(demo.REPLIES)
    adopted = Suggestion.objects.get(title=demo.ADOPTED)
    assert adopted.status == "adopted" and adopted.answer and not adopted.anonymous
    anonymous = Suggestion.objects.get(title=demo.ANONYMOUS)
    assert anonymous.anonymous and anonymous.status == "considering" and anonymous.to_region == world.district_a
