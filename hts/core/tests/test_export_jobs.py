"""Background export jobs, through the quota matrix's Excel export: started from the page, run as a task,
followed on the job's page (htmx polling until done), downloaded by its owner only."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from hts.activities.models import Activity
from hts.core import jobs
from hts.core.jobs import EXPORTS, ExportError, ExportFile, Progress, register_export, run_export_job
from hts.core.models import AuditEntry, ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.core.workflow import log_transition
from hts.studios import services
from hts.studios.models import Studio
from testkit import World, client_for, make_school_year


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def studio(world: World) -> Studio:
    make_school_year(world.city, 2025)
    batch = services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name="向阳花", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=_at(dt.date(2025, 9, 1)))
    Activity.objects.create(
        studio=studio, kind="collective_study", title="九月研修", starts_at=_at(dt.date(2025, 9, 12)),
        ends_at=_at(dt.date(2025, 9, 12), 11), place="厅",
    )  # fmt: skip
    return studio


def _start(client: Client, capture: Any, **data: str) -> ExportJob:
    with capture(execute=True):  # the task is enqueued on commit; the immediate backend runs it then
        response = client.post("/activities/quotas/export/", data)
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.uid}/"
    return job


def test_the_matrix_page_offers_the_export(world: World, studio: Studio) -> None:
    page = client_for(world.city_staff).get("/activities/quotas/", {"month": "2025-10"}).content.decode()
    assert 'action="/activities/quotas/export/"' in page and 'name="month" value="2025-10"' in page


def test_the_export_runs_in_the_background_and_downloads(
    world: World, studio: Studio, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.city_staff)
    job = _start(client, django_capture_on_commit_callbacks, month="2025-10", tier="", region="")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.owner == world.city_staff
    assert job.progress_done == job.progress_total == 1
    assert job.params["month"] == "2025-10"
    assert AuditEntry.objects.filter(action="core.export_job.started", target_id=str(job.uid)).exists()
    page = client.get(f"/jobs/{job.uid}/").content.decode()
    assert f'href="/jobs/{job.uid}/download/"' in page and "hx-trigger" not in page
    response = client.get(f"/jobs/{job.uid}/download/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "2025-10" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    headers, row = rows[0], rows[1]
    assert row[0] == "向阳花" and row[1] == "福田区"
    # October's offline study was missed; September's was met (not in this month's sheet).
    offline = next(i for i, h in enumerate(headers) if h and ("offline" in h.lower() or "线下" in h))
    assert "✗" in row[offline]
    assert row[-1] >= 1  # shortfalls


def test_the_export_keeps_the_pages_scope(
    world: World, studio: Studio, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.district_b_staff)  # 南山区: the studio is in 福田区
    job = _start(client, django_capture_on_commit_callbacks, month="2025-10")
    response = client.get(f"/jobs/{job.uid}/download/")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1  # headers only


def test_only_the_owner_or_an_admin_sees_the_job(
    world: World, studio: Studio, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(client_for(world.city_staff), django_capture_on_commit_callbacks, month="2025-10")
    for user in (world.district_staff, world.teacher_user, world.nobody):
        client = client_for(user)
        assert client.get(f"/jobs/{job.uid}/").status_code == 404
        assert client.get(f"/jobs/{job.uid}/download/").status_code == 404
    admin = client_for(world.admin)
    assert admin.get(f"/jobs/{job.uid}/").status_code == 200
    assert admin.get(f"/jobs/{job.uid}/download/").status_code == 200
    anonymous = Client().get(f"/jobs/{job.uid}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_starting_needs_the_matrix_permission_and_a_post(world: World) -> None:
    assert client_for(world.school_staff).post("/activities/quotas/export/", {"month": "2025-10"}).status_code == 403
    assert client_for(world.city_staff).get("/activities/quotas/export/").status_code == 405
    assert not ExportJob.objects.exists()


def test_without_the_registered_access_check_core_refuses_everyone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """core cannot import accounts: if accounts never registered its check, starting and foreign jobs are refused."""
    job = ExportJob.objects.create(owner=world.city_staff, kind="activities.quota_matrix", label="导出", params={})
    assert jobs.export_job_get_for_user(world.admin, job.uid) == job  # accounts registered it at start-up
    monkeypatch.setitem(jobs._access, "checker", jobs.JobAccess(require=jobs._refuse, is_admin=lambda user: False))
    with pytest.raises(PermissionDenied):
        jobs.export_job_start(actor=world.admin, kind="activities.quota_matrix", label="导出", params={})
    with pytest.raises(Http404):
        jobs.export_job_get_for_user(world.admin, job.uid)
    assert jobs.export_job_get_for_user(world.city_staff, job.uid) == job  # the owner still sees their own


def test_a_queued_job_polls_and_a_finished_one_stops(world: World, django_assert_max_num_queries: Any) -> None:
    job = ExportJob.objects.create(owner=world.city_staff, kind="activities.quota_matrix", label="导出", params={})
    ExportJob.objects.filter(pk=job.pk).update(progress_done=3, progress_total=10, status="running")
    client = client_for(world.city_staff)
    client.get("/home/")
    # session, user (with the unread badge's count), job, roles (assignments), session save (3)
    with django_assert_max_num_queries(7):
        page = client.get(f"/jobs/{job.uid}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'aria-valuenow="30"' in page
    assert f"/jobs/{job.uid}/download/" not in page
    # htmx asks for the fragment only: session, user, job, roles (navigation), session save (3); no badge
    with django_assert_max_num_queries(7):
        fragment = client.get(f"/jobs/{job.uid}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress"') and "<html" not in fragment
    assert client.get(f"/jobs/{job.uid}/download/").status_code == 404  # not ready yet


def test_a_failed_export_says_so_and_a_job_runs_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def broken(job: ExportJob, progress: Progress) -> ExportFile:
        calls.append(str(job.uid))
        raise ExportError("没有可导出的数据")

    monkeypatch.setitem(EXPORTS, "test.broken", EXPORTS.get("test.broken") or EXPORTS["activities.quota_matrix"])
    register_export("test.broken", broken, action="batch.view")
    job = ExportJob.objects.create(owner=world.city_staff, kind="test.broken", label="导出", params={})
    run_export_job.call(str(job.uid))
    run_export_job.call(str(job.uid))  # a second worker finds it claimed
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error == "没有可导出的数据"
    assert calls == [str(job.uid)]
    page = client_for(world.city_staff).get(f"/jobs/{job.uid}/").content.decode()
    assert "没有可导出的数据" in page and "hx-trigger" not in page
