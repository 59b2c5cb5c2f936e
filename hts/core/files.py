"""Upload checks: a file is accepted by what its bytes are, not by what its name says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]
    content_type: str
    is_image: bool = False
    offset: int = 0  # where the magic bytes sit (an MP4 starts with a box size, then "ftyp")


KINDS: dict[str, FileKind] = {
    "jpeg": FileKind((".jpg", ".jpeg"), (b"\xff\xd8\xff",), "image/jpeg", is_image=True),
    "png": FileKind((".png",), (b"\x89PNG\r\n\x1a\n",), "image/png", is_image=True),
    "pdf": FileKind((".pdf",), (b"%PDF-",), "application/pdf"),
    "docx": FileKind(
        (".docx",), (b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": FileKind((".xlsx",), (b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": FileKind(
        (".pptx",), (b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    "mp4": FileKind((".mp4",), (b"ftyp",), "video/mp4", offset=4),
}


def check_upload(upload: Any, *, allowed: tuple[str, ...], max_bytes: int) -> FileKind:
    """The kind of an uploaded file, or a ValidationError saying (in Chinese) why it is refused."""
    name = (upload.name or "").lower()
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; at most %(max)d MB is accepted.")
            % {"name": upload.name, "size": upload.size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
        )
    head = upload.read(16)
    upload.seek(0)
    for key in allowed:
        kind = KINDS[key]
        if name.endswith(kind.extensions) and head[kind.offset :].startswith(kind.magic):
            return kind
    names = "、".join(ext for key in allowed for ext in KINDS[key].extensions)
    raise ValidationError(
        _("“%(name)s” is not an accepted file; accepted: %(types)s.") % {"name": upload.name, "types": names}
    )


def serve_stored(
    file: Any, *, content_type: str, filename: str, inline: bool, cache_control: str = "private, no-store"
) -> FileResponse:
    """An uploaded file, for a view that has already checked who may see it. Only images the upload
    check recognised are shown inline; nothing is sniffed into another type; no shared cache keeps it."""
    response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
