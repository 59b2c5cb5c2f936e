"""Writes of the bureau portal: its brand, its notices, and which published items it features.

Each write is audited and makes every cached public page render afresh (``public_pages_changed``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.models import User
from hts.archives.editor import editor_html
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept, stored_file_discard
from hts.core.search.index import search_index_put
from hts.notifications.services import Message, notifications_send
from hts.org.models import Region
from hts.portal.home import guards, selectors
from hts.portal.home.models import BrandLogo, Notice, NoticeAttachment, PortalBrand
from hts.portal.models import Publication
from hts.portal.public import public_pages_changed
from hts.portal.words import sensitive_words_found
from hts.studios.models import Membership


def _insist(result: tuple[bool, str]) -> None:
    ok, reason = result
    if not ok:
        raise PermissionDenied(reason)


def _public_changed() -> None:
    # Now, and again once committed: a visit between the two would cache the page as it was.
    public_pages_changed()
    transaction.on_commit(public_pages_changed)


def _check_words(region: Region, **texts: str) -> None:
    errors = {}
    for name, text in texts.items():
        found = sensitive_words_found(text, region)
        if found:
            errors[name] = _("It holds words this region does not allow: %(words)s") % {"words": "、".join(found)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def brand_save(
    *,
    actor: User,
    region: Region,
    name: str,
    footer: str = "",
    filing_number: str = "",
    logo: Any = None,
    remove_logo: bool = False,
) -> PortalBrand:
    _insist(guards.can_manage(region, actor))
    _check_words(region, name=name, footer=footer)
    brand = PortalBrand.objects.filter(region=region).first() or PortalBrand(region=region)
    before = {"name": brand.name, "footer": brand.footer, "filing_number": brand.filing_number}
    brand.name, brand.footer, brand.filing_number = name.strip(), footer.strip(), filing_number.strip()
    brand.updated_by = actor
    brand.save()
    old = BrandLogo.objects.filter(brand=brand).first()
    if (logo is not None or remove_logo) and old is not None:
        stored_file_discard(old)
        old.delete()
    if logo is not None:
        stored_file_accept(BrandLogo, logo, uploaded_by=actor, brand=brand)
    after = {"name": brand.name, "footer": brand.footer, "filing_number": brand.filing_number}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if logo is not None:
        changes["logo"] = ["", logo.name]
    elif remove_logo and old is not None:
        changes["logo"] = [old.original_name, ""]
    audit_record(actor=actor, action="portal.brand.saved", target=brand, changes=changes)
    _public_changed()
    return brand


@transaction.atomic
def notice_save(
    *,
    actor: User,
    region: Region,
    title: str,
    body: str,
    notice: Notice | None = None,
    attachment: Any = None,
    remove_attachment: bool = False,
) -> Notice:
    """A new draft, or an edit of a notice (a published one stays published, its text changed)."""
    _insist(guards.can_manage(region, actor))
    if notice is not None and notice.region_id != region.pk:
        raise PermissionDenied(_("The notice belongs to another region."))
    body = editor_html(body)
    if not body:
        raise ValidationError({"body": _("Write the notice's text.")})
    _check_words(region, title=title, body=body)
    created = notice is None
    notice = notice or Notice(region=region, created_by=actor)
    changes = {} if created else {f: [getattr(notice, f), v] for f, v in (("title", title), ("body", body))}
    notice.title, notice.body = title.strip(), body
    notice.save()
    old = NoticeAttachment.objects.filter(notice=notice).first()
    if (attachment is not None or remove_attachment) and old is not None:
        stored_file_discard(old)
        old.delete()
    if attachment is not None:
        stored_file_accept(NoticeAttachment, attachment, uploaded_by=actor, notice=notice)
        changes["attachment"] = ["", attachment.name]
    audit_record(
        actor=actor,
        action="portal.notice.created" if created else "portal.notice.updated",
        target=notice,
        changes={k: v for k, v in changes.items() if v[0] != v[1]},
    )
    if notice.is_public:
        search_index_put(notice)
        _public_changed()
    return notice


@transaction.atomic
def notice_publish(*, actor: User, notice: Notice) -> Notice:
    _insist(guards.can_publish_notice(notice, actor))
    notice.status = Notice.Status.PUBLISHED
    notice.published_on = timezone.localdate()
    notice.save(update_fields=["status", "published_on", "updated_at"])
    audit_record(actor=actor, action="portal.notice.published", target=notice)
    search_index_put(notice)
    _public_changed()
    # Those it concerns hear of it once (a notice taken off and published again is not sent twice).
    url = reverse("portal-notice", args=[notice.region.code, notice.uid])
    title = _("New notice from %(region)s: %(title)s") % {"region": notice.region.name, "title": notice.title}
    notifications_send(
        Message(recipient=user, title=title, url=url, dedupe_key=f"portal.notice:{notice.uid}")
        for user in selectors.notice_audience(notice.region)
    )
    return notice


@transaction.atomic
def notice_unpublish(*, actor: User, notice: Notice) -> Notice:
    """Back to a draft: off the portal at once."""
    _insist(guards.can_manage(notice.region, actor))
    if notice.status != Notice.Status.PUBLISHED:
        raise ValidationError(_("The notice is not published."))
    notice.status = Notice.Status.DRAFT
    notice.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="portal.notice.unpublished", target=notice)
    search_index_put(notice)  # a draft's entry is dropped
    _public_changed()
    return notice


@transaction.atomic
def publication_feature(*, actor: User, region: Region, publication: Publication, featured: bool) -> Publication:
    """Feature (or stop featuring) a published item of the region's studios on its portal; the studio's
    host and the author hear of it."""
    _insist(guards.can_feature(publication, region, actor))
    if publication.featured == featured:
        return publication
    publication.featured = featured
    publication.save(update_fields=["featured", "updated_at"])
    audit_record(
        actor=actor,
        action="portal.publication.featured" if featured else "portal.publication.unfeatured",
        target=publication,
        changes={"featured": [not featured, featured]},
    )
    if featured:
        teachers = set(
            Membership.objects.filter(
                studio=publication.studio_id, role=Membership.Role.HOST, status=Membership.Status.ACTIVE
            ).values_list("teacher_id", flat=True)
        )
        if publication.author_id:
            teachers.add(publication.author_id)
        url = reverse("portal-bureau", args=[region.code])
        notifications_send(
            Message(
                recipient=user,
                title=_("“%(title)s” is featured on the portal of %(region)s")
                % {
                    "title": publication.title,
                    "region": region.name,
                },
                url=url,
                dedupe_key=f"portal.featured:{publication.uid}:{region.pk}",
            )
            for user in User.objects.filter(teacher_id__in=teachers, is_active=True)
        )
    _public_changed()
    return publication
