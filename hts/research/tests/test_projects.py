"""A studio's research project from application to conclusion: who may move each stage, refusals
for stages going backwards and bad input, documents served after a permission check, budgets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hts.core.models import WorkflowTransition
from hts.research.models import ResearchProject
from hts.research.tests.conftest import PDF, Team
from testkit import World, client_for


def _form(team: Team, **extra: Any) -> dict[str, Any]:
    return {
        "title": "家校协同策略研究", "level": "county", "starts_on": "2026-03-01", "ends_on": "2027-06-30",
        "lead": team.studio.host_id, "members": [team.member_teacher.pk], "outputs": "", **extra,
    }  # fmt: skip


def _create(team: Team, **extra: Any) -> ResearchProject:
    response = client_for(team.host).post(f"/research/studio/{team.studio.uid}/new/", _form(team, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ResearchProject.objects.get()


def test_a_project_moves_through_its_stages_by_the_right_hands(world: World, team: Team) -> None:
    project = _create(team)
    assert project.status == "applied"
    assert list(project.members.all()) == [team.member_teacher]
    host, bureau = client_for(team.host), client_for(world.district_staff)
    base = f"/research/projects/{project.uid}"
    # The host may not approve their own project; the bureau may.
    assert host.post(f"{base}/approve/").status_code == 403
    assert bureau.post(f"{base}/approve/").status_code == 302
    assert host.post(f"{base}/midterm/").status_code == 302
    assert host.post(f"{base}/conclude/").status_code == 403
    assert bureau.post(f"{base}/conclude/").status_code == 302
    project.refresh_from_db()
    assert project.status == "concluded"
    steps = list(WorkflowTransition.objects.filter(target_id=str(project.uid)).values_list("from_state", "to_state"))
    assert steps == [("", "applied"), ("applied", "approved"), ("approved", "midterm"), ("midterm", "concluded")]


def test_a_stage_that_goes_backwards_is_refused_with_a_clear_message(world: World, team: Team) -> None:
    project = _create(team)
    bureau = client_for(world.district_staff)
    base = f"/research/projects/{project.uid}"
    bureau.post(f"{base}/approve/")
    client_for(team.host).post(f"{base}/midterm/")
    again = bureau.post(f"{base}/approve/")
    assert again.status_code == 400
    text = again.context["step_error"]
    # "already at 中期; a stage cannot go back to 立项" (English until the translations are merged)
    assert ("中期" in text and "立项" in text) or ("Mid-term review" in text and "go back" in text)
    skip = _create_second(team)
    ahead = bureau.post(f"/research/projects/{skip.uid}/conclude/")
    assert ahead.status_code == 400
    project.refresh_from_db()
    assert project.status == "midterm"


def _create_second(team: Team) -> ResearchProject:
    client_for(team.host).post(f"/research/studio/{team.studio.uid}/new/", _form(team, title="第二个课题"))
    return ResearchProject.objects.get(title="第二个课题")


def test_refusal_and_termination_need_a_reason(world: World, team: Team) -> None:
    project = _create(team)
    bureau = client_for(world.district_staff)
    assert bureau.post(f"/research/projects/{project.uid}/reject/", {"reason": ""}).status_code == 400
    assert bureau.post(f"/research/projects/{project.uid}/reject/", {"reason": "选题重复"}).status_code == 302
    project.refresh_from_db()
    assert (project.status, project.status_reason) == ("not_approved", "选题重复")
    # An end state is final.
    assert bureau.post(f"/research/projects/{project.uid}/approve/").status_code == 400


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"ends_on": "2026-02-01"}, "ends_on"), ({"title": ""}, "title"), ({"level": "galaxy"}, "level")],
)
def test_bad_input_is_refused_and_the_form_kept(team: Team, extra: dict[str, Any], field: str) -> None:
    response = client_for(team.host).post(f"/research/studio/{team.studio.uid}/new/", _form(team, **extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ResearchProject.objects.exists()


def test_the_host_and_members_come_from_the_studios_team(team: Team) -> None:
    response = client_for(team.host).post(
        f"/research/studio/{team.studio.uid}/new/", _form(team, members=[team.outsider_teacher.pk])
    )
    assert response.status_code == 400
    assert not ResearchProject.objects.exists()


def test_outsiders_neither_see_nor_manage_projects(world: World, team: Team) -> None:
    project = _create(team)
    assert client_for(team.member).get(f"/research/projects/{project.uid}/").status_code == 200
    assert client_for(team.member).get(f"/research/projects/{project.uid}/edit/").status_code == 403
    assert client_for(team.outsider).get(f"/research/projects/{project.uid}/").status_code == 403
    assert client_for(world.district_b_staff).get(f"/research/projects/{project.uid}/").status_code == 404
    assert client_for(world.district_b_staff).post(f"/research/projects/{project.uid}/approve/").status_code == 404
    listing = client_for(world.district_b_staff).get("/research/projects/")
    assert project.title not in listing.content.decode()


def test_stage_documents_are_checked_and_served_after_the_permission_check(world: World, team: Team) -> None:
    project = _create(team)
    host = client_for(team.host)
    fake = SimpleUploadedFile("申报书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = host.post(f"/research/projects/{project.uid}/documents/", {"file": fake})
    assert refused.status_code == 400
    assert "申报书.pdf" in refused.content.decode()
    good = SimpleUploadedFile("申报书.pdf", PDF, content_type="application/pdf")
    assert host.post(f"/research/projects/{project.uid}/documents/", {"file": good}).status_code == 302
    document = project.documents.get()
    assert document.stage == "applied"
    url = f"/research/projects/{project.uid}/documents/{document.uid}/"
    response = client_for(team.member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(team.outsider).get(url).status_code == 403


def test_query_budgets_of_the_project_pages(world: World, team: Team, django_assert_max_num_queries: Any) -> None:
    for n in range(5):
        project = _create_numbered(team, n)
        client_for(team.host).post(
            f"/research/projects/{project.uid}/documents/",
            {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
        )
    bureau = client_for(world.district_staff)
    # session, user, roles, memberships, projects (+count), nav/notifications
    with django_assert_max_num_queries(10):
        response = bureau.get("/research/projects/?level=county&status=applied")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 5
    host = client_for(team.host)
    with django_assert_max_num_queries(14):
        assert host.get(f"/research/studio/{team.studio.uid}/").status_code == 200
    # + project, members, documents, transitions, one scope check per possible step
    with django_assert_max_num_queries(24):
        assert host.get(f"/research/projects/{project.uid}/").status_code == 200


def _create_numbered(team: Team, n: int) -> ResearchProject:
    client_for(team.host).post(f"/research/studio/{team.studio.uid}/new/", _form(team, title=f"课题{n}"))
    return ResearchProject.objects.get(title=f"课题{n}")


def test_the_stage_buttons_speak_chinese(world: World, team: Team) -> None:
    project = _create(team)
    bureau = client_for(world.district_staff)
    page = bureau.get(f"/research/projects/{project.uid}/").content.decode()
    assert "批准立项" in page and "不予立项" in page
    assert "Approve the project" not in page and "Do not approve" not in page
    bureau.post(f"/research/projects/{project.uid}/approve/")
    page = client_for(team.host).get(f"/research/projects/{project.uid}/").content.decode()
    assert "开始中期检查" in page and "Start the mid-term review" not in page
