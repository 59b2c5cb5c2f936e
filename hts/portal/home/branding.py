"""The brand a public page wears: the region shown's own, or its nearest ancestor's (one query).

Every public page of the portal (and of the other parts: studio sites, blogs) puts
``brand_context(region)`` in its context; ``templates/portal/public_base.html`` reads ``portal_brand``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.templatetags.static import static
from django.urls import reverse

from hts.org.calendar import lineage_paths
from hts.org.models import Region
from hts.portal.home.models import PortalBrand


@dataclass(frozen=True)
class Brand:
    name: str
    footer: str = ""
    filing_number: str = ""
    logo_url: str = ""
    region_code: str = ""  # the region whose brand this is (an ancestor's for a subregion)


def brand_for(region: Region | None) -> Brand:
    """The nearest brand up the region's lineage; without one, the bureau's name (no query more)."""
    if region is None:
        return Brand(name="")
    row = (
        PortalBrand.objects.filter(region__path__in=lineage_paths(region.path))
        .select_related("region", "logo")
        .order_by("-region__depth")
        .first()
    )
    if row is None:
        return Brand(name="")
    logo = getattr(row, "logo", None)
    return Brand(
        name=row.name,
        footer=row.footer,
        filing_number=row.filing_number,
        logo_url=reverse("portal-brand-logo", args=[row.region.code, logo.uid]) if logo else "",
        region_code=row.region.code,
    )


# The platform's mark at 1200×630: the share picture of a page with neither a photo nor a bureau's logo.
SHARE_DEFAULT_IMAGE = "img/share-default.png"


def share_image(brand: Brand | None, image: str = "") -> str:
    """A share card's picture (a path): the page's own, else the bureau's logo, else the platform's mark,
    so a text item's card is not blank in a chat."""
    return image or (brand.logo_url if brand else "") or static(SHARE_DEFAULT_IMAGE)


def brand_context(region: Region | None) -> dict[str, Any]:
    return {"portal_brand": brand_for(region)}
