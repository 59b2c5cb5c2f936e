"""Stored files, one implementation for every app: an upload is accepted by what its bytes are, not by
what its name says; it is stored under a random name through Django's storage API; it is served only
by a view that has already checked who may see it.

An app's file table inherits ``hts.core.models.StoredFileBase`` and says what it accepts with a
``FileUse``; its service calls ``stored_file_accept``; its download view calls ``serve_stored``.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hts.core.models import StoredFileBase

    Stored = TypeVar("Stored", bound=StoredFileBase)


@dataclass(frozen=True)
class FileKind:
    key: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]
    content_type: str
    is_image: bool = False
    offset: int = 0  # where the magic bytes sit (an MP4 starts with a box size, then "ftyp")


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in (
        FileKind("jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), "image/jpeg", is_image=True),
        FileKind("png", (".png",), (b"\x89PNG\r\n\x1a\n",), "image/png", is_image=True),
        FileKind("pdf", (".pdf",), (b"%PDF-",), "application/pdf"),
        FileKind("docx", (".docx",), (b"PK\x03\x04",), f"{_OOXML}.wordprocessingml.document"),
        FileKind("xlsx", (".xlsx",), (b"PK\x03\x04",), f"{_OOXML}.spreadsheetml.sheet"),
        FileKind("pptx", (".pptx",), (b"PK\x03\x04",), f"{_OOXML}.presentationml.presentation"),
        FileKind("mp4", (".mp4",), (b"ftyp",), "video/mp4", offset=4),
    )
}
INLINE_TYPES = frozenset(kind.content_type for kind in KINDS.values() if kind.is_image)
THUMBNAIL_SIZE = (320, 320)
NAME_MAX = 200  # the original name is display text only, in a column of this length


@dataclass(frozen=True)
class FileUse:
    """What one table of stored files accepts. ``key`` names its size limit in
    ``settings.UPLOAD_MAX_BYTES``; with ``thumbnail`` an image gets a thumbnail beside it and an
    image that cannot be read is refused; ``cache_control`` is sent when the file is served."""

    key: str
    kinds: tuple[str, ...]
    thumbnail: bool = False
    cache_control: str = "private, no-store"

    @property
    def max_bytes(self) -> int:
        return int(settings.UPLOAD_MAX_BYTES[self.key])

    def check(self, upload: Any) -> FileKind:
        return check_upload(upload, allowed=self.kinds, max_bytes=self.max_bytes)


def check_upload(upload: Any, *, allowed: tuple[str, ...], max_bytes: int) -> FileKind:
    """The kind of an uploaded file, or a ValidationError saying (in Chinese) why it is refused."""
    name = (upload.name or "").lower()
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; at most %(max)d MB is accepted.")
            % {"name": upload.name, "size": upload.size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for key in allowed:
        kind = KINDS[key]
        if name.endswith(kind.extensions) and head[kind.offset :].startswith(kind.magic):
            return kind
    names = "、".join(ext for key in allowed for ext in KINDS[key].extensions)
    # A name of an accepted kind over other bytes: say it is the content that is wrong, not the type.
    named = next((KINDS[key] for key in allowed if name.endswith(KINDS[key].extensions)), None)
    if named is not None and named.is_image:
        raise ValidationError(
            _("“%(name)s”: the file's content is not an image, whatever its name says; accepted: %(types)s.")
            % {"name": upload.name, "types": names}
        )
    if named is not None:
        raise ValidationError(
            _("“%(name)s”: the file's content is not the %(ext)s file its name says; accepted: %(types)s.")
            % {"name": upload.name, "ext": named.extensions[0], "types": names}
        )
    raise ValidationError(
        _("“%(name)s” is not an accepted file; accepted: %(types)s.") % {"name": upload.name, "types": names}
    )


def display_name(name: str) -> str:
    """The name a user gave a file, as text to show: no folders, no control characters, at most
    NAME_MAX characters with its extension kept. It never becomes part of a storage path."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "file"
    if len(name) <= NAME_MAX:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:NAME_MAX]
    return f"{stem[: NAME_MAX - len(extension) - 1]}.{extension}"


def thumbnail_bytes(upload: Any) -> bytes | None:
    """A JPEG of at most THUMBNAIL_SIZE, turned the way the camera held it; None if it is no readable image."""
    from PIL import Image, ImageOps

    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


def stored_file_accept(
    model: type[Stored], upload: Any, *, uploaded_by: Any, save: bool = True, **owner: Any
) -> Stored:
    """A row of ``model`` (a StoredFileBase) for ``upload``, with its file stored; ``owner`` gives the
    row's own fields (its foreign keys, a stage …). The caller has checked the actor's right.

    Refused with a ValidationError, before anything is stored, when the content is not one of the
    use's kinds (whatever the name says), when it is over the use's size limit, or when an image that
    needs a thumbnail cannot be read. The file gets a random name with the extension of its sniffed
    kind; the user's name is kept only as display text. With ``save=False`` the files are stored and
    the row is returned unsaved (for a caller that saves it itself, e.g. with its history user)."""
    use = model.file_use
    kind = use.check(upload)
    thumb = thumbnail_bytes(upload) if use.thumbnail and kind.is_image else None
    if use.thumbnail and kind.is_image and thumb is None:
        raise ValidationError(_("“%(name)s” is not a readable image.") % {"name": upload.name})
    record = model(
        original_name=display_name(upload.name),
        content_type=kind.content_type,
        kind=kind.key,
        size=upload.size,
        is_image=kind.is_image,
        uploaded_by=uploaded_by,
        **owner,
    )
    record.file.save(f"upload{kind.extensions[0]}", upload, save=False)
    if thumb is not None:
        record.thumbnail.save("thumb.jpg", ContentFile(thumb), save=False)
    if save:
        try:
            record.save()
        except Exception:
            stored_file_discard(record)
            raise
    return record


def stored_file_discard(record: StoredFileBase) -> None:
    """Remove a row's files from storage (the row itself is the caller's)."""
    for field in (record.thumbnail, record.file):
        if field:
            field.delete(save=False)


def serve_stored(record: StoredFileBase, *, thumbnail: bool = False) -> FileResponse:
    """A stored file (or its thumbnail), for a view that has already checked who may see it. Only
    images the upload check recognised are shown inline; everything else is an attachment; nothing is
    sniffed into another type; no shared cache keeps it."""
    if thumbnail:
        file, content_type, filename, inline = record.thumbnail, "image/jpeg", "thumb.jpg", True
    else:
        file, content_type = record.file, record.content_type
        filename, inline = record.original_name, record.is_image and content_type in INLINE_TYPES
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = record.file_use.cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
