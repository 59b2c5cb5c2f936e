"""Writes of the studio websites: the site's address, offers, the publish step, return, withdrawal, the
host's news, the compilation of results and a member's public profile. Each step is audited, tells who
must act next, and (when the public sees something new) calls ``public_pages_changed``."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from hts.accounts.access import require
from hts.activities.models import Activity
from hts.activities.services import activity_publicity_link, activity_publicity_unlink
from hts.archives.models import ArchiveItem
from hts.archives.sanitise import clean_html
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept
from hts.core.search.index import search_index_put
from hts.notifications.services import Message, notifications_send
from hts.org.models import Teacher
from hts.portal.exposure.api import photo_decision, public_photo_upload, text_for_public
from hts.portal.models import Publication, PublicationPhoto, Section
from hts.portal.public import public_pages_changed
from hts.portal.search_public import publication_indexed, publication_unindexed
from hts.portal.sites import guards
from hts.portal.sites.models import MemberPhoto, MemberProfile, StudioSite
from hts.portal.words import sensitive_words_found
from hts.research.models import Achievement
from hts.studios.models import Membership, Studio

# Addresses a studio may not take: they read as the site's own pages or the platform's.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "static", "media", "new", "edit", "rss", "feed", "qr", "photo", "search", "sitemap"}
    | {"login", "logout", "accounts", "portal", "www", "s", "u", "p", "studio", "studios", "bureau", "news"}
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 40


def _refuse(ok_reason: tuple[bool, str]) -> None:
    ok, reason = ok_reason
    if not ok:
        raise PermissionDenied(reason)


# --- the site's address ---------------------------------------------------------------------------------


def slug_from_name(name: str) -> str:
    """“向阳花”名班主任工作室 → xiangyanghua: the pinyin of the name without the words every studio bears."""
    core = re.sub(r"[“”\"'‘’《》「」]", "", name)
    for tail in ("名班主任工作室", "班主任工作室", "工作室"):
        if core.endswith(tail) and len(core) > len(tail):
            core = core[: -len(tail)]
            break
    letters = "".join(re.sub(r"[^a-z0-9]", "", part.lower()) for part in lazy_pinyin(core))
    return letters[:SLUG_MAX] or "studio"


def free_slug(wanted: str, *, exclude_site_id: int | None = None) -> str:
    """`wanted` when no other site has it (nor is it reserved), else the first free `wanted-N`."""
    others = StudioSite.objects.filter(slug__startswith=wanted)
    if exclude_site_id is not None:
        others = others.exclude(pk=exclude_site_id)
    taken = set(others.values_list("slug", flat=True))
    if wanted not in taken and wanted not in RESERVED_SLUGS:
        return wanted
    n = 2
    while f"{wanted[: SLUG_MAX - 4]}-{n}" in taken:
        n += 1
    return f"{wanted[: SLUG_MAX - 4]}-{n}"


def slug_check(slug: str, *, site: StudioSite | None = None) -> str:
    """The slug as stored, or a ValidationError in words the host can act on."""
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
        raise ValidationError(
            _("Use lowercase letters, digits and hyphens only (at most %(n)s), e.g. xiangyanghua.") % {"n": SLUG_MAX}
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for the platform. A free address: %(free)s")
            % {"slug": slug, "free": free_slug(slug + "-site")}
        )
    own_id = site.pk if site is not None else None
    same = StudioSite.objects.filter(slug=slug)
    if (same.exclude(pk=own_id) if own_id is not None else same).exists():
        raise ValidationError(
            _("Another studio already uses “%(slug)s”. A free address: %(free)s")
            % {"slug": slug, "free": free_slug(slug, exclude_site_id=own_id)}
        )
    return slug


def site_ensure(studio: Studio) -> StudioSite | None:
    """The studio's site (made on first need, its address from the name's pinyin); None without one."""
    if not guards.has_site(studio):
        return None
    site = StudioSite.objects.filter(studio=studio).first()
    if site is None:
        site, created = StudioSite.objects.get_or_create(
            studio=studio, defaults={"slug": free_slug(slug_from_name(studio.name))}
        )
        if created:
            search_index_put(studio)  # the public search finds a studio once it has a website
    return site


def site_update(*, actor: Any, site: StudioSite, slug: str, intro: str) -> StudioSite:
    require(actor, "portal.moderate", site.studio)
    _refuse(guards.studio_open(site.studio))
    slug = slug_check(slug, site=site)
    before = {"slug": site.slug, "intro": site.intro}
    with transaction.atomic():
        site.slug, site.intro, site.updated_by = slug, intro.strip(), actor
        site.save()
        changes = {k: [v, getattr(site, k)] for k, v in before.items() if v != getattr(site, k)}
        audit_record(actor=actor, action="portal.site.updated", target=site, changes=changes)
        search_index_put(site.studio)
    public_pages_changed()
    return site


def sites_closing(*, studio: Studio, actor: Any, reason: str = "") -> int:
    """A studio closing step: the cached public pages go (a revoked studio's site must not linger), and
    so do its website's and its authors' blogs' search entries."""
    public_pages_changed()
    search_index_put(studio)
    for author in Teacher.objects.filter(publications__studio=studio).distinct():
        search_index_put(author)
    return 0


# --- offers ---------------------------------------------------------------------------------------------


def _host_users(studio: Studio) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            teacher__memberships__studio=studio,
            teacher__memberships__role=Membership.Role.HOST,
            teacher__memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        )
    )


