"""A workbook is refused by the size it claims before it is opened (issue 13, point 15): a 2 KB file
whose sheet says it reaches row 1,000,000 cost seconds of CPU and hundreds of MB before the row count
refused it; now it is refused at once, by the upload page, with the numbers."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest

from hts.core.tabular import TableError, read_table
from hts.org.models import Teacher
from hts.org.tests.test_roster import GOOD_ROWS, problems, upload, xlsx
from testkit import World, client_for


def _claiming(rows: list[list[Any]], *, dimension: bytes | None = None, extra_row: bytes = b"") -> bytes:
    """A real workbook whose first sheet's XML is edited to claim more than it holds."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if dimension is not None:
                    start = data.index(b"<dimension ")
                    data = (
                        data[:start] + b'<dimension ref="' + dimension + b'"/>' + data[data.index(b"/>", start) + 2 :]
                    )
                data = data.replace(b"</sheetData>", extra_row + b"</sheetData>")
            archive.writestr(item, data)
    return out.getvalue()


def test_a_small_workbook_claiming_a_million_rows_is_refused_quickly(world: World) -> None:
    data = _claiming(
        GOOD_ROWS,
        dimension=b"A1:K1000000",
        extra_row=b'<row r="1000000"><c r="K1000000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    assert len(data) < 8 * 1024
    started = time.process_time()
    response = upload(client_for(world.school_staff), "大表.xlsx", data)
    assert time.process_time() - started < 1.5
    assert response.status_code == 400
    assert any("1000000" in message and "5000" in message for _row, _col, message in problems(response))
    assert not Teacher.objects.filter(mobile="13500000001").exists()


@pytest.mark.parametrize(
    ("dimension", "extra_row"),
    [
        (b"A1:K1000000", b""),  # the dimension alone
        (None, b'<row r="5002"><c r="A5002" t="inlineStr"><is><t>x</t></is></c></row>'),  # one far cell
        (b"A1:ZZZ3", b""),  # absurdly wide
    ],
)
def test_each_kind_of_claim_is_refused_before_reading(dimension: bytes | None, extra_row: bytes) -> None:
    with pytest.raises(TableError):
        read_table("t.xlsx", _claiming(GOOD_ROWS, dimension=dimension, extra_row=extra_row), max_rows=5000)


def test_a_workbook_at_the_limit_is_still_read() -> None:
    rows = [[f"1350000{n:04d}", f"教师{n}"] for n in range(5000)]
    table = read_table("t.xlsx", xlsx(rows, ["手机号", "姓名"]), max_rows=5000)
    assert len(table.rows) == 5000
