"""Guardian consents: recorded and withdrawn by whoever may see the class's pupils (its head teacher and
deputy, its school's office), and withdrawing one takes down everything public that relied on it.

The audit log reaches bureaus, which see no pupil: its entries name the class and the consent's record
number, never the pupil's name.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.models import User
from hts.activities.services import activity_publicity_unlink
from hts.classwork.models import ClassRef, Pupil
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept, stored_file_discard
from hts.notifications.services import Message, notifications_send
from hts.org.calendar import calendar_region
from hts.org.models import Semester
from hts.portal.models import ConsentScan, GuardianConsent, Publication
from hts.portal.public import public_pages_changed
from hts.portal.search_public import publication_unindexed
from hts.portal.sites.services import public_url

MANAGE = "portal.consent.manage"


def class_of(consent: GuardianConsent) -> ClassRef:
    if consent.pupil is not None:
        return ClassRef.objects.select_related("school__region").get(pk=consent.pupil.school_class_id)
    return ClassRef.objects.select_related("school__region").get(pk=consent.school_class_id or 0)


def semesters_for(school_class: Any) -> Any:
    """The semesters a class consent may name: those of the class's own calendar (its region's or the
    nearest region above with one)."""
    region = calendar_region(school_class.school.region)
    if region is None:
        return Semester.objects.none()
    return Semester.objects.filter(school_year__region=region).select_related("school_year")


def _active_for(*, pupil: Pupil | None, school_class: Any, semester: Semester | None) -> Any:
    active = GuardianConsent.objects.filter(withdrawn_on__isnull=True)
    if pupil is not None:
        return active.filter(pupil=pupil)
    return active.filter(school_class=school_class, semester=semester)


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    school_class: Any,
    scope: str,
    given_on: dt.date,
    pupil: Pupil | None = None,
    semester: Semester | None = None,
    signed_form: Any = None,
) -> GuardianConsent:
    """A guardian's consent for one pupil of the class, or (no pupil) for the whole class in a semester,
    with its signed form when given (a refused file records nothing)."""
    ref = ClassRef.objects.select_for_update().select_related("school__region").get(pk=school_class.pk)
    require(actor, MANAGE, ref)
    errors: dict[str, str] = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date %(day)s has not come yet.") % {"day": given_on.isoformat()}
    if pupil is not None:
        if pupil.school_class_id != ref.pk or pupil.anonymised_on is not None:
            errors["pupil"] = _("This pupil is not on this class's list.")
        semester = None
    elif semester is None:
        errors["semester"] = _("A consent for the whole class names its semester.")
    elif not semesters_for(ref).filter(pk=semester.pk).exists():
        errors["semester"] = _("This semester is not of the class's school calendar.")
    if scope not in GuardianConsent.Scope.values:
        errors["scope"] = _("Choose what the consent covers.")
    if not errors and _active_for(pupil=pupil, school_class=ref, semester=semester).exists():
        key = "pupil" if pupil is not None else "semester"
        errors[key] = (
            _("This pupil already has a consent in force: withdraw it first to record another.")
            if pupil is not None
            else _("The class already has a consent in force for this semester: withdraw it first to record another.")
        )
    if errors:
        raise ValidationError(errors)
    consent = GuardianConsent.objects.create(
        pupil=pupil,
        school_class=None if pupil is not None else ref,
        semester=semester,
        scope=scope,
        given_on=given_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="portal.consent.recorded",
        target=consent,
        target_label=str(ref),
        changes={
            "consent": consent.pk,
            "pupil": pupil.pk if pupil is not None else None,
            "semester": str(semester) if semester is not None else "",
            "scope": scope,
            "given_on": given_on.isoformat(),
        },
    )
    if signed_form is not None:
        consent_scan_attach(actor=actor, consent=consent, upload=signed_form)
    return consent


def publications_relying_on(consent: GuardianConsent) -> Any:
    """What the public sees (or is about to) because of this consent, offered or published: publications
    one of whose photos relied on it (for a pupil it covered, or the class), or whose text shows a name
    it covered."""
    relying = Q(photos__consent=consent) | Q(photos__consents=consent) | Q(name_consents=consent)
    return Publication.objects.filter(
        relying, status__in=(Publication.Status.PUBLISHED, Publication.Status.OFFERED)
    ).distinct()


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: GuardianConsent, on: dt.date | None = None) -> list[Publication]:
    """The guardian takes the consent back: from today it covers nothing, and every publication that
    showed a photo under it is withdrawn (returned are the publications withdrawn)."""
    locked = GuardianConsent.objects.select_for_update(of=("self",)).select_related("pupil").get(pk=consent.pk)
    ref = class_of(locked)
    if actor != "system":
        require(actor, MANAGE, ref)
    if locked.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    locked.withdrawn_on = on or timezone.localdate()
    locked.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    withdrawn = _unpublish(actor, locked, ref)
    audit_record(
        actor=actor,
        action="portal.consent.withdrawn",
        target=locked,
        target_label=str(ref),
        changes={
            "consent": locked.pk,
            "withdrawn_on": locked.withdrawn_on.isoformat(),
            "publications": [p.pk for p in withdrawn],
        },
    )
    return withdrawn


def _unpublish(actor: Any, consent: GuardianConsent, ref: ClassRef) -> list[Publication]:
    ids = list(publications_relying_on(consent).values_list("pk", flat=True))
    publications = list(
        Publication.objects.select_for_update(of=("self",)).select_related("studio").filter(pk__in=ids).order_by("pk")
    )
    if not publications:
        return []
    reason = _("The guardian consent one of its photos or names relied on was withdrawn on %(day)s.") % {
        "day": consent.withdrawn_on.isoformat() if consent.withdrawn_on else ""
    }
    was_public = any(p.status == Publication.Status.PUBLISHED for p in publications)
    for publication in publications:
        before = publication.status
        # Every path the publication reached closes with it: the activity's publicity link (its quota
        # credit) and the public search, as the host's own withdrawal does.
        if before == Publication.Status.PUBLISHED and publication.activity is not None:
            activity_publicity_unlink(actor=actor, activity=publication.activity, url=public_url(publication))
        publication.status = Publication.Status.WITHDRAWN
        publication.withdraw_reason = reason
        publication.featured = False
        publication.save(update_fields=["status", "withdraw_reason", "featured", "updated_at"])
        transaction.on_commit(partial(publication_unindexed, publication))
        audit_record(
            actor=actor,
            action="portal.publication.consent_withdrawn",
            target=publication,
            changes={"status": [before, publication.status], "reason": reason, "consent": consent.pk},
        )
    _tell_authors_and_hosts(publications, reason)
    if was_public:
        transaction.on_commit(public_pages_changed)
    return publications


def _tell_authors_and_hosts(publications: list[Publication], reason: str) -> None:
    teacher_ids = {p.author_id for p in publications} | {p.studio.host_id for p in publications}
    users: dict[int | None, list[User]] = {}
    for user in User.objects.filter(teacher_id__in=[t for t in teacher_ids if t], is_active=True):
        users.setdefault(user.teacher_id, []).append(user)
    messages = []
    for publication in publications:
        for teacher_id in {publication.author_id, publication.studio.host_id} - {None}:
            for user in users.get(teacher_id, []):
                messages.append(
                    Message(
                        recipient=user,
                        title=_("Withdrawn from the public site: %(title)s") % {"title": publication.title},
                        body=reason,
                        dedupe_key=f"portal.consent-withdrawn.{publication.pk}",
                    )
                )
    notifications_send(messages)


def consent_anonymise(pupil: Pupil) -> None:
    """The pupil's records are anonymised (after leaving, or erased on request): their consents go. One
    that a photo used is withdrawn (taking the photo's publication down) and kept, its pupil now
    anonymous, as the record of why the photo was shown; the others are deleted. Every signed form goes
    (it bears the pupil's name). One query for a pupil without consents (the daily step runs it for
    every pupil it anonymises)."""
    consents = list(GuardianConsent.objects.filter(pupil=pupil).annotate(used=Exists(_photos_of())))
    if not consents:
        return
    for consent in consents:
        if consent.withdrawn_on is None:
            consent_withdraw(actor="system", consent=consent)
    scans = list(ConsentScan.objects.filter(consent__in=consents))
    for scan in scans:
        stored_file_discard(scan)
    ConsentScan.objects.filter(pk__in=[scan.pk for scan in scans]).delete()
    unused = [consent.pk for consent in consents if not consent.used]
    if unused:
        GuardianConsent.objects.filter(pk__in=unused).delete()


def _photos_of() -> Any:
    """What a published photo or text relied on: kept as the record of why it was shown."""
    return Publication.objects.filter(
        Q(photos__consent=OuterRef("pk")) | Q(photos__consents=OuterRef("pk")) | Q(name_consents=OuterRef("pk"))
    )


@transaction.atomic
def consent_scan_attach(*, actor: Any, consent: GuardianConsent, upload: Any) -> ConsentScan:
    """The signed form (PDF, JPEG or PNG), kept beside the consent for those who may view the class's
    consents; refused in Chinese when its content or size is wrong, with nothing stored."""
    ref = class_of(consent)
    require(actor, MANAGE, ref)
    scan = stored_file_accept(ConsentScan, upload, uploaded_by=actor, consent=consent)
    audit_record(
        actor=actor,
        action="portal.consent.form_attached",
        target=consent,
        target_label=str(ref),
        changes={"consent": consent.pk, "kind": scan.kind, "size": scan.size},
    )
    return scan
