"""The evaluation app's models, defined in its sub-packages by sub-domain. Django discovers an app's
models through this module, so it imports every sub-package's models; the app label stays
``evaluation``. New code imports from the sub-package (``hts.evaluation.rounds.models``)."""

from hts.evaluation.democratic.models import DemocraticRating, RatingResponse, RatingToken
from hts.evaluation.grades.models import MemberGrade, YearlyFailure
from hts.evaluation.observations.models import Observation, ObservationScore, Observer
from hts.evaluation.publication.models import Correction, Objection
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rubrics.models import (
    POINTS,
    Computation,
    Rubric,
    RubricItem,
    RubricKind,
    RubricSection,
    RubricVersion,
)

__all__ = [
    "POINTS",
    "Computation",
    "Correction",
    "DemocraticRating",
    "EvaluationRound",
    "ItemResult",
    "MemberGrade",
    "Objection",
    "Observation",
    "ObservationScore",
    "Observer",
    "Rater",
    "RatingResponse",
    "RatingToken",
    "Rubric",
    "RubricItem",
    "RubricKind",
    "RubricSection",
    "RubricVersion",
    "Score",
    "Subject",
    "YearlyFailure",
]
