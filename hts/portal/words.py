"""The sensitive-word check every public write goes through (comments, messages, forum posts, ideas)."""

from __future__ import annotations

from hts.org.calendar import lineage_paths
from hts.org.models import Region
from hts.portal.models import PortalPolicy


def portal_policy_for(region: Region) -> PortalPolicy | None:
    """The policy of `region` or of its nearest ancestor that has one (one query)."""
    return (
        PortalPolicy.objects.filter(region__path__in=lineage_paths(region.path))
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


def sensitive_words_found(text: str, region: Region) -> list[str]:
    """The listed words `text` holds (case-insensitive; spaces inside the text are ignored, so that
    "敏 感" does not slip past "敏感"), in list order."""
    policy = portal_policy_for(region)
    if policy is None or not text:
        return []
    plain = "".join(text.split()).casefold()
    return [word for word in policy.word_list() if "".join(word.split()).casefold() in plain]
