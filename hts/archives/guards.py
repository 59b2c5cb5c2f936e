"""Who may write which archive item: shared by pages (to show buttons) and services (to refuse)."""

from __future__ import annotations

from typing import Any

from hts.accounts.access import can
from hts.archives.models import MENTOR_KINDS, ArchiveItem, ItemKind
from hts.org.models import Teacher
from hts.studios.models import Membership, Studio


def _active(teacher_id: int | None, studio: Studio, roles: tuple[str, ...]) -> bool:
    if not teacher_id:
        return False
    return Membership.objects.filter(
        studio=studio, teacher_id=teacher_id, status=Membership.Status.ACTIVE, role__in=roles
    ).exists()


def may_appraise(user: Any, studio: Studio | None, teacher: Teacher | None) -> bool:
    """A host or mentor of the studio, about one of its active members."""
    if studio is None or teacher is None or not can(user, "archive.appraise"):
        return False
    return _active(user.teacher_id, studio, (Membership.Role.HOST, Membership.Role.MENTOR)) and _active(
        teacher.pk, studio, (Membership.Role.MEMBER,)
    )


def may_keep(user: Any, studio: Studio | None) -> bool:
    """The studio's archivist (its liaison) or its host adds studio materials."""
    if studio is None or not user.teacher_id or not can(user, "archive.keep"):
        return False
    return Membership.objects.filter(studio=studio, teacher_id=user.teacher_id, status=Membership.Status.ACTIVE).filter(
        is_liaison=True
    ).exists() or _active(user.teacher_id, studio, (Membership.Role.HOST,))


def may_write(user: Any, *, kind: str, owner: Teacher | None, studio: Studio | None) -> bool:
    if kind in MENTOR_KINDS:
        return may_appraise(user, studio, owner)
    if kind == ItemKind.STUDIO_MATERIAL:
        return owner is None and may_keep(user, studio)
    return (
        owner is not None
        and user.teacher_id == owner.pk
        and can(user, "archive.write")
        and (studio is None or _active(owner.pk, studio, tuple(Membership.Role.values)))
    )


def may_edit(user: Any, item: ArchiveItem) -> bool:
    return may_write(user, kind=item.kind, owner=item.owner_teacher, studio=item.studio)
