"""What personal data evaluation keeps, for the data inventory (registered in EvaluationConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import KEPT_AS_CORPS_RECORD, TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "evaluation.result",
        subject=TEACHERS,
        title=_("Evaluation results"),
        model="evaluation.Subject",
        fields=("teacher", "total", "rank_in_school", "rank_in_district", "grade"),
        purpose=_("The monthly, semester and yearly evaluation of 001 附件2 and its consequences."),
        seen_by=_(
            "The person (raters anonymous), the round's organiser and raters; ranks are published in the public notice."
        ),
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "evaluation.score",
        subject=TEACHERS,
        title=_("Scores and objections"),
        model="evaluation.Score",
        fields=(("rater", _("Rater")), ("item", _("Item")), "points", "reason", ("evidence", _("Evidence"))),
        purpose=_("Each rater's score of each item, with the reason for a score other than the proposal."),
        seen_by=_("The rater and the round's organiser; the person sees the item's result, not who scored it."),
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "evaluation.democratic",
        subject=TEACHERS,
        title=_("Democratic rating answers"),
        model="evaluation.RatingResponse",
        fields=(("subject", _("Person evaluated")), "mark", "comment"),
        purpose=_("The democratic rating (民主测评) by parents, pupils or colleagues; answers are anonymous."),
        seen_by=_("The round's organiser, and only above the minimum number of answers."),
        kept=KEPT_AS_CORPS_RECORD,
    )
