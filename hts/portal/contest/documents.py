"""The contest's files: an essay's document as a judge downloads it (named by its code, the author's
name taken out of its metadata), the winners' certificates and the book of winning essays (PDF)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from typing import Any

from django.utils import timezone
from django.utils.html import escape

from hts.core.pdf import render_pdf
from hts.portal.contest.models import Contest, Entry, EntryDocument

# docx: the fields of docProps/core.xml that name a person or the original title.
_CORE_FIELDS = re.compile(rb"<(dc:creator|cp:lastModifiedBy|dc:title|dc:subject|dc:description|cp:keywords)>[^<]*</\1>")
_APP_FIELDS = re.compile(rb"<(Company|Manager)>[^<]*</\1>")
# pdf: literal or hex strings of the document information dictionary that may name the author.
_PDF_INFO = re.compile(
    rb"/(Author|Creator|Title|Subject|Keywords|Producer)(\s*)(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", re.S
)


def _blank_docx(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_FIELDS.sub(lambda m: b"<%s></%s>" % (m.group(1), m.group(1)), content)
            elif info.filename == "docProps/app.xml":
                content = _APP_FIELDS.sub(lambda m: b"<%s></%s>" % (m.group(1), m.group(1)), content)
            target.writestr(info, content)
    return out.getvalue()


def _blank_pdf(data: bytes) -> bytes:
    """Each information string is overwritten in place with as many blanks, so every byte offset
    (the cross-reference table) stays valid. Metadata inside compressed streams (XMP) is not reached."""

    def blank(match: re.Match[bytes]) -> bytes:
        value = match.group(3)
        filler = (
            b"(" + b" " * (len(value) - 2) + b")" if value.startswith(b"(") else b"<" + b"0" * (len(value) - 2) + b">"
        )
        return b"/" + match.group(1) + match.group(2) + filler

    return _PDF_INFO.sub(blank, data)


def anonymised_document(document: EntryDocument) -> bytes:
    with document.file.open("rb") as stream:
        data = stream.read()
    try:
        return _blank_docx(data) if document.kind == "docx" else _blank_pdf(data)
    except (zipfile.BadZipFile, KeyError):
        return data


def document_text(document: EntryDocument) -> str:
    """An essay sent only as a document, as paragraphs of HTML for the book."""
    with document.file.open("rb") as stream:
        data = stream.read()
    paragraphs: list[str] = []
    if document.kind == "docx":
        from docx import Document

        try:
            paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
        except (zipfile.BadZipFile, KeyError, ValueError):
            paragraphs = []
    elif executable := shutil.which("pdftotext"):
        command = [executable, "-enc", "UTF-8", "-", "-"]
        done = subprocess.run(command, input=data, capture_output=True, timeout=60, check=False)  # noqa: S603
        paragraphs = done.stdout.decode("utf-8", "replace").split("\n\n")
    return "".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs if p.strip())


def essay_html(entry: Entry) -> str:
    if entry.body:
        return entry.body  # sanitised when saved
    document = EntryDocument.objects.filter(entry=entry).first()
    return document_text(document) if document is not None else ""


def certificate_pdf(entry: Entry) -> bytes:
    return render_pdf("portal/contest/certificate_pdf.html", {"entry": entry, "contest": entry.contest})


def book_pdf(contest: Contest, entries: list[Entry], texts: dict[int, str]) -> bytes:
    for entry in entries:
        entry.book_text = texts.get(entry.pk, "")  # type: ignore[attr-defined]
    chapters: list[dict[str, Any]] = []
    for prize in ("first", "second", "third"):
        chosen = [e for e in entries if e.prize == prize]
        if chosen:
            chapters.append({"label": chosen[0].get_prize_display(), "entries": chosen})
    return render_pdf(
        "portal/contest/book_pdf.html",
        {"contest": contest, "chapters": chapters, "made_on": timezone.localdate()},
    )
