"""The studio's compilation of results (成果集): the host opens the studio archive, builds the book,
waits on the job page for the download, and the PDF holds the studio's name and a member's result."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.archives import services
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user


def test_the_host_builds_and_downloads_the_compilation(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    studio = make_running_studio(world)
    member = make_teacher(world.school_a2, "陈晓")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    member_user = make_user("chenxiao", teacher=member)
    day = dt.date.today() - dt.timedelta(days=3)
    services.item_create(
        actor=member_user, owner=member,
        data={"kind": "case", "title": "案例：一次特别的班会", "body": "<p>背景与反思。</p>", "date": day,
              "visibility": "studio", "studio": studio},
    )  # fmt: skip

    sign_in(page, live_server.url, "teacher", PASSWORD)  # world.teacher_user hosts the studio
    page.goto(f"{live_server.url}/archives/studio/{studio.uid}/")
    expect(page.get_by_test_id("timeline-item")).to_contain_text("案例：一次特别的班会")
    page.get_by_test_id("build-compilation").click()
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_test_id("job-download")).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        page.get_by_test_id("job-download").click()
    pdf = tmp_path / "compilation.pdf"
    download_info.value.save_as(pdf)
    assert download_info.value.suggested_filename == f"{studio.name}成果集.pdf"
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert studio.name in text and "成果集" in text and "案例：一次特别的班会" in text and "陈晓" in text
