"""The built-in policy templates: one module per document, each a PolicyBundle with every part.

| code      | document | module        |
| --------- | -------- | ------------- |
| shenzhen  | 003      | shenzhen.py   |
| zaozhuang | 000      | zaozhuang.py  |
| ganyu     | 001      | ganyu.py      |

They live in studios, the lowest app that needs them (a batch's composition and standards), as plain
data importing no app, so every app above (activities, funds, research, evaluation) can read its own
part without an upward import. A bureau copies a template into a batch (and a region) and edits the
copy there; code asks the copy, never these modules, except to create it. Each owning app creates
its part through its own service, registered in `hts.studios.template_parts`.
"""

from __future__ import annotations

from typing import Any

from hts.studios.policy_templates import ganyu, shenzhen, zaozhuang
from hts.studios.policy_templates.bundle import PolicyBundle

BUNDLES: dict[str, PolicyBundle] = {bundle.code: bundle for bundle in (shenzhen.BUNDLE, zaozhuang.BUNDLE, ganyu.BUNDLE)}


def bundle_for(template: str) -> PolicyBundle | None:
    return BUNDLES.get(template)


def policy_values(template: str) -> dict[str, Any]:
    """The BatchPolicy fields of a template (without the batch-level cycle length)."""
    return BUNDLES[template].batch_values()


# Where no region has set its own level weights, achievements are weighted as 001 附件2 items 17 and 23
# say: the only document that sets level weights.
DEFAULT_LEVEL_WEIGHTS = ganyu.LEVEL_WEIGHTS

__all__ = ["BUNDLES", "DEFAULT_LEVEL_WEIGHTS", "PolicyBundle", "bundle_for", "policy_values"]
