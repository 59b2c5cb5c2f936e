"""What personal data the corps app keeps, for the data inventory (registered in CorpsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import (
    KEPT_AS_CORPS_RECORD,
    SEEN_BY_TEACHER_AND_OFFICES,
    TEACHERS,
    register_personal_data,
)


def register() -> None:
    register_personal_data(
        "corps.certificate",
        subject=TEACHERS,
        title=_("Head-teacher certificates"),
        model="corps.Certificate",
        fields=("kind", "number", "holder", "issued_on", "valid_until", "revoked_at", "revocation_reason"),
        purpose=_("The training and qualification certificates of 001 二 4 and 7, and their public check."),
        seen_by=_(
            "The holder, their school's office and the bureaus above it; anyone with the certificate's code sees "
            "only the name, number, type and validity."
        ),
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "corps.training",
        subject=TEACHERS,
        title=_("Training scores"),
        model="corps.Enrolment",
        fields=("course", "theory_score", "practice_score"),
        purpose=_("Whether a head teacher passed the pre-service, renewal and yearly courses (001 二 4, 7)."),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "corps.appointment",
        subject=TEACHERS,
        title=_("Applications for a head-teacher post"),
        model="corps.Application",
        fields=(
            "teaching_years",
            "subject_taught",
            "reasons",
            "plans",
            "record",
            "preferred_grades",
            "speech_score",
            "rating_score",
            "combined",
        ),
        purpose=_("The competitive appointment of 001 二 6: the application, its checks and scores."),
        seen_by=_("The applicant, their school's office and the round's panel."),
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "corps.rank",
        subject=TEACHERS,
        title=_("Ranks and allowance"),
        model="corps.RankAssignment",
        fields=("rank", "started_on", "ended_on", "reason"),
        purpose=_("The head teacher's rank and the monthly allowance paid by it (001 二 5, 三 9)."),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "corps.honours",
        subject=TEACHERS,
        title=_("Honours nominations"),
        model="corps.Nomination",
        fields=(
            "teacher",
            "statement",
            ("checks", _("Checks against the call's conditions")),
            "score",
            ("rank", _("Place in the ranking")),
        ),
        purpose=_("Honours calls of 001 二 10: nomination, checks, the panel's scores and the public notice."),
        seen_by=_("The nominee, the nominating school, the call's organiser and panel; the final list is public."),
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "corps.mentoring",
        subject=TEACHERS,
        title=_("Mentoring sessions"),
        model="corps.GuidanceSession",
        fields=("pair", "held_on", "topic", "notes", "hours"),
        purpose=_("The mentoring pairs of 001 二 2 and the mentors' guidance hours (rubric item 18)."),
        seen_by=_("The mentor, the mentee, their school's office and the bureaus above it."),
        kept=KEPT_AS_CORPS_RECORD,
    )
