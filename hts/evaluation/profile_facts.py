"""What evaluation puts on a teacher's profile (org's registry, issue 13 point 10): a failing yearly
result the bureau confirmed (001 10: the certificate is marked for revocation, no honours that year)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hts.evaluation.models import YearlyFailure
from hts.org.models import Teacher
from hts.org.profile_facts import ProfileFact


def yearly_failure_facts(teacher: Teacher) -> list[ProfileFact]:
    failures = YearlyFailure.objects.filter(teacher=teacher, status=YearlyFailure.Status.CONFIRMED).select_related(
        "school_year"
    )
    return [
        ProfileFact(
            label=_("Yearly evaluation failed"),
            text=_("%(year)s, confirmed by the bureau: no honour or promotion that year%(certificate)s.")
            % {
                "year": failure.school_year.label,
                "certificate": _("; the head-teacher certificate is marked for revocation")
                if failure.certificate_revocation
                else "",
            },
            tone="danger",
            testid="yearly-failure",
        )
        for failure in failures.order_by("-school_year__starts_on")
    ]
