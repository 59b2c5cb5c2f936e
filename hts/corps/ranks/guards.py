"""Who may change a rank scheme: the school's staff its own scheme (corps.ranks.manage), a bureau its
region's default (corps.ranks.scheme)."""

from __future__ import annotations

from typing import Any

from hts.accounts.access import can, require
from hts.corps.ranks.models import RankScheme


def scheme_action(scheme: RankScheme) -> str:
    return "corps.ranks.manage" if scheme.school_id else "corps.ranks.scheme"


def require_scheme_edit(actor: Any, scheme: RankScheme) -> None:
    require(actor, scheme_action(scheme), scheme.school if scheme.school_id else scheme.region)


def can_edit_scheme(actor: Any, scheme: RankScheme) -> bool:
    return can(actor, scheme_action(scheme), scheme.school if scheme.school_id else scheme.region)
