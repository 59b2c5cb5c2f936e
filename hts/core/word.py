"""Official forms as Word documents: A4, 宋体 body and 黑体 headings, tables with fixed column widths,
and the page number in the footer ("第 X 页 共 Y 页") as fields Word and WPS fill in when they lay
the document out. Builders of a form (e.g. hts.studios.documents) compose these helpers."""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def set_east_asian(element: object, font: str) -> None:
    """Word picks Chinese glyphs from the East Asian font slot, which python-docx does not expose."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def new_document() -> DocxDocument:
    """A blank A4 form with 18 mm margins, 10.5 pt 宋体, and page numbers in the footer."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    set_east_asian(normal.element, BODY_FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    add_field(footer, "PAGE")
    footer.add_run(" 页 共 ")
    add_field(footer, "NUMPAGES")
    footer.add_run(" 页")
    return document


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that the word processor computes as it lays out the pages; "1" shows
    until it does."""

    def fld_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    fld_char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    fld_char("separate")
    paragraph.add_run("1")
    fld_char("end")


def styled(run: Run, *, bold: bool = False, size: float | None = None, font: str | None = None) -> Run:
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if font:
        set_east_asian(run._element, font)
    return run


def add_title(document: DocxDocument, text: str, subtitle: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(paragraph.add_run(text), bold=True, size=18, font=HEADING_FONT)
    if subtitle:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styled(line.add_run(subtitle), size=12)


def add_heading(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    styled(paragraph.add_run(text), bold=True, size=12, font=HEADING_FONT)


def add_table(document: DocxDocument, widths: list[int]) -> DocxTable:
    """A grid table of the given column widths in mm."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    return table


def add_row(table: DocxTable) -> list[_Cell]:
    """A new row whose cells carry the column widths (Word reads the cells', LibreOffice the grid's)."""
    cells = list(table.add_row().cells)
    for cell, column in zip(cells, table.columns, strict=True):
        cell.width = column.width
    return cells


def label_cell(cell: _Cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(paragraph.add_run(text), bold=True)


def add_pairs(table: DocxTable, *pairs: tuple[str, str]) -> None:
    """One row of label/value pairs; a single pair spans the whole row."""
    cells = add_row(table)
    if len(pairs) == 1:
        label_cell(cells[0], pairs[0][0])
        merged = cells[1].merge(cells[-1])
        merged.text = pairs[0][1]
        return
    for index, (label, value) in enumerate(pairs):
        label_cell(cells[index * 2], label)
        cells[index * 2 + 1].text = value


def add_grid(table: DocxTable, headers: list[str], rows: Iterable[list[str]]) -> None:
    for cell, header in zip(add_row(table), headers, strict=True):
        label_cell(cell, header)
    for row in rows:
        for cell, value in zip(add_row(table), row, strict=True):
            cell.text = value


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
