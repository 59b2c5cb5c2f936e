"""The shape of a built-in policy template: one bundle holds every part of a batch's or region's policy.

Plain data, importing no app: each owning app reads its part from here (studios the batch policy,
activities the quotas, funds the funding, research the level weights, evaluation the rubric).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# The portal's sensitive words (issue 16 point 4): no policy document lists any, so each template starts
# from the platform's list of what floods public comment boxes (gambling, obscenity, fake invoices and
# certificates, click farming, loan and cash-out ads, exam impersonation) and of 有偿补课, which the
# teachers' code of conduct (师德) forbids a teacher to advertise. A bureau edits its own.
SENSITIVE_WORDS = """博彩
赌博
网赌
六合彩
色情
裸聊
约炮
代开发票
办证
刷单
套现
网络贷款
代考
兼职日结
有偿补课"""


@dataclass(frozen=True)
class PolicyBundle:
    code: str
    label: str
    # The document the template comes from (a file of ../shared/policies/).
    source: str
    cycle_years: int
    # BatchPolicy's values: composition, host and member standards, review, assessment, hours.
    batch: dict[str, Any]
    # QuotaRule rows (activities); an empty tuple where the document sets no task quotas.
    quotas: tuple[dict[str, Any], ...] = ()
    # FundingPolicy's values (funds); None where the document sets no funding.
    funding: dict[str, Any] | None = None
    # Weight per achievement level (research's WeightPolicy); None where the document sets none.
    level_weights: dict[str, Decimal] | None = None
    # The rubric the template evaluates head teachers with (evaluation); None where it sets none.
    rubric: dict[str, Any] | None = field(default=None)
    # CorpsPolicy's values (corps: trainee year, certificates, training, gates); None where the document
    # sets no corps rules.
    corps: dict[str, Any] | None = None
    # The corps' example rank scheme (ranks with their criteria) for the region; None where it sets none.
    ranks: dict[str, Any] | None = None
    # ClassworkPolicy's values (classwork: the frequencies of a class's work log); None where the document
    # sets none.
    classwork: dict[str, Any] | None = None
    # PortalPolicy's values (portal: the sensitive words and the comments an hour from one address); None
    # where the template sets none.
    portal: dict[str, Any] | None = None

    def batch_values(self) -> dict[str, Any]:
        return dict(self.batch)

    def quota_values(self) -> list[dict[str, Any]]:
        return copy.deepcopy(list(self.quotas))

    def funding_values(self) -> dict[str, Any] | None:
        return copy.deepcopy(self.funding)

    def corps_values(self) -> dict[str, Any] | None:
        return dict(self.corps) if self.corps is not None else None

    def classwork_values(self) -> dict[str, Any] | None:
        return dict(self.classwork) if self.classwork is not None else None

    def portal_values(self) -> dict[str, Any] | None:
        return dict(self.portal) if self.portal is not None else None

    def weight_values(self) -> dict[str, Decimal] | None:
        return dict(self.level_weights) if self.level_weights is not None else None
