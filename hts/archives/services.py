"""Writes of growth archives: every one checks who may write, sanitises, and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from hts.archives.guards import may_edit, may_write
from hts.archives.models import OWNER_KINDS, ArchiveFile, ArchiveItem, ItemKind
from hts.archives.sanitise import clean_html
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept
from hts.core.search.index import search_index_put
from hts.core.services import save_audited
from hts.org.calendar import semester_on
from hts.org.models import Teacher
from hts.studios.guards import studio_open_for
from hts.studios.models import Studio

FIELDS = ("kind", "title", "body", "date", "semester_label", "visibility", "studio")


def _prepare(data: dict[str, Any], owner: Teacher | None) -> dict[str, Any]:
    data = dict(data)
    body = data.get("body", "") or ""
    if "<" not in body:  # plain text typed on a phone: keep its paragraphs
        body = linebreaks(body, autoescape=True)
    data["body"] = clean_html(body)
    day = data.get("date")
    if day and day > timezone.localdate():
        raise ValidationError(
            {"date": _("The date %(date)s is in the future; an archive records what happened.") % {"date": day}}
        )
    if day and not data.get("semester_label") and owner is not None:
        semester = semester_on(owner.school.region, day)
        data["semester_label"] = str(semester) if semester else ""
    return data


def _check_studio_open(studio: Studio | None) -> None:
    """Nothing new is filed under a revoked or expired studio (its archive stays readable)."""
    if studio is None:
        return
    ok, reason = studio_open_for(studio, "archive")
    if not ok:
        raise ValidationError({"studio": reason})


@transaction.atomic
def item_create(
    *, actor: Any, owner: Teacher | None, data: dict[str, Any], studio: Studio | None = None
) -> ArchiveItem:
    studio = data.get("studio", studio)
    if not may_write(actor, kind=data["kind"], owner=owner, studio=studio):
        raise PermissionDenied(_("You may not write this kind of item in this archive."))
    _check_studio_open(studio)
    data = {**_prepare(data, owner), "studio": studio}
    item = ArchiveItem(owner_teacher=owner, author=actor)
    item = save_audited(actor=actor, instance=item, data=data, action="archives.item.created", fields=FIELDS)
    search_index_put(item)
    return item


@transaction.atomic
def evaluation_record_file(*, actor: Any, owner: Teacher, data: dict[str, Any]) -> ArchiveItem:
    """An evaluation record filed in a teacher's archive by the platform on an organiser's behalf (an
    observation closed in hts/evaluation). The caller has checked the organiser's right over the
    teacher; the owner cannot write this record themself, and the kind is always an evaluation record."""
    data = _prepare({**data, "kind": ItemKind.EVALUATION}, owner)
    item = ArchiveItem(owner_teacher=owner, author=actor)
    item = save_audited(actor=actor, instance=item, data=data, action="archives.item.filed", fields=FIELDS)
    search_index_put(item)
    return item


@transaction.atomic
def item_update(*, actor: Any, item: ArchiveItem, data: dict[str, Any]) -> ArchiveItem:
    data = {**data, "kind": item.kind}  # a kind decides who writes the item: it never changes
    studio = data.get("studio", item.studio)
    # A person keeps editing an item filed under a studio they have since left; a new studio must be theirs.
    moved = studio if (studio != item.studio or item.kind not in OWNER_KINDS) else None
    if not may_write(actor, kind=item.kind, owner=item.owner_teacher, studio=moved):
        raise PermissionDenied(_("You may not edit this item."))
    _check_studio_open(moved)
    data = _prepare(data, item.owner_teacher)
    item = save_audited(actor=actor, instance=item, data=data, action="archives.item.updated", fields=FIELDS)
    search_index_put(item)
    return item


@transaction.atomic
def file_add(*, actor: Any, item: ArchiveItem, upload: Any) -> ArchiveFile:
    if not may_edit(actor, item):
        raise PermissionDenied(_("You may not add files to this item."))
    record = stored_file_accept(ArchiveFile, upload, uploaded_by=actor, item=item)
    audit_record(
        actor=actor, action="archives.file.added", target=item, target_label=f"{item} · {record.original_name}"
    )
    return record
