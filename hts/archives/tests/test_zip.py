"""A person's archive as a zip: the original files under their (Chinese) names, each item's text, an index."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from hts.archives.models import ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from hts.archives.tests.test_files import png_bytes, upload
from hts.core.models import ExportJob
from testkit import World, client_for


def _zip(client: Any, capture: Any, teacher: Any) -> tuple[ExportJob, zipfile.ZipFile]:
    with capture(execute=True):
        response = client.post(f"/archives/teacher/{teacher.uid}/export.zip")
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.uid}/"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(f"/jobs/{job.uid}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    return job, zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_the_member_downloads_their_archive_as_a_zip_with_an_index(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    photo = png_bytes((64, 48))
    item = make_item(team, ItemKind.LESSON_PLAN, title="教案：学会整理书包", body="<p>教学目标：学会整理。</p>")
    upload(client_for(team.member), item, ("课堂照片.png", photo), ("教案/终稿?.pdf", b"%PDF-1.7\n..."))
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="=HYPERLINK(1) 私人笔记")
    job, archive = _zip(client_for(team.member), django_capture_on_commit_callbacks, team.member.teacher)
    assert job.filename == "成员陈成长档案.zip"
    names = archive.namelist()
    folder = "001 2026-03-02 教案：学会整理书包"
    assert f"{folder}/课堂照片.png" in names and "index.html" in names and "index.csv" in names
    assert archive.read(f"{folder}/课堂照片.png") == photo  # the original, byte for byte
    assert any(n.endswith("终稿_.pdf") for n in names)  # no path or reserved characters
    assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())  # UTF-8 names
    assert "教学目标：学会整理。" in archive.read(f"{folder}/正文.html").decode()
    index = archive.read("index.html").decode()
    assert "教案：学会整理书包" in index and "课堂照片.png" in index
    rows = list(csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert rows[0] == ["序号", "日期", "类型", "标题", "学期", "文件"]
    assert rows[1][1:4] == ["2026-03-02", "教案", "教案：学会整理书包"]
    assert rows[2][3].startswith("'=HYPERLINK")  # a formula is written as text


def test_the_zip_shows_no_more_than_the_page_and_outsiders_are_refused(
    world: World, team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, ItemKind.LESSON_PLAN, title="共享的教案")
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人读书笔记")
    _job, archive = _zip(client_for(team.fellow), django_capture_on_commit_callbacks, team.member.teacher)
    index = archive.read("index.html").decode()
    assert "共享的教案" in index and "私人读书笔记" not in index
    url = f"/archives/teacher/{team.member.teacher.uid}/export.zip"
    assert client_for(world.outsider_teacher_user).post(url).status_code == 404
    assert client_for(world.legal_rep).post(url).status_code == 403
    assert client_for(team.member).get(url).status_code == 405
