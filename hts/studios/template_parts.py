"""Who creates each part of a policy from a template: a registry the owning apps fill at start-up.

Studios creates the batch policy itself; every other part belongs to an app above studios
(activities' quota rules, funds' funding policy, research's level weights, evaluation's rubric),
which registers a function in its AppConfig.ready, so studios never imports them:

    register_template_part("quotas", quota_rules_from_template)             # batch part
    register_template_part("weights", weights_from_template, scope=REGION)  # region part

A batch part is called as fn(policy=BatchPolicy, bundle=PolicyBundle, actor=user) when a batch is
created; a region part as fn(region=Region, bundle=PolicyBundle, actor=user) when a batch is created
in the region or the region's policy is created from a template. Each part decides for itself what
"none" means (a bundle part set to None creates nothing) and keeps rows that already exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BATCH = "batch"
REGION = "region"

_PARTS: dict[str, dict[str, Callable[..., Any]]] = {BATCH: {}, REGION: {}}


def register_template_part(name: str, fn: Callable[..., Any], *, scope: str = BATCH) -> None:
    """Idempotent: registering the same name again replaces the function (ready() may run twice)."""
    if scope not in _PARTS:
        raise ValueError(f"Unknown template-part scope {scope!r}")
    _PARTS[scope][name] = fn


def template_parts(scope: str = BATCH) -> dict[str, Callable[..., Any]]:
    return dict(_PARTS[scope])
