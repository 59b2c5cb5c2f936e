"""Whoever must act next on a research project or an achievement is told, and so is the person whose
project or achievement was decided (issue 13, point 12)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hts.notifications.models import Notification
from hts.research.models import Achievement, ResearchProject
from hts.research.tests.conftest import PDF, Team
from testkit import World, client_for


def _titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_batchs_bureau_is_told_a_project_awaits_approval_and_the_host_of_the_outcome(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    form = {
        "title": "家校协同策略研究", "level": "county", "starts_on": "2026-03-01", "ends_on": "2027-06-30",
        "lead": team.studio.host_id, "members": [team.member_teacher.pk], "outputs": "",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(team.host).post(f"/research/studio/{team.studio.uid}/new/", form).status_code == 302
    project = ResearchProject.objects.get()
    # The studio's batch is the district's: its bureau approves, not the city above it.
    assert any("等待您审批" in title for title in _titles(world.district_staff))
    assert not _titles(world.city_staff) and not _titles(world.district_b_staff)
    base = f"/research/projects/{project.uid}"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.district_staff).post(f"{base}/approve/")
    assert any("已批准立项" in title for title in _titles(team.host))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(team.host).post(f"{base}/midterm/")
    assert any("等待结题" in title for title in _titles(world.district_staff))


def test_the_nearest_bureau_is_told_an_achievement_awaits_verification_and_the_owner_of_the_decision(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf")
    form = {
        "kind": "paper_published", "title": "家校沟通的三个策略", "level": "city", "achieved_on": "2026-04-12",
        "issuer": "《深圳教育》", "evidence": evidence,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(team.member).post("/research/achievements/new/", form).status_code == 302
    achievement = Achievement.objects.get()
    notice = Notification.objects.get(recipient=world.district_staff)
    assert "等待您核实" in notice.title and notice.url == f"/research/achievements/{achievement.uid}/"
    assert not _titles(world.city_staff)  # the district verifies; the city is not told of each one
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.district_staff).post(
            f"/research/achievements/{achievement.uid}/reject/", {"reason": "证书与论文题目不符"}
        )
    assert response.status_code == 302
    told = Notification.objects.get(recipient=team.member)
    assert "未通过核实" in told.title and told.body == "证书与论文题目不符"