def _queue_url(studio: Studio) -> str:
    return reverse("portal-sites-queue", kwargs={"uid": studio.uid})


def _offer(*, actor: Any, studio: Studio, section: str, title: str, author: Any, **source: Any) -> Publication:
    with transaction.atomic():
        # A returned offer of the same source goes back to the queue rather than making a second row.
        publication = (
            Publication.objects.select_for_update()
            .filter(studio=studio, status=Publication.Status.RETURNED, **source)
            .first()
        )
        if publication is None:
            publication = Publication(studio=studio, **source)
        publication.section, publication.title, publication.author = section, title[:120], author
        publication.status, publication.offered_by = Publication.Status.OFFERED, actor
        publication.return_note = ""
        publication.save()
        audit_record(actor=actor, action="portal.publication.offered", target=publication)
        notifications_send(
            Message(
                recipient=host,
                title=_("“%(title)s” is offered for the studio's website") % {"title": publication.title},
                body=_("Check it in the publish step, then publish it or return it with a note."),
                url=_queue_url(studio),
                dedupe_key=f"portal:offer:{publication.uid}:{uuid.uuid4().hex[:8]}",
            )
            for host in _host_users(studio)
            if host.pk != actor.pk
        )
    return publication


def offer_archive_item(*, actor: Any, item: ArchiveItem, studio: Studio) -> Publication:
    _refuse(guards.can_offer_item(actor, item, studio))
    return _offer(
        actor=actor,
        studio=studio,
        section=guards.SECTION_OF_KIND[item.kind],
        title=item.title,
        author=item.owner_teacher,
        archive_item=item,
    )


def offer_activity(*, actor: Any, activity: Activity) -> Publication:
    _refuse(guards.can_offer_activity(actor, activity))
    studio = cast(Studio, activity.studio)  # the guard refused an activity of no studio
    return _offer(
        actor=actor, studio=studio, section=Section.NEWS, title=activity.title, author=None, activity=activity
    )


def offer_achievement(*, actor: Any, achievement: Achievement, studio: Studio) -> Publication:
    _refuse(guards.can_offer_achievement(actor, achievement, studio))
    return _offer(
        actor=actor,
        studio=studio,
        section=Section.RESEARCH,
        title=achievement.title,
        author=achievement.owner,
        achievement=achievement,
    )


def news_write(*, actor: Any, studio: Studio, title: str, body: str, photos: list[Any]) -> Publication:
    """The host's own news: it waits in the queue like an offer, and goes public through the same publish step."""
    require(actor, "portal.moderate", studio)
    _refuse(guards.studio_open(studio))
    with transaction.atomic():
        publication = Publication.objects.create(
            studio=studio, section=Section.NEWS, title=title[:120], body=clean_html(body), offered_by=actor
        )
        for upload in photos:
            stored_file_accept(PublicationPhoto, upload, uploaded_by=actor, publication=publication)
        audit_record(actor=actor, action="portal.publication.offered", target=publication)
    return publication


