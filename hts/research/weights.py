"""Level weights: which policy governs a region, and the weighted score of verified achievements.

The evaluation issue reads only `weight_for`, `weights_for` and `weighted_score`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from hts.org.calendar import lineage_paths
from hts.org.models import Region
from hts.research.models import DEFAULT_WEIGHTS, Achievement, WeightPolicy


def policy_for(region: Region) -> WeightPolicy | None:
    """The policy of `region` or of its nearest ancestor that has one (one query); None: the defaults."""
    return (
        WeightPolicy.objects.filter(region__path__in=lineage_paths(region.path))
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


def weights_for(region: Region) -> dict[str, Decimal]:
    policy = policy_for(region)
    return policy.weights() if policy is not None else dict(DEFAULT_WEIGHTS)


def weight_for(region: Region, level: str) -> Decimal:
    return weights_for(region)[level]


def weighted_score(achievements: Iterable[Achievement]) -> Decimal:
    """The sum of the level weights of the verified achievements among `achievements`.

    Each weight comes from the policy of the owner's school's region; one query per distinct region
    (callers select_related `owner__school__region`).
    """
    by_region: dict[int, dict[str, Decimal]] = {}
    total = Decimal("0")
    for achievement in achievements:
        if not achievement.counts:
            continue
        region = achievement.owner.school.region
        if region.pk not in by_region:
            by_region[region.pk] = weights_for(region)
        total += by_region[region.pk][achievement.level]
    return total
