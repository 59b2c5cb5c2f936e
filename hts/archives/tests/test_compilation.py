"""The studio's compilation of results (成果集) as a PDF book, built in the background by whoever may
export the studio's documents; the person's archive PDF embeds photos (their thumbnails)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import Any

from hts.archives.models import ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from hts.archives.tests.test_export import _pdf_text
from hts.archives.tests.test_files import png_bytes, upload
from hts.core.models import ExportJob
from hts.research.models import Achievement, ResearchProject
from testkit import World, client_for


def _images_in(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image embedded in the PDF (poppler's pdfimages)."""
    executable = shutil.which("pdfimages")
    assert executable, "pdfimages (poppler-utils) is needed to list the PDF's images"
    result = subprocess.run([executable, "-list", "-", "-"], input=pdf, capture_output=True, check=False)  # noqa: S603
    if result.returncode != 0:  # older poppler cannot read stdin: go through a file
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            result = subprocess.run([executable, "-list", handle.name], capture_output=True, check=True)  # noqa: S603
    lines = result.stdout.decode().splitlines()[2:]
    return [(int(line.split()[3]), int(line.split()[4])) for line in lines if line.strip()]


def _build(client: Any, capture: Any, studio: Any) -> tuple[ExportJob, bytes]:
    with capture(execute=True):
        response = client.post(f"/archives/studio/{studio.uid}/compilation.pdf")
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.uid}/"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.progress_done == job.progress_total == 6  # five chapters (host, mentor, 3 members) and the book
    download = client.get(f"/jobs/{job.uid}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return job, b"".join(download.streaming_content)


def test_the_host_builds_the_compilation_with_chapters_achievements_and_projects(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    shared = make_item(team, ItemKind.LESSON_PLAN, title="教案：学会整理书包", body="<p>教学目标：学会整理。</p>")
    upload(client_for(team.member), shared, ("课堂照片.png", png_bytes((1600, 1200))))
    make_item(team, ItemKind.CASE_STUDY, Visibility.PUBLIC, title="案例：一次班会")
    make_item(team, ItemKind.PAPER, Visibility.PRIVATE, title="私人的论文草稿")
    make_item(team, ItemKind.READING_NOTES, title="读书笔记不是成果")
    make_item(team, ItemKind.APPRAISAL, title="导师综合鉴定")
    Achievement.objects.create(
        owner=team.member.teacher, kind="paper_awarded", title="论文获市一等奖", level="city",
        achieved_on=dt.date(2026, 1, 5), issuer="市教育学会", status="verified",
    )  # fmt: skip
    Achievement.objects.create(
        owner=team.member.teacher, kind="honour", title="未认定的荣誉", level="county",
        achieved_on=dt.date(2026, 1, 6), issuer="区教育局",
    )  # fmt: skip
    project = ResearchProject.objects.create(
        studio=team.studio, title="班级自主管理的实践研究", level="city", status="approved",
        starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2027, 6, 30), lead=team.host.teacher,
    )  # fmt: skip
    project.members.add(team.member.teacher)

    page = client_for(team.host).get(f"/archives/studio/{team.studio.uid}/")
    assert b'data-testid="build-compilation"' in page.content
    job, pdf = _build(client_for(team.host), django_capture_on_commit_callbacks, team.studio)
    assert job.filename == f"{team.studio.name}成果集.pdf"
    text = _pdf_text(pdf)
    assert team.studio.name in text and "成果集" in text and "目录" in text
    for present in ("教案：学会整理书包", "教学目标：学会整理。", "案例：一次班会", "论文获市一等奖", "1.0"):
        assert present in text
    for absent in ("私人的论文草稿", "读书笔记不是成果", "导师综合鉴定", "未认定的荣誉"):
        assert absent not in text
    assert "班级自主管理的实践研究" in text and "工作室研究课题" in text
    # Chapters in team order: the host's before the mentor's before the members'.
    host, mentor, member = (text.index(t.teacher.name) for t in (team.host, team.mentor, team.member))
    assert host < mentor < member
    # The photo is embedded as its thumbnail (at most 320 px), not the 1600 px original.
    assert _images_in(pdf) and all(max(size) <= 320 for size in _images_in(pdf))


def test_a_mentor_or_the_liaison_may_build_it_and_nobody_else(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, ItemKind.NARRATIVE, title="教育叙事：雨天")
    _job, pdf = _build(client_for(team.mentor), django_capture_on_commit_callbacks, team.studio)
    assert "教育叙事：雨天" in _pdf_text(pdf)
    assert client_for(team.liaison).post(f"/archives/studio/{team.studio.uid}/compilation.pdf").status_code == 302
    url = f"/archives/studio/{team.studio.uid}/compilation.pdf"
    # A member has no studio.export (403); bureau staff of another district does, but not here (404).
    assert client_for(team.fellow).post(url).status_code == 403
    assert client_for(world.legal_rep).post(url).status_code == 403
    assert client_for(world.district_b_staff).post(url).status_code == 404
    assert client_for(team.host).get(url).status_code == 405
    page = client_for(team.fellow).get(f"/archives/studio/{team.studio.uid}/")
    assert page.status_code == 200 and b'data-testid="build-compilation"' not in page.content
    # The job belongs to whoever started it.
    job = ExportJob.objects.latest("created_at")
    assert client_for(team.fellow).get(f"/jobs/{job.uid}/").status_code == 404


def test_the_person_archive_pdf_embeds_photo_thumbnails(team: Team, django_capture_on_commit_callbacks: Any) -> None:
    item = make_item(team, ItemKind.OPEN_LESSON, title="公开课：我的情绪小怪兽")
    upload(client_for(team.member), item, ("现场1.png", png_bytes((2000, 1500))), ("现场2.png", png_bytes()))
    client = client_for(team.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/archives/teacher/{team.member.teacher.uid}/export.pdf")
    job = ExportJob.objects.latest("created_at")
    pdf = b"".join(client.get(f"/jobs/{job.uid}/download/").streaming_content)
    images = _images_in(pdf)
    assert len(images) == 2 and all(max(size) <= 320 for size in images)
    assert "现场1.png" in _pdf_text(pdf)