def compilation_offer(*, actor: Any, studio: Studio) -> Publication:
    """The cycle's 成果集 as a page: a chapter per team member with their shared results, the research
    projects; it goes public through the publish step like anything else."""
    from hts.archives.selectors import compilation_items, compilation_team
    from hts.research.models import ResearchProject

    require(actor, "portal.moderate", studio)
    _refuse(guards.studio_open(studio))
    parts: list[str] = []
    for membership in compilation_team(studio):
        items = compilation_items(actor, membership)
        rows = "".join(f"<li>{escape(i.title)}（{escape(i.get_kind_display())}，{i.date:%Y-%m}）</li>" for i in items)
        parts.append(
            f"<h3>{escape(membership.person_name)}（{escape(membership.get_role_display())}）</h3>"
            + (f"<ul>{rows}</ul>" if rows else "")
        )
    projects = ResearchProject.objects.filter(
        studio=studio, status__in=[ResearchProject.Status.APPROVED, ResearchProject.Status.MIDTERM,
                                   ResearchProject.Status.CONCLUDED]
    ).order_by("starts_on", "id")  # fmt: skip
    if projects:
        parts.append(f"<h3>{escape(_('Research projects'))}</h3><ul>")
        parts.extend(f"<li>{escape(p.title)}（{escape(p.get_level_display())}）</li>" for p in projects)
        parts.append("</ul>")
    batch = studio.batch
    title = _("%(studio)s: compilation of results %(start)s–%(end)s") % {
        "studio": studio.name,
        "start": batch.start_year,
        "end": batch.start_year + batch.cycle_years - 1,
    }
    with transaction.atomic():
        publication = Publication.objects.create(
            studio=studio, section=Section.COMPILATION, title=title[:120], body="".join(parts), offered_by=actor
        )
        audit_record(actor=actor, action="portal.publication.offered", target=publication)
    return publication


# --- the publish step -----------------------------------------------------------------------------------


def _check_words(studio: Studio, text: str) -> None:
    """The region's sensitive words (``hts.portal.words``) bar a publication as they bar a comment."""
    found = sensitive_words_found(text, studio.host_school.region)
    if found:
        raise ValidationError(
            _("The text holds words the region does not allow in public: %(words)s.") % {"words": "、".join(found)}
        )


def source_text(publication: Publication) -> str:
    """The source's text as it reads now, cleaned: what the publish step copies."""
    item, activity, achievement = publication.archive_item, publication.activity, publication.achievement
    if item is not None:
        return clean_html(item.body)
    if activity is not None:
        return clean_html(linebreaks(escape(activity.minutes or activity.agenda)))
    if achievement is not None:
        return (
            f"<p>{escape(achievement.get_kind_display())} · {escape(achievement.get_level_display())} · "
            f"{escape(achievement.issuer)} · {achievement.achieved_on:%Y-%m-%d}</p>"
        )
    return clean_html(publication.body)


def source_date(publication: Publication) -> Any:
    item, activity, achievement = publication.archive_item, publication.activity, publication.achievement
    if item is not None:
        return item.date
    if activity is not None:
        return timezone.localtime(activity.starts_at).date()
    if achievement is not None:
        return achievement.achieved_on
    return timezone.localdate()


@dataclass
class PhotoCandidate:
    """A photo the publish step may copy: an image of the source, or one uploaded with the host's news."""

    key: str
    name: str
    record: Any  # an ArchiveFile, ActivityAttachment or (news) PublicationPhoto

    def data(self) -> bytes:
        with self.record.file.open("rb") as handle:
            return bytes(handle.read())


def photo_candidates(publication: Publication) -> list[PhotoCandidate]:
    item, activity = publication.archive_item, publication.activity
    records: list[Any]
    if item is not None:
        records = [f for f in item.files.all() if f.is_image]
    elif activity is not None:
        records = [f for f in activity.attachments.all() if f.is_image]
    elif publication.achievement_id:
        records = []
    else:
        records = list(publication.photos.all())
    return [PhotoCandidate(key=str(r.uid) if hasattr(r, "uid") else str(r.pk), name=r.original_name, record=r)
            for r in records]  # fmt: skip


@dataclass
class PhotoChoice:
    candidate: PhotoCandidate
    include: bool = True
    shows_pupils: bool = False
    school_class_id: int | None = None
    blur: bool = False
    caption: str = ""
    pupils: list[Any] = field(default_factory=list)  # the pupils the host named (each needs a consent)


