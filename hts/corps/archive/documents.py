"""The archive as a PDF: a cover (school, name, date of issue), then each section as a table naming
each row's source record. One teacher, or several bound in one book (a cover each)."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hts.core.pdf import render_pdf
from hts.corps.archive.sections import archive_sections
from hts.org.models import Teacher

TEMPLATE = "corps/archive/archive_pdf.html"


def archive_of(teacher: Teacher, on: dt.date) -> dict[str, Any]:
    return {"teacher": teacher, "sections": archive_sections(teacher, on)}


def archive_pdf(archives: list[dict[str, Any]], on: dt.date) -> bytes:
    return render_pdf(TEMPLATE, {"archives": archives, "issued_on": on})


def filename(teacher: Teacher, on: dt.date) -> str:
    return _("%(name)s work archive %(date)s.pdf") % {"name": _safe(teacher.name), "date": on.isoformat()}


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "_"


def archives_zip(teachers: Iterable[Teacher], on: dt.date, progress: Callable[[int], None] | None = None) -> Path:
    """One PDF per teacher in a zip written to a temporary file (a school's worth stays out of memory)."""
    handle = tempfile.NamedTemporaryFile(prefix="corps-archive-", suffix=".zip", delete=False)  # noqa: SIM115
    path = Path(handle.name)
    try:
        with handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            used: set[str] = set()
            for done, teacher in enumerate(teachers, start=1):
                name = filename(teacher, on)
                # Two teachers of one name at a school: the second file gets its uid's start.
                if name in used:
                    name = name.replace(".pdf", f"-{str(teacher.uid)[:8]}.pdf")
                used.add(name)
                bundle.writestr(name, archive_pdf([archive_of(teacher, on)], on))
                if progress:
                    progress(done)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
