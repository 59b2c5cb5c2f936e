"""Reads of honours calls: each role's lists, one call's ranked nominations, the public notice, and the
to-dos of whoever must act next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404, scoped
from hts.accounts.models import RoleAssignment, User
from hts.accounts.permissions import principal_for
from hts.core.todos import Todo
from hts.corps.honours.models import HonourCall, HonourObjection, HonourQuota, Nomination, PanelMember
from hts.org.calendar import calendar_region
from hts.org.models import Region, School, SchoolClass, SchoolYear, Teacher
from hts.org.selectors import serving_now

ORGANISE, NOMINATE = "corps.honours.organise", "corps.honours.nominate"
CALL_RELATED = ("school_year", "region", "school")


def calls_organised(user: Any) -> QuerySet[HonourCall]:
    return scoped(user, ORGANISE, HonourCall.objects.select_related(*CALL_RELATED)).order_by(
        "-school_year__starts_on", "-created_at"
    )


def call_get(user: Any, uid: Any, action: str = ORGANISE) -> HonourCall:
    return get_scoped_or_404(user, action, HonourCall.objects.select_related(*CALL_RELATED), uid=uid)


def quotas_to_nominate(user: Any) -> QuerySet[HonourQuota]:
    """The quotas of the user's schools in calls past their draft, with the nominations `used`."""
    _used = (
        Nomination.objects.filter(call_id=OuterRef("call_id"), school_id=OuterRef("school_id"))
        .exclude(status=Nomination.Status.WITHDRAWN)
        .values("call_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        scoped(user, NOMINATE, HonourQuota.objects.select_related("school", "call__school_year"))
        .exclude(call__status=HonourCall.Status.DRAFT)
        .annotate(used=Coalesce(Subquery(_used), 0))
        .order_by("-call__created_at", "school__name")
    )


def quota_get(user: Any, call_uid: Any, school_uid: Any) -> HonourQuota:
    return get_scoped_or_404(
        user,
        NOMINATE,
        HonourQuota.objects.select_related("school__region", "call__school_year", "call__region", "call__school"),
        call__uid=call_uid,
        school__uid=school_uid,
    )


def nominations_of(call: HonourCall) -> QuerySet[Nomination]:
    return (
        call.nominations.exclude(status=Nomination.Status.WITHDRAWN)
        .select_related("teacher", "school", "school_class")
        .annotate(scored=Count("scores"))
        .order_by("rank", "school__name", "teacher__name", "pk")
    )


def school_nominations(call: HonourCall, school: School) -> QuerySet[Nomination]:
    return call.nominations.filter(school=school).select_related("teacher", "school_class").order_by("-created_at")


def candidates(school: School) -> QuerySet[Teacher]:
    """The school's teachers heading a class today (a school may nominate no one else)."""
    return Teacher.objects.filter(school=school).filter(serving_now()).order_by("name", "pk")


def candidate_classes(school: School) -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.filter(school=school, head_teacher__isnull=False)
        .select_related("head_teacher")
        .order_by("grade", "name")
    )


def reach_schools(call: HonourCall) -> QuerySet[School]:
    if call.school_id:
        return School.objects.filter(pk=call.school_id)
    return School.objects.filter(region__path__startswith=call.organiser_path).order_by("name")


def calendar_years(region: Region) -> QuerySet[SchoolYear]:
    source = calendar_region(region)
    return SchoolYear.objects.filter(region=source).order_by("-starts_on") if source else SchoolYear.objects.none()


def panel_eligible(call: HonourCall) -> QuerySet[User]:
    """Who may sit on the call's panel: the active accounts within its reach (the teachers of its schools,
    and the staff holding a role on its region's subtree or on one of its schools)."""
    schools = reach_schools(call).values("pk")
    roles = RoleAssignment.objects.active().filter(
        Q(school_id__in=schools) | Q(region__path__startswith=call.organiser_path)
    )
    if call.school_id:
        roles = RoleAssignment.objects.active().filter(school_id=call.school_id)
    return User.objects.filter(is_active=True).filter(
        Q(teacher__school_id__in=schools) | Q(pk__in=roles.values("user_id"))
    )


def panel_lookup(call: HonourCall, typed: str) -> list[User]:
    """The eligible accounts `typed` names: its username exactly, else everyone of that full name."""
    eligible = panel_eligible(call).select_related("teacher__school")
    by_username = list(eligible.filter(username=typed))
    return by_username or list(eligible.filter(full_name=typed).order_by("username")[:10])


def panel_calls(user: Any) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(user=user).select_related("call__school_year").order_by("-call__created_at")


def panel_member(user: Any, call: HonourCall) -> PanelMember | None:
    return PanelMember.objects.filter(call=call, user=user).first() if user.is_authenticated else None


def my_nominations(user: Any) -> QuerySet[Nomination]:
    teacher_id = getattr(user, "teacher_id", None)
    if teacher_id is None:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(teacher_id=teacher_id)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .select_related("call__school_year", "school_class")
        .order_by("-created_at")
    )


