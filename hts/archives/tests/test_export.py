"""The person's archive as a PDF, built in the background: cover, contents, the items the exporter may read."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from hts.archives.models import ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from hts.core.models import ExportJob
from testkit import World, client_for


def _pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def _export(client: Any, capture: Any, teacher: Any) -> Any:
    with capture(execute=True):  # the task is enqueued on commit; the immediate backend runs it then
        response = client.post(f"/archives/teacher/{teacher.uid}/export.pdf")
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.uid}/"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error if hasattr(job, "error") else job.status
    download = client.get(f"/jobs/{job.uid}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return _pdf_text(b"".join(download.streaming_content))


def test_the_member_exports_their_archive_as_a_pdf(team: Team, django_capture_on_commit_callbacks: Any) -> None:
    make_item(team, ItemKind.LESSON_PLAN, title="教案：学会整理书包", body="<p>教学目标：学会整理。</p>")
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人读书笔记")
    make_item(team, ItemKind.APPRAISAL, Visibility.PRIVATE, title="综合鉴定")
    text = _export(client_for(team.member), django_capture_on_commit_callbacks, team.member.teacher)
    assert "成长档案" in text and "成员陈" in text and "目录" in text
    for title in ("教案：学会整理书包", "私人读书笔记", "综合鉴定", "教学目标：学会整理。"):
        assert title in text


def test_the_export_shows_no_more_than_the_page(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, ItemKind.LESSON_PLAN, title="共享的教案")
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人读书笔记")
    text = _export(client_for(team.fellow), django_capture_on_commit_callbacks, team.member.teacher)
    assert "共享的教案" in text and "私人读书笔记" not in text
    assert (
        client_for(world.outsider_teacher_user)
        .post(f"/archives/teacher/{team.member.teacher.uid}/export.pdf")
        .status_code
        == 404
    )
    assert (
        client_for(world.legal_rep).post(f"/archives/teacher/{team.member.teacher.uid}/export.pdf").status_code == 403
    )
