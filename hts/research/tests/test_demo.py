"""The demo research data: projects in several states for the running studios, achievements at
several levels for `member` and `host` (one pending), seeded once however often the command runs."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from hts.research.models import Achievement, ResearchProject


def test_the_demo_has_projects_and_achievements_and_is_idempotent(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    assert {"applied", "approved", "midterm", "concluded"} <= set(
        ResearchProject.objects.values_list("status", flat=True)
    )
    assert len(set(Achievement.objects.values_list("level", flat=True))) >= 4
    assert Achievement.objects.filter(status="pending").count() == 1
    counts = (ResearchProject.objects.count(), Achievement.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (ResearchProject.objects.count(), Achievement.objects.count())

    member = Client()
    member.post("/accounts/login/", {"username": "member", "password": settings.DEMO_PASSWORD})
    page = member.get("/research/achievements/")
    assert page.context["totals"]["count"] == 3
    assert page.context["totals"]["score"] > 0
    bureau = Client()
    bureau.post("/accounts/login/", {"username": "city_admin", "password": settings.DEMO_PASSWORD})
    assert len(bureau.get("/research/verification/").context["page"].object_list) == 1
    assert bureau.get("/research/projects/?status=midterm").context["page"].object_list
