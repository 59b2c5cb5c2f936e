"""The archive's documents: a person's archive and the studio's compilation of results (成果集) as PDF,
and a person's archive as a zip of the original files with an index.

Images in the PDFs are the stored thumbnails (at most 320 px, see hts.core.files.THUMBNAIL_SIZE), never
the full-size originals, so a book with many photos stays small in memory. The templates name
them `hts-image:<file uid>`; `StoredImages` serves exactly the files of the document and refuses
every other URL, as the default fetcher does.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from hts.archives.models import ArchiveFile, ArchiveItem
from hts.core.pdf import render_pdf

IMAGE_SCHEME = "hts-image:"


def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StoredImages(URLFetcher):  # type: ignore[misc]
        def __init__(self, files: dict[str, ArchiveFile]) -> None:
            super().__init__(allowed_protocols=())
            self.files = files

        def fetch(self, url: str, headers: Any = None) -> Any:
            record = self.files.get(url.removeprefix(IMAGE_SCHEME)) if url.startswith(IMAGE_SCHEME) else None
            if record is None or not record.thumbnail:
                return super().fetch(url, headers)  # refused: no protocol is allowed
            with record.thumbnail.open("rb") as stream:
                body = stream.read()
            return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/jpeg"})

    return StoredImages


def image_fetcher(items: Iterable[ArchiveItem]) -> Any:
    """A fetcher serving the thumbnails of these items' images (files prefetched)."""
    files = {str(f.uid): f for item in items for f in item.files.all() if f.is_image and f.thumbnail}
    return _fetcher_class()(files)


def person_pdf(context: dict[str, Any]) -> bytes:
    with translation.override("zh-hans"):  # an official record: Chinese whatever the exporter's language
        return render_pdf("archives/documents/archive.html", context, url_fetcher=image_fetcher(context["items"]))


def compilation_pdf(context: dict[str, Any]) -> bytes:
    items = [item for chapter in context["chapters"] for item in chapter["items"]]
    with translation.override("zh-hans"):
        return render_pdf("archives/documents/compilation.html", context, url_fetcher=image_fetcher(items))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(name: str, limit: int = 60) -> str:
    """A file name that is valid on Windows and Linux alike; Chinese is kept."""
    return _UNSAFE.sub("_", name).strip(" .")[:limit] or "_"


def person_zip(teacher: Any, items: list[ArchiveItem]) -> Path:
    """Write the zip to a temporary file, one stored file at a time (bounded memory); return its path.

    Layout: index.html and index.csv at the top, then one folder per item ("001 2026-03-02 标题/")
    holding the item's text (正文.html) and its original files under their original names.
    File names are UTF-8 (zipfile sets the flag for non-ASCII names), so Chinese names survive.
    """
    handle = tempfile.NamedTemporaryFile(prefix="archive-", suffix=".zip", delete=False)  # noqa: SIM115
    path = Path(handle.name)
    rows: list[dict[str, Any]] = []
    try:
        with handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for number, item in enumerate(items, start=1):
                folder = f"{number:03d} {item.date:%Y-%m-%d} {_safe(item.title)}"
                text_name = f"{folder}/正文.html"
                with translation.override("zh-hans"):
                    text = render_to_string("archives/documents/zip_item.html", {"item": item, "teacher": teacher})
                archive.writestr(text_name, text)
                names = [text_name]
                used: set[str] = set()
                for record in item.files.all():
                    name = _safe(record.original_name, 120)
                    while name in used or name == "正文.html":
                        name = f"_{name}"
                    used.add(name)
                    info = zipfile.ZipInfo(
                        f"{folder}/{name}", date_time=timezone.localtime(record.created_at).timetuple()[:6]
                    )
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with record.file.open("rb") as source, archive.open(info, "w") as target:
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
                    names.append(f"{folder}/{name}")
                rows.append({"item": item, "folder": folder, "files": names})
            with translation.override("zh-hans"):
                archive.writestr(
                    "index.html",
                    render_to_string(
                        "archives/documents/zip_index.html",
                        {"teacher": teacher, "rows": rows, "made_on": timezone.localdate()},
                    ),
                )
                out = io.StringIO()
                out.write("\ufeff")  # Excel opens a UTF-8 CSV with Chinese only with the BOM
                writer = csv.writer(out)
                writer.writerow(["序号", "日期", "类型", "标题", "学期", "文件"])
                for number, row in enumerate(rows, start=1):
                    item = row["item"]
                    writer.writerow(
                        [number, f"{item.date:%Y-%m-%d}", item.get_kind_display(), _cell(item.title),
                         _cell(item.semester_label), "; ".join(_cell(n) for n in row["files"])]
                    )  # fmt: skip
                archive.writestr("index.csv", out.getvalue())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _cell(value: str) -> str:
    """Formula escaping for a spreadsheet cell (as hts.core.tabular does)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
