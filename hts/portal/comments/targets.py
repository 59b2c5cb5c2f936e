"""Where a comment or message goes: a published publication, a studio's board or a bureau's portal,
found from the address (`kind`, `uid`) the public pages and the form fragment share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from hts.org.models import Region
from hts.portal.models import Publication
from hts.studios.models import Studio

if TYPE_CHECKING:
    from hts.portal.comments.models import Comment

PUBLICATION = "publication"
STUDIO = "studio"
BUREAU = "bureau"
KINDS = (PUBLICATION, STUDIO, BUREAU)


@dataclass(frozen=True)
class Target:
    kind: str
    studio: Studio | None = None
    publication: Publication | None = None
    region: Region | None = None

    @property
    def uid(self) -> str:
        owner = self.publication or self.studio or self.region
        return str(owner.uid)  # type: ignore[union-attr]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.uid}"

    @property
    def policy_region(self) -> Region:
        """The region whose portal policy (sensitive words, rate) applies."""
        if self.region is not None:
            return self.region
        return self.studio.host_school.region  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        if self.publication is not None:
            # A withdrawn item's title is no longer public: the studio's name stands for it.
            return self.publication.title if self.publication.is_public else self.studio.name  # type: ignore[union-attr]
        if self.studio is not None:
            return self.studio.name
        return _("%(region)s education portal") % {"region": self.region.name}  # type: ignore[union-attr]

    def form_url(self) -> str:
        return reverse("portal-comments-form", kwargs={"kind": self.kind, "uid": self.uid})

    def public_url(self) -> str:
        """The real home of this thread: the item's page or the board on the studio's website, the board on the
        bureau's portal; "" for a studio without a website."""
        if self.region is not None:
            return reverse("portal-bureau-messages", kwargs={"code": self.region.code})
        site = getattr(self.studio, "site", None) if self.studio is not None else None
        if site is None:
            return ""
        if self.publication is not None:
            return reverse("portal-site-item", kwargs={"slug": site.slug, "uid": self.publication.uid})
        return reverse("portal-site-messages", kwargs={"slug": site.slug})


def studio_is_public(studio: Studio) -> bool:
    """A running or closed studio has a public site; one never selected has none."""
    return studio.is_running or studio.is_closed


def target_for(kind: str, uid: str) -> Target:
    """The target at this address, or 404 for anything the public may not see (a draft, withdrawn or
    returned publication, a studio never selected)."""
    if kind == PUBLICATION:
        publication = (
            Publication.objects.select_related("studio__host_school__region", "studio__site").filter(uid=uid).first()
        )
        # Never published (offered, returned): nothing of it, not even its title, exists for the public. A
        # withdrawn one answers, so a visitor whose page went stale is told why their comment is refused.
        if publication is None or publication.published_at is None or not studio_is_public(publication.studio):
            raise Http404
        return Target(PUBLICATION, studio=publication.studio, publication=publication)
    if kind == STUDIO:
        studio = Studio.objects.select_related("host_school__region", "site").filter(uid=uid).first()
        if studio is None or not studio_is_public(studio):
            raise Http404
        return Target(STUDIO, studio=studio)
    if kind == BUREAU:
        region = Region.objects.filter(uid=uid).first()
        if region is None:
            raise Http404
        return Target(BUREAU, region=region)
    raise Http404


def target_of(comment: Comment) -> Target:
    if comment.publication_id is not None:
        return Target(PUBLICATION, studio=comment.studio, publication=comment.publication)
    if comment.studio_id is not None:
        return Target(STUDIO, studio=comment.studio)
    return Target(BUREAU, region=comment.region)
