"""The host sees the unread badge, opens the list, follows a reminder to its activity; a bureau officer's
quota matrix export shows its progress and then the download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.activities.models import Activity
from hts.activities.reminders import reminders_compute
from hts.core.jobs import run_export_job
from hts.core.models import ExportJob
from hts.core.workflow import log_transition
from hts.studios import services
from hts.studios.models import Membership, Studio
from testkit import PASSWORD, World, make_school_year, make_teacher, make_user

SHOTS = Path("/tmp/shots")  # noqa: S108 (where reviewers look for the screenshots)


def _studio(world: World) -> Studio:
    today = timezone.localdate()
    make_school_year(world.city, today.year - 1)
    make_school_year(world.city, today.year)
    batch = services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=today.year - 1,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name="向阳花工作室", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(
        at=timezone.make_aware(dt.datetime(today.year - 1, 9, 1, 9))
    )
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    member = make_teacher(world.school_a, "成员甲")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    make_user("member1", teacher=member)
    return studio


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"notif_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_host_follows_a_reminder_to_the_activity(page: Page, live_server: Any, world: World) -> None:
    studio = _studio(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    starts = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(14, 30)))
    activity = Activity.objects.create(
        studio=studio, kind="collective_study", title="主题班会观摩研讨", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="福田实验小学报告厅",
    )  # fmt: skip
    reminders_compute(today=timezone.localdate())

    sign_in(page, live_server.url, world.teacher_user.username, PASSWORD)
    badge = page.get_by_test_id("unread-badge")
    expect(badge).to_be_visible()
    unread = int(badge.inner_text())
    assert unread >= 1
    _shots(page, "home_badge")

    page.get_by_test_id("notifications-link").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    reminder = page.get_by_test_id("notification").filter(has_text="主题班会观摩研讨")
    expect(reminder).to_contain_text("福田实验小学报告厅")
    _shots(page, "list")

    reminder.click()
    page.wait_for_url(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("主题班会观摩研讨")
    if unread == 1:
        expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    else:
        expect(page.get_by_test_id("unread-badge")).to_have_text(str(unread - 1))


def test_the_export_shows_progress_then_the_download(
    page: Page, live_server: Any, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    # The job waits in the queue (no worker runs it) until the test runs it, as a worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _studio(world)
    sign_in(page, live_server.url, world.city_staff.username, PASSWORD)
    page.goto(f"{live_server.url}/activities/quotas/")
    page.get_by_test_id("matrix-export").click()
    page.wait_for_url(f"{live_server.url}/jobs/**")
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("job-download")).to_have_count(0)

    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress_done=1, progress_total=2)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "running", timeout=6000)
    expect(page.locator(".progress-bar")).to_have_text("50%")
    _shots(page, "job_running")

    ExportJob.objects.filter(pk=job.pk).update(status="queued")
    run_export_job.call(str(job.uid))
    download_link = page.get_by_test_id("job-download")
    expect(download_link).to_be_visible(timeout=6000)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "done")
    _shots(page, "job_done")
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
