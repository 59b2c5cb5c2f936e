"""A parent's contact for home visits: added, changed or removed by the class's head teacher or deputy
(who hold `classwork.log.write` on the class), each audited without the number itself, so the audit
log, which reaches further than the class, never holds a parent's phone."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hts.accounts.access import require
from hts.classwork.models import ClassRef, Pupil, PupilContact
from hts.core.audit import audit_record


def _pupil(actor: Any, pupil: Pupil) -> Pupil:
    locked = Pupil.objects.select_for_update().get(pk=pupil.pk)
    require(
        actor, "classwork.log.write", ClassRef.objects.select_related("school__region").get(pk=locked.school_class_id)
    )
    return locked


@transaction.atomic
def contact_save(*, actor: Any, pupil: Pupil, name: str, phone: str) -> PupilContact:
    pupil = _pupil(actor, pupil)
    contact = PupilContact.objects.filter(pupil=pupil).first() or PupilContact(pupil=pupil)
    changed = [field for field, value in (("name", name), ("phone", phone)) if getattr(contact, field) != value]
    added = contact.pk is None
    contact.name, contact.phone, contact.added_by = name.strip(), phone.strip(), actor
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action="classwork.contact.added" if added else "classwork.contact.changed",
        target=contact,
        target_label=str(pupil.school_class),
        changes={"pupil": pupil.pk, "changed_fields": changed},
    )
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, pupil: Pupil) -> bool:
    pupil = _pupil(actor, pupil)
    contact = PupilContact.objects.filter(pupil=pupil).first()
    if contact is None:
        return False
    audit_record(
        actor=actor,
        action="classwork.contact.removed",
        target=contact,
        target_label=str(pupil.school_class),
        changes={"pupil": pupil.pk},
    )
    contact.delete()
    return True


# Retention (issue 15 point 6): the contact is kept for visits only, so it goes with the pupil's
# anonymisation. It is not in the pupil's records exported on request: that export is the school
# office's, and the office never sees a parent's number (the contact form promises so).
def contact_anonymise(pupil: Pupil) -> None:
    PupilContact.objects.filter(pupil=pupil).delete()
