"""A computed rubric item's parameters in words (the page showed the stored dict: `{'chars': 5000}`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.translation import gettext as _

from hts.activities.models import ActivityKind
from hts.archives.models import ItemKind
from hts.evaluation.rounds.evidence import archive_kinds
from hts.research.models import Achievement

register = template.Library()


def _kinds(values: Iterable[str], choices: Any) -> str:
    labels = dict(choices)
    return "、".join(str(labels.get(value, value)) for value in values)


@register.filter
def params_label(item: Any) -> str:
    """One line per parameter of the item's computation, each labelled in the reader's language."""
    params = item.params or {}
    parts = []
    if params.get("kinds"):
        if item.computation in ("training", "activities"):
            kinds = _kinds(params["kinds"], ActivityKind.choices)
        else:
            kinds = _kinds(archive_kinds(params["kinds"]), ItemKind.choices)
        parts.append(_("Kinds counted: %(kinds)s") % {"kinds": kinds})
    if params.get("achievement_kinds"):
        kinds = _kinds(params["achievement_kinds"], Achievement.Kind.choices)
        parts.append(_("Achievements counted: %(kinds)s") % {"kinds": kinds})
    if params.get("projects"):
        parts.append(_("Concluded research projects count"))
    if params.get("chars"):
        parts.append(_("Full points from %(chars)s characters") % {"chars": params["chars"]})
    if params.get("village_chars"):
        parts.append(_("Village schools: %(chars)s characters") % {"chars": params["village_chars"]})
    if params.get("per_unit"):
        parts.append(_("%(points)s points per unit of level weight") % {"points": params["per_unit"]})
    if params.get("per_activity"):
        parts.append(_("%(points)s points per activity") % {"points": params["per_activity"]})
    known = {"kinds", "achievement_kinds", "projects", "chars", "village_chars", "per_unit", "per_activity"}
    if any(key not in known for key in params):
        parts.append(_("Other settings"))
    return "；".join(parts)
