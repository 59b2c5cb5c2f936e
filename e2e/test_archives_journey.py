"""Growth archives: a member files a lesson plan with photos; their mentor writes the comprehensive
appraisal from the studio archive; both see it, with the photos' thumbnails on the timeline."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user

SHOTS = Path("/tmp/shots")  # noqa: S108 (the screenshots the brief asks for)


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"archives_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_member_files_a_lesson_plan_and_the_mentor_appraises(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    studio = make_running_studio(world)
    member = make_teacher(world.school_a2, "陈晓")
    mentor = make_teacher(world.school_a2, "周导师")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor, status="active")
    make_user("chenxiao", teacher=member)
    make_user("zhou", teacher=mentor)
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()

    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.goto(f"{live_server.url}/archives/")
    page.get_by_test_id("new-item").click()
    form = page.get_by_test_id("item-form")
    form.locator("[name=kind]").select_option("lesson_plan")
    form.locator("[name=title]").fill("教案：《学会整理书包》")
    form.locator("[name=date]").fill(day)
    form.locator("[name=studio]").select_option(str(studio.pk))
    # The text is typed as HTML source (the editor's "HTML" button shows the textarea): a script is neutralised.
    form.get_by_test_id("editor-source").click()
    form.locator("[name=body]").fill("教学目标：学会整理。\n\n<script>alert(1)</script>教学过程：示范、练习。")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("item-title")).to_have_text("教案：《学会整理书包》")
    expect(page.get_by_test_id("item-body")).not_to_contain_text("alert(1)")
    page.locator("input[type=file][name=file]").set_input_files(
        [_photo(tmp_path / "课堂1.jpg", (220, 120, 60)), _photo(tmp_path / "课堂2.jpg", (60, 140, 200))]
    )
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.get_by_test_id("files").locator("img")).to_have_count(2)
    page.goto(f"{live_server.url}/archives/")
    expect(page.get_by_test_id("thumbnail")).to_have_count(2)
    expect(page.get_by_test_id("thumbnail").first).to_have_js_property("naturalWidth", 320)
    _shots(page, "member_timeline")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "zhou", PASSWORD)
    page.goto(f"{live_server.url}/studios/{studio.uid}/")
    page.get_by_test_id("archive-link").click()
    expect(page.get_by_test_id("timeline-item")).to_contain_text("教案：《学会整理书包》")
    _shots(page, "studio")
    page.get_by_test_id("team-archives").get_by_role("link", name="陈晓").click()
    page.get_by_test_id("appraise").click()
    form = page.get_by_test_id("item-form")
    expect(form.locator("[name=kind]")).to_have_value("appraisal")
    form.locator("[name=title]").fill("陈晓老师综合鉴定")
    form.locator("[name=date]").fill(day)
    form.locator("[name=visibility]").select_option("private")
    # The mentor writes in the rich-text editor: a bold phrase, then a bulleted list.
    editor = form.get_by_test_id("rich-editor")
    editor.click()
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("总体评价：")
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("该老师学习认真，班级管理有方法，进步明显。")
    page.keyboard.press("Enter")
    form.get_by_test_id("editor-insertUnorderedList").click()
    page.keyboard.type("建议继续开展班会课研究")
    _shots(page, "appraisal_form")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("item-title")).to_have_text("陈晓老师综合鉴定")
    expect(page.get_by_test_id("item-body").locator("b, strong")).to_have_text("总体评价：")
    expect(page.get_by_test_id("item-body").locator("ul li")).to_have_text("建议继续开展班会课研究")
    _shots(page, "appraisal")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.goto(f"{live_server.url}/archives/")
    expect(page.get_by_test_id("timeline-item").filter(has_text="陈晓老师综合鉴定")).to_have_count(1)
    page.get_by_role("link", name="陈晓老师综合鉴定").click()
    expect(page.get_by_test_id("item-body")).to_contain_text("进步明显")

    # The member exports the archive as a PDF; its text holds the Chinese titles.
    page.goto(f"{live_server.url}/archives/")
    page.get_by_test_id("export-pdf").click()
    expect(page.get_by_test_id("job-download")).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        page.get_by_test_id("job-download").click()
    pdf = tmp_path / "archive.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "成长档案" in text and "教案：《学会整理书包》" in text and "陈晓老师综合鉴定" in text
