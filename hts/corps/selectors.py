"""Which corps policy governs a place."""

from __future__ import annotations

from hts.corps.models import CorpsPolicy
from hts.org.calendar import lineage_paths
from hts.org.models import Region


def policy_for(region: Region) -> CorpsPolicy | None:
    """The policy of `region` or of its nearest ancestor that has one (one query); None: no corps rule
    applies there."""
    return (
        CorpsPolicy.objects.filter(region__path__in=lineage_paths(region.path))
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )
