"""A teacher records an achievement with evidence; the bureau verifies or rejects it; only verified
ones count, weighted by level; others never see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hts.research.models import Achievement
from hts.research.tests.conftest import PDF, Team
from testkit import World, client_for


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "paper_published", "title": "家校沟通的三个策略", "level": "city", "achieved_on": "2026-04-12",
        "issuer": "《深圳教育》", **extra,
    }  # fmt: skip


def _record(user: Any, **extra: Any) -> Achievement:
    evidence = SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf")
    response = client_for(user).post("/research/achievements/new/", {**_form(**extra), "evidence": evidence})
    assert response.status_code == 302, response.content.decode()[:1500]
    return Achievement.objects.get(title=extra.get("title", "家校沟通的三个策略"))


def test_a_member_records_and_the_bureau_verifies_then_it_counts(world: World, team: Team) -> None:
    achievement = _record(team.member)
    assert achievement.owner == team.member_teacher
    assert achievement.status == "pending" and not achievement.counts
    assert achievement.evidence.count() == 1
    mine = client_for(team.member).get("/research/achievements/")
    assert mine.context["totals"] == {"count": 0, "score": Decimal("0")}
    bureau = client_for(world.district_staff)
    assert bureau.get("/research/verification/").context["page"].object_list[0] == achievement
    assert bureau.post(f"/research/achievements/{achievement.uid}/verify/").status_code == 302
    achievement.refresh_from_db()
    assert achievement.counts and achievement.verified_by == world.district_staff
    _record(team.member, title="区级公开课", kind="open_lesson", level="county")
    mine = client_for(team.member).get("/research/achievements/")
    assert mine.context["totals"] == {"count": 1, "score": Decimal("1.0")}
    # Verifying twice is refused.
    assert bureau.post(f"/research/achievements/{achievement.uid}/verify/").status_code == 400


def test_rejection_needs_a_reason_and_does_not_count(world: World, team: Team) -> None:
    achievement = _record(team.member)
    bureau = client_for(world.district_staff)
    assert bureau.post(f"/research/achievements/{achievement.uid}/reject/", {"reason": " "}).status_code == 400
    assert bureau.post(f"/research/achievements/{achievement.uid}/reject/", {"reason": "无刊号"}).status_code == 302
    achievement.refresh_from_db()
    assert (achievement.status, achievement.reject_reason, achievement.counts) == ("rejected", "无刊号", False)


def test_a_date_in_the_future_is_refused(team: Team) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(team.member).post("/research/achievements/new/", _form(achieved_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "achieved_on" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "家校沟通的三个策略"
    assert not Achievement.objects.exists()


def test_an_executable_or_a_mismatched_file_is_refused(team: Team, settings: Any) -> None:
    exe = SimpleUploadedFile("证书.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    response = client_for(team.member).post("/research/achievements/new/", {**_form(), "evidence": exe})
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert not Achievement.objects.exists()
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "research.evidence": 10}
    big = SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf")
    assert client_for(team.member).post("/research/achievements/new/", {**_form(), "evidence": big}).status_code == 400


def test_the_team_and_the_bureau_see_it_others_get_404(world: World, team: Team) -> None:
    achievement = _record(team.member)
    url = f"/research/achievements/{achievement.uid}/"
    evidence_url = f"{url}evidence/{achievement.evidence.get().uid}/"
    for user in (team.member, team.host, world.district_staff, world.city_staff):
        assert client_for(user).get(url).status_code == 200
    assert client_for(team.host).get(evidence_url).status_code == 200
    for user in (team.outsider, world.outsider_teacher_user, world.district_b_staff):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(evidence_url).status_code == 404
    assert client_for(world.school_staff).get(url).status_code == 403
    # Only bureau staff verify; the host cannot, nor bureau staff outside the district.
    assert client_for(team.host).post(f"{url}verify/").status_code == 403
    assert client_for(world.district_b_staff).post(f"{url}verify/").status_code == 404
    # Only the owner adds evidence, and only while pending.
    more = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    assert client_for(team.host).post(f"{url}evidence/", {"file": more}).status_code == 404
    achievement.refresh_from_db()
    assert achievement.status == "pending" and achievement.evidence.count() == 1


def test_query_budgets_of_the_achievement_pages(world: World, team: Team, django_assert_max_num_queries: Any) -> None:
    for n in range(6):
        _record(team.member, title=f"成果{n}", level=["school", "county", "city"][n % 3])
    for a in Achievement.objects.all()[:4]:
        client_for(world.district_staff).post(f"/research/achievements/{a.uid}/verify/")
    member = client_for(team.member)
    # session, user, roles, memberships, achievements, one weight-policy lookup per region, nav
    with django_assert_max_num_queries(10):
        response = member.get("/research/achievements/")
    assert response.context["totals"]["count"] == 4
    bureau = client_for(world.district_staff)
    with django_assert_max_num_queries(10):
        response = bureau.get("/research/verification/")
    assert len(response.context["page"].object_list) == 2
    with django_assert_max_num_queries(14):
        assert bureau.get(f"/research/achievements/{Achievement.objects.first().uid}/").status_code == 200  # type: ignore[union-attr]