@dataclass
class PhotoOutcome:
    choice: PhotoChoice
    allowed: bool
    reason: str = ""
    consent: Any = None
    consents: tuple[Any, ...] = ()


def photo_outcomes(publication: Publication, choices: list[PhotoChoice]) -> list[PhotoOutcome]:
    """What `photo_decision` says of each photo the host included (the preview and the publish step)."""
    on = source_date(publication)
    outcomes = []
    for choice in choices:
        if not choice.include:
            continue
        decision = photo_decision(
            shows_pupils=choice.shows_pupils,
            on=on,
            school_class_id=choice.school_class_id,
            pupils=choice.pupils,
            blur=choice.blur,
        )
        outcomes.append(PhotoOutcome(choice, decision.allowed, decision.reason, decision.consent, decision.consents))
    return outcomes


def public_url(publication: Publication) -> str:
    site = StudioSite.objects.get(studio_id=publication.studio_id)
    path = reverse("portal-site-item", kwargs={"slug": site.slug, "uid": publication.uid})
    return f"{settings.SITE_URL}{path}"


def publication_publish(
    *,
    actor: Any,
    publication: Publication,
    choices: list[PhotoChoice],
    wechat_url: str = "",
    weibo_url: str = "",
) -> tuple[Publication, list[PhotoOutcome]]:
    """Copies the masked, sanitised text and the allowed photos; a refused photo is left out (returned
    with its reason). Later edits of the source never reach the public page."""
    _refuse(guards.can_moderate(actor, publication))
    site_ensure(publication.studio)
    on = source_date(publication)
    masked = text_for_public(source_text(publication), studio=publication.studio, on=on)
    title = text_for_public(escape(publication.title), studio=publication.studio, on=on)
    _check_words(publication.studio, publication.title + " " + strip_tags(masked.html))
    outcomes = photo_outcomes(publication, choices)
    refused = [o for o in outcomes if not o.allowed]
    now = timezone.now()
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.status != Publication.Status.OFFERED:
            raise PermissionDenied(_("Only an offered item awaits a decision."))
        news_photos = {str(p.uid): p for p in publication.photos.all()}
        kept: set[str] = set()
        for outcome in outcomes:
            if not outcome.allowed:
                continue
            choice = outcome.choice
            # Never the original: the public copy is re-encoded (no EXIF, no GPS), cut to a public size,
            # and its faces blurred when the host asked.
            upload, _photo = public_photo_upload(
                choice.candidate.data(), name=choice.candidate.name, blur=outcome.choice.blur
            )
            stored = stored_file_accept(
                PublicationPhoto,
                upload,
                uploaded_by=actor,
                publication=publication,
                caption=choice.caption[:200],
                shows_pupils=choice.shows_pupils,
                faces_blurred=choice.blur and choice.shows_pupils,
                consent=outcome.consent,
            )
            stored.consents.set(outcome.consents)
            kept.add(choice.candidate.key)
        # The news' own uploads were only candidates: the copies above are what the public sees.
        for photo in news_photos.values():
            photo.file.delete(save=False)
            photo.thumbnail.delete(save=False)
            photo.delete()
        publication.title = strip_tags(title.html)[:120] if title.names else publication.title
        publication.body = masked.html
        publication.masked_names = sorted(set(masked.names) | set(title.names))
        publication.summary = Truncator(strip_tags(masked.html)).chars(140)
        publication.status = Publication.Status.PUBLISHED
        publication.published_at = publication.decided_at = now
        publication.decided_by = actor
        publication.wechat_url, publication.weibo_url = wechat_url, weibo_url
        publication.save()
        publication.name_consents.set({*masked.consents, *title.consents})
        audit_record(
            actor=actor,
            action="portal.publication.published",
            target=publication,
            changes={
                "photos": len(kept),
                "photos_refused": len(refused),
                "masked": len(publication.masked_names),
                "consents": sorted({c.pk for o in outcomes if o.allowed for c in o.consents}),
                "names_shown": len(masked.shown) + len(title.shown),
            },
        )
        if publication.activity is not None:
            activity_publicity_link(actor=actor, activity=publication.activity, url=public_url(publication))
        _tell_author(publication, actor, _("“%(title)s” is published on the studio's website"))
        transaction.on_commit(lambda: publication_indexed(publication))
    public_pages_changed()
    return publication, refused