def notices_for(user: Any) -> QuerySet[HonourCall]:
    """Calls in 公示 or final that reach the user's school (a teacher's, or the staff's)."""
    schools = {getattr(getattr(user, "teacher", None), "school_id", None)}
    schools |= {grant.school_id for grant in principal_for(user).grants if grant.school_id}
    schools.discard(None)
    paths = list(School.objects.filter(pk__in=schools).values_list("region__path", flat=True))
    reach = Q(school_id__in=schools)
    for path in paths:
        reach |= Q(region__isnull=False, organiser_path__in=[path[: i + 1] for i, c in enumerate(path) if c == "/"])
    return (
        HonourCall.objects.filter(reach, status__in=[HonourCall.Status.PUBLICITY, HonourCall.Status.FINAL])
        .select_related(*CALL_RELATED)
        .order_by("-published_on")
    )


def notice_list(call: HonourCall) -> QuerySet[Nomination]:
    shown = [Nomination.Status.PROPOSED, Nomination.Status.AWARDED, Nomination.Status.REMOVED]
    return (
        call.nominations.filter(status__in=shown)
        .select_related("teacher", "school", "school_class")
        .order_by("rank", "pk")
    )


def objections_of(call: HonourCall) -> QuerySet[HonourObjection]:
    return (
        HonourObjection.objects.filter(nomination__call=call)
        .select_related("nomination__teacher", "nomination__school_class", "raised_by", "decided_by")
        .order_by("status", "created_at")
    )


def todos(user: Any, today: dt.date | None = None) -> list[Todo]:
    """What waits for this user, whoever they are in the selection: a bounded number of queries."""
    today = today or timezone.localdate()
    found: list[Todo] = []
    principal = principal_for(user)
    if principal.can(ORGANISE):
        calls = (
            calls_organised(user)
            .exclude(status=HonourCall.Status.FINAL)
            .annotate(
                open_objections=Count("nominations__objections", filter=Q(nominations__objections__status="open"))
            )[:50]
        )
        for call in calls:
            url = reverse("corps-honours-call", kwargs={"uid": call.uid})
            text: str = {
                HonourCall.Status.DRAFT: _("%(title)s: set quotas and the panel, then open the call"),
                HonourCall.Status.NOMINATING: _("%(title)s: close nominations after %(date)s"),
                HonourCall.Status.REVIEW: _("%(title)s: publish the ranked list once the panel has scored"),
                HonourCall.Status.PUBLICITY: _(
                    "%(title)s: decide objections and publish the final list after %(date)s"
                ),
            }[HonourCall.Status(call.status)]
            date = call.objections_until if call.status == HonourCall.Status.PUBLICITY else call.nominations_until
            # Since its last step (the call's last change).
            since = call.updated_at
            found.append(Todo(text % {"title": call.title, "date": date.isoformat() if date else ""}, url, since))
            if call.open_objections:
                found.append(
                    Todo(
                        _("%(title)s: %(count)d objections wait for a decision")
                        % {"title": call.title, "count": call.open_objections},
                        url,
                        since,
                    )
                )
    if principal.can(NOMINATE):
        for quota in quotas_to_nominate(user).filter(
            call__status=HonourCall.Status.NOMINATING, call__nominations_until__gte=today
        )[:50]:
            used: int = quota.used  # type: ignore[attr-defined]
            if used < quota.places:
                url = reverse("corps-honours-nominate", kwargs={"uid": quota.call.uid}) + f"?school={quota.school.uid}"
                found.append(
                    Todo(
                        _("%(title)s: %(school)s may nominate %(left)d more by %(date)s")
                        % {
                            "title": quota.call.title,
                            "school": quota.school.name,
                            "left": quota.places - used,
                            "date": quota.call.nominations_until.isoformat(),
                        },
                        url,
                        quota.call.updated_at,
                    )
                )
    return found + scoring_todos(user)


def scoring_todos(user: Any) -> list[Todo]:
    """The panel member's part of the to-dos (one query): each call in review with nominees they have not
    scored yet, linking to its score sheet. Also shown on the home page and on 我的推荐与公示, where a
    head teacher on a panel looks."""
    if not getattr(user, "is_authenticated", False):
        return []
    unscored = Nomination.objects.filter(call_id=OuterRef("call_id"), status=Nomination.Status.NOMINATED).exclude(
        scores__member_id=OuterRef("pk")
    )
    return [
        Todo(
            _("%(title)s: score the nominees by %(date)s")
            % {"title": member.call.title, "date": member.call.review_until.isoformat()},
            reverse("corps-honours-score", kwargs={"uid": member.call.uid}),
            member.call.updated_at,
        )
        for member in panel_calls(user).filter(call__status=HonourCall.Status.REVIEW).filter(Exists(unscored))[:50]
    ]
