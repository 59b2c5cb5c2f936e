"""What a judge downloads of an essay's document: its author taken out of the metadata, the file still
readable."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from hts.portal.contest.documents import _blank_docx, _blank_pdf
from hts.portal.tests.contest_kit import docx_bytes


def test_a_docx_loses_its_author_and_keeps_its_text() -> None:
    data = _blank_docx(docx_bytes("家校共育的三点做法", "陈建国"))
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "陈建国" not in core
    assert Document(io.BytesIO(data)).paragraphs[0].text == "家校共育的三点做法"


def test_a_pdf_loses_its_information_strings_in_place() -> None:
    """An information dictionary written plainly (as office suites do) is blanked byte for byte, so the
    cross-reference offsets still hold; one inside a compressed object stream is not reached."""
    author = "陈建国".encode("utf-16-be").hex().upper().encode()
    original = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"3 0 obj << /Author <FEFF" + author + b"> /Title (Chen Jianguo \\(draft\\)) /Creator (Word) >> endobj\n"
        b"trailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF\n"
    )
    blanked = _blank_pdf(original)
    assert len(blanked) == len(original)
    assert author not in blanked and b"Chen" not in blanked and b"Word" not in blanked
    assert b"/Type /Catalog" in blanked and b"/Info 3 0 R" in blanked