def _tell_author(publication: Publication, actor: Any, title: str, body: str = "") -> None:
    recipients = []
    if publication.offered_by_id and publication.offered_by_id != actor.pk:
        recipients.append(publication.offered_by)
    notifications_send(
        Message(
            recipient=user,
            title=title % {"title": publication.title},
            body=body,
            url=reverse("portal-sites-mine"),
            dedupe_key=f"portal:{publication.status}:{publication.uid}:{uuid.uuid4().hex[:8]}",
        )
        for user in recipients
    )


def publication_return(*, actor: Any, publication: Publication, note: str) -> Publication:
    _refuse(guards.can_moderate(actor, publication))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what to change: the note goes to the author."))
    with transaction.atomic():
        publication.status = Publication.Status.RETURNED
        publication.return_note = note[:500]
        publication.decided_by, publication.decided_at = actor, timezone.now()
        publication.save()
        audit_record(actor=actor, action="portal.publication.returned", target=publication, changes={"note": note})
        _tell_author(publication, actor, _("“%(title)s” was returned by the studio's host"), note)
    return publication


def publication_withdraw(*, actor: Any, publication: Publication, reason: str = "") -> Publication:
    _refuse(guards.can_withdraw(actor, publication))
    was_public = publication.is_public
    url = public_url(publication) if was_public and publication.activity_id else ""
    with transaction.atomic():
        publication.status = Publication.Status.WITHDRAWN
        publication.withdraw_reason = (reason or "").strip()[:500]
        publication.featured = False
        publication.save()
        audit_record(actor=actor, action="portal.publication.withdrawn", target=publication, changes={"reason": reason})
        if url and publication.activity is not None:
            activity_publicity_unlink(actor=actor, activity=publication.activity, url=url)
        _tell_author(publication, actor, _("“%(title)s” was withdrawn from the studio's website"), reason)
        for host in _host_users(publication.studio):
            if host.pk not in (actor.pk, publication.offered_by_id):
                notifications_send(
                    [
                        Message(
                            recipient=host,
                            title=_("“%(title)s” was withdrawn from the studio's website")
                            % {"title": publication.title},
                            url=_queue_url(publication.studio),
                            dedupe_key=f"portal:withdrawn:{publication.uid}",
                        )
                    ]
                )
        transaction.on_commit(lambda: publication_unindexed(publication))
    if was_public:
        public_pages_changed()
    return publication


def publication_links(*, actor: Any, publication: Publication, wechat_url: str, weibo_url: str) -> Publication:
    """The same piece on WeChat or Weibo, recorded after publishing (the host)."""
    require(actor, "portal.moderate", publication)
    before = [publication.wechat_url, publication.weibo_url]
    with transaction.atomic():
        publication.wechat_url, publication.weibo_url = wechat_url, weibo_url
        publication.save(update_fields=["wechat_url", "weibo_url", "updated_at"])
        audit_record(
            actor=actor,
            action="portal.publication.links",
            target=publication,
            changes={"wechat_url": [before[0], wechat_url], "weibo_url": [before[1], weibo_url]},
        )
    public_pages_changed()
    return publication


# --- a member's public page -----------------------------------------------------------------------------


def profile_update(*, actor: Any, profile: str, email: str, show_email: bool, photo: Any = None) -> MemberProfile:
    teacher = getattr(actor, "teacher", None)
    if teacher is None:
        raise PermissionDenied(_("Only a teacher has a public page."))
    with transaction.atomic():
        record, _created = MemberProfile.objects.get_or_create(teacher=teacher)
        before = {"profile": record.profile, "email": record.email, "show_email": record.show_email}
        record.profile, record.email, record.show_email = profile.strip(), email.strip(), show_email
        record.save()
        if photo is not None:
            old = MemberPhoto.objects.filter(profile=record).first()
            if old is not None:
                old.file.delete(save=False)
                old.thumbnail.delete(save=False)
                old.delete()
            stored_file_accept(MemberPhoto, photo, uploaded_by=actor, profile=record)
        changes = {k: [v, getattr(record, k)] for k, v in before.items() if v != getattr(record, k)}
        if photo is not None:
            changes["photo"] = ["", photo.name]
        audit_record(actor=actor, action="portal.profile.updated", target=record, changes=changes)
    public_pages_changed()
    return record
