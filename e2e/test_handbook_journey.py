"""A head teacher, on a phone (375 px), exports the semester's 班主任工作手册 from the class log page as a
PDF in the background, downloads it from the job page, and finds the month's meetings in it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import a_running_semester, serious_accessibility_violations, sign_in
from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil, VisitMode
from hts.core.models import AuditEntry
from testkit import PASSWORD, World


def test_a_head_teacher_exports_the_handbook_and_the_pdf_holds_a_meeting(
    page: Page, live_server: Any, world: World, artifacts: Any, tmp_path: Path
) -> None:
    today = dt.date.today()
    semester = a_running_semester(world.city)
    ClassworkPolicy.objects.create(region=world.city, theme_meetings_a_month=1, parent_meetings_a_semester=2)
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    for kind, days_ago, title, fields in (
        (Kind.PARENT_MEETING, 3, "家校共育家长会", {"notes": "通报学情。"}),
        (Kind.CADRE_MEETING, 2, "班干部例会", {"notes": "布置值日。"}),
        (Kind.HOME_VISIT, 1, "", {"pupil": pupil, "visit_mode": VisitMode.PHONE, "notes": "奶奶照顾。"}),
    ):
        LogEntry.objects.create(
            school_class=world.class_a,
            semester=semester,
            kind=kind,
            on=today - dt.timedelta(days=days_ago),
            title=title,
            **fields,
        )

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/")
    form = page.get_by_test_id("classwork-handbook")
    expect(form.get_by_label("工作手册学期")).to_have_value(str(semester.uid))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "classwork-handbook-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(artifacts / "classwork-handbook-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    form.get_by_role("button", name="导出工作手册（PDF）").click()

    expect(page.get_by_test_id("job-download")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(artifacts / "classwork-handbook-job-375.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("job-download").click()
    assert download_info.value.suggested_filename.endswith("班主任工作手册（本学年 秋季学期）.pdf")
    pdf = tmp_path / "handbook.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "班主任工作手册" in text and "家校共育家长会" in text and "班干部例会" in text and "陈小雨" in text
    assert AuditEntry.objects.filter(action="classwork.handbook.exported", actor=world.teacher_user).count() == 1
