"""Walks the whole role × action matrix: every role, every action, inside and outside its scope.

Allowed inside the scope → the page works; outside → 404 with none of the object's data; an action
the role does not have → 403.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from hts.accounts.models import Role
from hts.accounts.permissions import ACTIONS, MATRIX, STUDIO_HOST, STUDIO_MEMBER, TEACHER
from hts.activities.models import Activity
from hts.funds.models import Expense
from hts.org.models import Region, School, SchoolClass
from hts.studios.models import Batch, BatchPolicy, Membership, Studio
from hts.studios.policy_templates import policy_values
from testkit import World, client_for, make_region, make_teacher, make_user


@dataclass
class Scope:
    """Objects inside one role's scope, and (where the role has an outside) objects outside it."""

    user: Any
    role: str
    region: Region
    school: School
    teacher: Any
    school_class: SchoolClass
    account: Any
    batch: Any = None
    studio: Any = None
    membership: Any = None
    roles: frozenset[str] = frozenset()
    out_region: Region | None = None
    out_school: School | None = None
    out_teacher: Any = None
    out_class: SchoolClass | None = None
    out_account: Any = None
    out_batch: Any = None
    out_studio: Any = None
    out_membership: Any = None

    def allows(self, action: str) -> bool:
        """The matrix's answer for every role this user holds (a host is also a teacher)."""
        endpoint_actions = {action, *ALSO_ADMITS.get(action, ())}
        return any(a in MATRIX[role] for role in (self.roles or {self.role}) for a in endpoint_actions)


# Team endpoints admit the host (studio.manage_team) and the bureau (membership.approve) alike.
ALSO_ADMITS = {"studio.manage_team": ("membership.approve",), "membership.approve": ("studio.manage_team",)}


def _studio_world(region: Region, school: School, host: Any, admin: Any) -> tuple[Batch, Studio, Membership]:
    batch = Batch.objects.create(
        region=region, name=f"{region.name}第一批", tier="district", start_year=2025, cycle_years=3, created_by=admin
    )
    BatchPolicy.objects.create(batch=batch, template="shenzhen", **policy_values("shenzhen"))
    studio = Studio.objects.create(
        batch=batch,
        name=f"{school.name}工作室",
        stage="primary",
        theme="家校共育",
        plan="计划",
        host=host,
        host_school=school,
        status="active",
    )
    Membership.objects.create(studio=studio, role="host", teacher=host, status="active")
    applicant = make_teacher(school, "申请人")
    pending = Membership.objects.create(studio=studio, role="member", teacher=applicant, status="applied")
    starts = timezone.now() - dt.timedelta(hours=1)
    Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title=f"{school.name}集体研修",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="会议室",
    )
    # A draft expense: signing it for booking is refused in scope (400) and unseen outside (404).
    Expense.objects.create(
        studio=studio, year=2026, spent_on=dt.date(2026, 3, 1), amount=Decimal("100.00"), category="books",
        payee="书店", purpose="图书",
    )  # fmt: skip
    return batch, studio, pending


@pytest.fixture
def scopes(world: World) -> dict[str, Scope]:
    other_city = make_region("广州市", "440100", Region.Kind.CITY, world.province)
    school_c = School.objects.create(name="广州第一中学", code="GZ-01", region=other_city, has_junior=True)
    teacher_c = make_teacher(school_c, "赵广州", mobile="13900000003")
    class_c = SchoolClass.objects.create(school=school_c, stage="junior", grade=8, name="1班")
    account_c = make_user("teacher_c", teacher=teacher_c)
    w = world
    host_a = make_teacher(w.school_a, "主持人甲")
    host_b = make_teacher(w.school_b, "主持人乙")
    batch_a, studio_a, pending_a = _studio_world(w.district_a, w.school_a, host_a, w.admin)
    batch_b, studio_b, pending_b = _studio_world(w.district_b, w.school_b, host_b, w.admin)
    batch_c, studio_c, pending_c = _studio_world(other_city, school_c, make_teacher(school_c, "主持人丙"), w.admin)
    host_user = make_user("host_a", teacher=host_a)
    member_teacher = make_teacher(w.school_a2, "成员甲")
    Membership.objects.create(studio=studio_a, role="member", teacher=member_teacher, status="active")
    member_user = make_user("member_a", teacher=member_teacher)
    studio_inside = {"batch": batch_a, "studio": studio_a, "membership": pending_a}
    # A teacher sees the studio they applied to host, and no other.
    own_application = Studio.objects.create(
        batch=batch_a,
        name="李红申报的工作室",
        stage="primary",
        theme="t",
        plan="p",
        host=w.teacher_a,
        host_school=w.school_a,
        status="applied",
    )
    studio_outside_b = {"out_batch": batch_b, "out_studio": studio_b, "out_membership": pending_b}
    inside = {
        "region": w.district_a,
        "school": w.school_a,
        "teacher": w.teacher_a,
        "school_class": w.class_a,
        "account": w.teacher_user,
        **studio_inside,
    }
    outside_b = {
        **studio_outside_b,
        "out_region": w.district_b,
        "out_school": w.school_b,
        "out_teacher": w.teacher_b,
        "out_class": w.class_b,
        "out_account": w.outsider_teacher_user,
    }
    return {
        Role.SYSTEM_ADMIN: Scope(user=w.admin, role=Role.SYSTEM_ADMIN, **inside),
        "city_staff": Scope(
            user=w.city_staff,
            role=Role.BUREAU_STAFF,
            **inside,
            out_region=other_city,
            out_school=school_c,
            out_teacher=teacher_c,
            out_class=class_c,
            out_account=account_c,
            out_batch=batch_c,
            out_studio=studio_c,
            out_membership=pending_c,
        ),
        Role.BUREAU_STAFF: Scope(user=w.district_staff, role=Role.BUREAU_STAFF, **inside, **outside_b),
        Role.SCHOOL_STAFF: Scope(user=w.school_staff, role=Role.SCHOOL_STAFF, **inside, **outside_b),
        Role.LEGAL_REP: Scope(user=w.legal_rep, role=Role.LEGAL_REP, **inside, **outside_b),
        TEACHER: Scope(user=w.teacher_user, role=TEACHER, **{**inside, "studio": own_application}, **outside_b),
        STUDIO_HOST: Scope(
            user=host_user,
            role=STUDIO_HOST,
            roles=frozenset({STUDIO_HOST, TEACHER}),
            **{**inside, "teacher": host_a},
            **outside_b,
        ),
        STUDIO_MEMBER: Scope(
            user=member_user,
            role=STUDIO_MEMBER,
            roles=frozenset({STUDIO_MEMBER, TEACHER}),
            **{**inside, "teacher": member_teacher},
            **outside_b,
        ),
    }


def _request(client: Any, action: str, s: Scope, outside: bool) -> Any:
    """Perform `action` on the inside object, or on the outside one. Returns the response."""
    region = s.out_region if outside else s.region
    school = s.out_school if outside else s.school
    teacher = s.out_teacher if outside else s.teacher
    school_class = s.out_class if outside else s.school_class
    account = s.out_account if outside else s.account
    batch = s.out_batch if outside else s.batch
    studio = s.out_studio if outside else s.studio
    membership = s.out_membership if outside else s.membership
    get = {
        "region.view": lambda: f"/org/regions/{region.uid}/",
        "region.manage": lambda: f"/org/regions/{region.uid}/edit/",
        "school.view": lambda: f"/org/schools/{school.uid}/",
        "school.create": lambda: "/org/schools/new/",
        "school.edit": lambda: f"/org/schools/{school.uid}/edit/",
        "teacher.view": lambda: f"/org/teachers/{teacher.uid}/",
        "teacher.create": lambda: f"/org/teachers/new/?school={school.uid}",
        "teacher.edit": lambda: f"/org/teachers/{teacher.uid}/edit/",
        "class.view": lambda: f"/org/classes/?school={school.uid}",
        "class.create": lambda: f"/org/schools/{school.uid}/classes/new/",
        "class.edit": lambda: f"/org/classes/{school_class.uid}/edit/",
        "corps.gates.view": lambda: f"/corps/gates/{school.uid}/",
        "calendar.view": lambda: f"/org/regions/{region.uid}/calendar/",
        "calendar.manage": lambda: f"/org/regions/{region.uid}/calendar/new/",
        "roster.import": lambda: "/org/rosters/import/",
        "roster.export": lambda: f"/org/rosters/schools/export.xlsx?q={school.code}",
        "user.view": lambda: f"/accounts/users/{account.uid}/",
        "audit.view": lambda: "/accounts/audit/",
        "batch.view": lambda: f"/studios/batches/{batch.uid}/",
        "batch.manage": lambda: f"/studios/batches/{batch.uid}/policy/",
        "studio.view": lambda: f"/studios/{studio.uid}/",
        "studio.apply": lambda: f"/studios/apply/?teacher={teacher.uid}",
        # Joining is asked of a running studio (the inside one), for an applicant inside or outside.
        "studio.join": lambda: f"/studios/{s.membership.studio.uid}/join/?teacher={teacher.uid}",
        "studio.export": lambda: f"/studios/{studio.uid}/roster.xlsx",
        "activity.view": lambda: (
            f"/activities/{(s.out_studio if outside else s.membership.studio).activities.get().uid}/"
        ),
        "activity.manage": lambda: (
            f"/activities/{(s.out_studio if outside else s.membership.studio).activities.get().uid}/screen/"
        ),
        "activity.checkin": lambda: "/activities/hours/",
        "evaluation.own": lambda: "/evaluation/mine/",
        "evaluation.view": lambda: f"/evaluation/rounds/{_round_of(s, outside).uid}/",
        "evaluation.rate": lambda: "/evaluation/sheets/",
        "funds.view": lambda: f"/funds/studio/{studio.uid}/",
        "funds.grant": lambda: f"/funds/studio/{studio.uid}/grant/",
        "funds.spend": lambda: f"/funds/studio/{studio.uid}/expenses/new/",
        "archive.view": lambda: f"/archives/teacher/{teacher.uid}/",
        "archive.write": lambda: "/archives/new/",
        # A mentor or host appraises an active member of their studio (inside) and no one else (outside).
        "archive.appraise": lambda: (
            f"/archives/teacher/{(s.out_teacher if outside else _active_member(s)).uid}/appraise/"
        ),
        "archive.keep": lambda: f"/archives/studio/{getattr(studio, 'uid', NO_UID)}/new/",
        "research.view": lambda: (
            f"/research/projects/{_project_of(s.out_studio if outside else s.membership.studio).uid}/"
        ),
        "research.manage": lambda: (
            f"/research/projects/{_project_of(s.out_studio if outside else s.membership.studio).uid}/edit/"
        ),
        "achievement.record": lambda: "/research/achievements/new/",
        "achievement.view": lambda: f"/research/achievements/{_achievement_of(teacher).uid}/",
        "weights.manage": lambda: f"/research/weights/{region.uid}/",
        "rubric.view": lambda: f"/evaluation/rubrics/versions/{_rubric_version_of(region).uid}/",
        # Staff over the teacher's school or region, or the host of the teacher's studio (the host themself here).
        "observation.organise": lambda: f"/evaluation/observations/new/?teacher={teacher.uid}",
        "corps.policy.manage": lambda: f"/corps/policy/{region.uid}/",
        "corps.certificate.view": lambda: f"/corps/certificates/{_certificate_of(teacher).uid}/",
        "corps.structure.manage": lambda: f"/corps/structure/school/{school.uid}/",
        "corps.guidance.record": lambda: "/corps/structure/mine/",
        "corps.archive.view": lambda: f"/corps/archive/{teacher.uid}/",
        "corps.appointment.manage": lambda: f"/corps/appointment/school/{school.uid}/",
        "corps.appointment.apply": lambda: "/corps/appointment/mine/",
        "corps.ranks.view": lambda: f"/corps/ranks/{school.uid}/",
        "corps.trainee.manage": lambda: f"/corps/trainee/school/{school.uid}/",
        "corps.honours.organise": lambda: f"/corps/honours/{_honour_call_of(school).uid}/",
        "corps.honours.nominate": lambda: f"/corps/honours/{_honour_call_of(school).uid}/nominate/?school={school.uid}",
        "corps.honours.score": lambda: "/corps/honours/",
        "corps.honours.object": lambda: "/corps/honours/mine/",
        "activity.organise": lambda: f"/corps/training/meetings/{school.uid}/",
        "corps.training.manage": lambda: f"/corps/training/behind/school/{school.uid}/",
        "classwork.policy.manage": lambda: f"/classwork/policy/{region.uid}/",
        "classwork.view": lambda: f"/classwork/class/{_headed_class(s, outside).uid}/pupils/",
        "classwork.pupils.manage": lambda: f"/classwork/class/{_headed_class(s, outside).uid}/pupils/import/",
        "classwork.log.write": lambda: f"/classwork/class/{_headed_class(s, outside).uid}/new/theme_meeting/",
        "classwork.leftbehind.view": lambda: f"/classwork/class/{_headed_class(s, outside).uid}/leftbehind/",
        "classwork.leftbehind.manage": lambda: f"/classwork/class/{_headed_class(s, outside).uid}/leftbehind/new/",
        "classwork.leftbehind.counts": lambda: "/classwork/leftbehind/schools/",
        # The forum and the suggestion box (issue 16 points 5, 6): lists of what the role reaches.
        "forum.take_part": lambda: "/forum/",
        "forum.moderate": lambda: "/forum/boards/new/",
        "ideas.send": lambda: "/ideas/",
        "ideas.answer": lambda: "/ideas/inbox/",
        "ideas.counts": lambda: "/ideas/counts/",
        "classwork.pupils.request": lambda: f"/classwork/pupil/{_pupil_of(_headed_class(s, outside)).uid}/request/",
        # Portal, consent and masking (issue 16 point 8): a class's consents reach whom its pupils reach.
        "portal.consent.view": lambda: f"/portal/consents/class/{_headed_class(s, outside).uid}/",
        "portal.consent.manage": lambda: f"/portal/consents/{_consent_of(_headed_class(s, outside)).uid}/withdraw/",
        # Portal home (issue 16): the bureau's pages for its public portal.
        "portal.home.manage": lambda: f"/portal/manage/{region.code}/",
        # Portal: the essay contest (issue 16 point 7).
        "portal.contest.organise": lambda: f"/contest/{_contest_of(school).uid}/manage/",
        "portal.contest.enter": lambda: "/contest/mine/",
        "portal.contest.judge": lambda: "/contest/judging/",
        # Portal: the studio's website queue and news (issue 16 points 1, 2), comments and the portal policy (4).
        "portal.moderate": lambda: f"/portal/sites/studio/{getattr(studio, 'uid', NO_UID)}/news/",
        "portal.withdraw": lambda: f"/portal/sites/studio/{getattr(studio, 'uid', NO_UID)}/",
        "portal.comments.moderate": lambda: "/comments/",
        "portal.policy.manage": lambda: f"/comments/policy/{region.uid}/",
    }
    # Writes answer 400 when the form or the workflow refuses; the point here is 403 vs 404 vs in.
    post = {
        "studio.review": lambda: (f"/studios/{studio.uid}/review/score/", {"score": ""}),
        "studio.assess": lambda: (f"/studios/{studio.uid}/assess/", {}),
        "studio.override": lambda: (f"/studios/{studio.uid}/activate/", {"override_reason": "试点"}),
        "studio.manage_team": lambda: (f"/studios/{studio.uid}/mentors/invite/", {}),
        "membership.approve": lambda: (f"/studios/{studio.uid}/members/{membership.uid}/approve/", {}),
        "research.approve": lambda: (
            f"/research/projects/{_project_of(s.out_studio if outside else s.membership.studio).uid}/approve/",
            {},
        ),
        "achievement.verify": lambda: (f"/research/achievements/{_achievement_of(teacher).uid}/verify/", {}),
        "rubric.manage": lambda: (f"/evaluation/rubrics/versions/{_rubric_version_of(region).uid}/copy/", {}),
        # Opening a draft round without people is refused (302 with the reason) inside; 404 outside.
        "evaluation.organise": lambda: (f"/evaluation/rounds/{_round_of(s, outside).uid}/open/", {}),
        # An empty grade form is refused (400) inside; another studio answers 404.
        "grade.record": lambda: (f"/evaluation/grades/studio/{getattr(studio, 'uid', NO_UID)}/", {}),
        "failure.review": lambda: (f"/evaluation/grades/failures/{_failure_of(teacher).uid}/review/", {}),
        # An unconfirmed revocation is refused (302 with the reason) inside; another bureau's answers 404.
        "corps.certificate.issue": lambda: (f"/corps/certificates/{_certificate_of(teacher).uid}/revoke/", {}),
        "corps.gates.manage": lambda: (f"/corps/gates/{school.uid}/share/", {"percent": "30"}),
        # An empty month is refused (400) inside; another school answers 404.
        "corps.ranks.manage": lambda: (f"/corps/ranks/{school.uid}/rolls/", {"month": ""}),
        # An empty rank is refused (400) on the region's own scheme; another region's answers 404.
        "corps.ranks.scheme": lambda: (f"/corps/ranks/schemes/{_rank_scheme_of(region).uid}/", {"form": "rank"}),
        "funds.sign": lambda: (
            f"/funds/expenses/{Expense.objects.get(studio=s.out_studio if outside else s.membership.studio).uid}/book/",
            {},
        ),
    }
    if action in post:
        url, data = post[action]()
        return client.post(url, data)
    if action in get:
        return client.get(get[action]())
    if action == "user.manage":
        return client.post(f"/accounts/users/{account.uid}/reset-password/")
    if action == "role.grant":
        return client.post(f"/accounts/users/{account.uid}/roles/", {"role": Role.LEGAL_REP, "school": str(school.pk)})
    raise AssertionError(f"no endpoint declared for {action}")


def _rank_scheme_of(region: Region) -> Any:
    from hts.corps.models import RankScheme

    scheme, _created = RankScheme.objects.get_or_create(
        region=region, defaults={"region_path": region.path, "name": f"{region.name}班主任职级"}
    )
    return scheme


def _certificate_of(teacher: Any) -> Any:
    from hts.corps.models import Certificate

    certificate, _created = Certificate.objects.get_or_create(
        holder=teacher,
        kind="training",
        number=f"T-{teacher.pk}",
        defaults={"issuer": teacher.school.region, "issued_on": dt.date(2026, 8, 1), "evidence": "县岗前培训合格"},
    )
    return certificate


def _project_of(studio: Any) -> Any:
    from hts.research.models import ResearchProject

    project, _created = ResearchProject.objects.get_or_create(
        studio=studio,
        title=f"{studio.name}课题",
        defaults={
            "level": "county",
            "starts_on": dt.date(2026, 3, 1),
            "ends_on": dt.date(2027, 6, 30),
            "lead": studio.host,
        },
    )
    return project


def _achievement_of(teacher: Any) -> Any:
    from hts.research.models import Achievement

    achievement, _created = Achievement.objects.get_or_create(
        owner=teacher,
        title=f"{teacher.name}的成果",
        defaults={"kind": "honour", "level": "county", "achieved_on": dt.date(2026, 1, 1), "issuer": "教育局"},
    )
    return achievement


def _rubric_version_of(region: Any) -> Any:
    from hts.evaluation.rubrics.models import Rubric, RubricVersion

    rubric, _created = Rubric.objects.get_or_create(region=region, name=f"{region.name}考评表", kind="head_teacher")
    version, _created = RubricVersion.objects.get_or_create(rubric=rubric, number=1, defaults={"status": "active"})
    return version


def _round_of(s: Scope, outside: bool) -> Any:
    """A draft yearly round of the scope's school (of its studio, for a studio host)."""
    from hts.evaluation.rounds.models import EvaluationRound
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import SchoolYear
    from testkit import make_school_year

    school = s.out_school if outside else s.school
    studio = (s.out_studio if outside else s.membership.studio) if s.role == STUDIO_HOST else None
    region = (studio.host_school if studio else school).region
    year = SchoolYear.objects.filter(region=region).first() or make_school_year(region, 2026)
    rnd, _created = EvaluationRound.objects.get_or_create(
        title=f"{(studio or school).name}年度考评",
        defaults={
            "period": "yearly", "school_year": year, "school": None if studio else school, "studio": studio,
            "region_path": region.path, "version": RubricVersion.objects.get(rubric__builtin_code="ganyu"),
        },
    )  # fmt: skip
    return rnd


def _failure_of(teacher: Any) -> Any:
    """A failing yearly result of the teacher, as a school's final yearly round reports it."""
    from hts.evaluation.grades.models import YearlyFailure
    from hts.evaluation.rounds.models import EvaluationRound, Subject
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import SchoolYear
    from testkit import make_school_year

    school = teacher.school
    year = SchoolYear.objects.filter(region=school.region).first() or make_school_year(school.region, 2026)
    rnd, _created = EvaluationRound.objects.get_or_create(
        title=f"{school.name}学年度考评",
        defaults={
            "period": "yearly", "school_year": year, "school": school, "region_path": school.region.path,
            "version": RubricVersion.objects.get(rubric__builtin_code="ganyu"), "status": "final",
        },
    )  # fmt: skip
    subject, _created = Subject.objects.get_or_create(
        round=rnd, teacher=teacher, defaults={"school": school, "district_path": school.region.path, "grade": "failed"}
    )
    failure, _created = YearlyFailure.objects.get_or_create(teacher=teacher, school_year=year, subject=subject)
    return failure


def _honour_call_of(school: Any) -> Any:
    """A school's own honours call taking nominations, with a quota for the school."""
    from hts.corps.honours.models import HonourCall, HonourQuota
    from hts.org.models import SchoolYear
    from testkit import make_school_year

    year = SchoolYear.objects.filter(region=school.region).first() or make_school_year(school.region, 2026)
    call, created = HonourCall.objects.get_or_create(
        school=school,
        title=f"{school.name}明星班主任",
        defaults={
            "school_year": year, "level": "school", "places": 1, "organiser_path": school.region.path,
            "nominations_until": dt.date(2099, 1, 1), "review_until": dt.date(2099, 2, 1), "status": "nominating",
        },
    )  # fmt: skip
    if created:
        HonourQuota.objects.create(call=call, school=school, places=1)
    return call


def _contest_of(school: Any) -> Any:
    """A school's own essay contest (portal, issue 16 point 7)."""
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.portal.contest.models import Contest

    contest, _created = Contest.objects.get_or_create(
        school=school,
        title=f"{school.name}征文",
        defaults={
            "theme": "t", "categories": "论文", "organiser_path": school.region.path, "opens_on": dt.date(2026, 1, 1),
            "closes_on": dt.date(2026, 2, 1), "judging_until": dt.date(2026, 3, 1),
            "version": RubricVersion.objects.get(rubric__builtin_code="essay"),
        },
    )  # fmt: skip
    return contest


NO_UID = "00000000-0000-0000-0000-000000000000"


def _headed_class(s: Scope, outside: bool) -> Any:
    """The scope teacher's own class (a teacher reaches a class's pupils by heading it), else the inside
    class; outside, the outside class."""
    if outside:
        return s.out_class
    headed = SchoolClass.objects.filter(head_teacher=s.teacher).first()
    if headed is None and s.role in (STUDIO_HOST, STUDIO_MEMBER):
        headed = SchoolClass.objects.create(
            school=s.teacher.school, stage="primary", grade=5, name=f"{s.teacher.pk}班", head_teacher=s.teacher
        )
    return headed or s.school_class


# Pupils are minors: a role without the class work actions gets 404, as outside the scope, so no page
# even says that a class keeps pupils.
HIDDEN_WITHOUT_ROLE = {"classwork.view", "classwork.pupils.manage", "classwork.log.write", "classwork.pupils.request"}
HIDDEN_WITHOUT_ROLE |= {"classwork.leftbehind.view", "classwork.leftbehind.manage"}
HIDDEN_WITHOUT_ROLE |= {"portal.consent.view", "portal.consent.manage"}


def _pupil_of(school_class: Any) -> Any:
    from hts.classwork.models import Pupil

    return Pupil.objects.get_or_create(school_class=school_class, name="矩阵学生", defaults={"gender": "F"})[0]


def _consent_of(school_class: Any) -> Any:
    import datetime as dt

    from hts.portal.models import GuardianConsent

    pupil = _pupil_of(school_class)
    return GuardianConsent.objects.get_or_create(pupil=pupil, defaults={"given_on": dt.date(2026, 9, 1)})[0]


def _active_member(s: Scope) -> Any:
    if s.membership is None:
        return s.teacher
    member = Membership.objects.filter(studio=s.membership.studio, role="member", status="active").first()
    return member.teacher if member else s.teacher


# Actions whose page is a list or form without one object: outside-scope data must simply not show.
LIST_LIKE = {
    "achievement.record",
    "class.view",
    "roster.export",
    "audit.view",
    "roster.import",
    "school.create",
    "activity.checkin",
}
LIST_LIKE |= {"archive.write"}
LIST_LIKE |= {"evaluation.own"}
LIST_LIKE |= {"evaluation.rate"}
LIST_LIKE |= {"corps.guidance.record"}
LIST_LIKE |= {"corps.appointment.apply"}
LIST_LIKE |= {"corps.honours.score", "corps.honours.object"}
LIST_LIKE |= {"classwork.leftbehind.counts"}
LIST_LIKE |= {"forum.take_part", "forum.moderate", "ideas.send", "ideas.answer", "ideas.counts"}
LIST_LIKE |= {"portal.contest.enter", "portal.contest.judge"}
LIST_LIKE |= {"portal.comments.moderate"}
ROLE_KEYS = [
    Role.SYSTEM_ADMIN,
    "city_staff",
    Role.BUREAU_STAFF,
    Role.SCHOOL_STAFF,
    Role.LEGAL_REP,
    TEACHER,
    STUDIO_HOST,
    STUDIO_MEMBER,
]


def test_every_action_has_an_endpoint_in_this_walk() -> None:
    """A new action must be added to `_request` (and so to this list) to be walked."""
    walked = (
        "region.view region.manage school.view school.create school.edit teacher.view teacher.create "
        "teacher.edit class.view class.create class.edit calendar.view calendar.manage roster.import roster.export user.view user.manage "
        "role.grant audit.view batch.view batch.manage studio.view studio.apply studio.review studio.assess "
        "studio.override studio.manage_team studio.join membership.approve studio.export activity.view "
        "activity.manage activity.checkin funds.view funds.grant funds.spend funds.sign"
    )
    walked += " research.view research.manage research.approve achievement.record achievement.view"
    walked += " achievement.verify weights.manage"
    walked += " archive.view archive.write archive.appraise archive.keep"
    walked += " evaluation.own"
    walked += " rubric.view rubric.manage"
    walked += " observation.organise"
    walked += " evaluation.view evaluation.organise evaluation.rate"
    walked += " grade.record failure.review"
    walked += " corps.policy.manage corps.certificate.view corps.certificate.issue"
    walked += " corps.gates.view corps.gates.manage"
    walked += " corps.structure.manage corps.guidance.record"
    walked += " corps.archive.view"
    walked += " corps.appointment.manage corps.appointment.apply"
    walked += " corps.ranks.view corps.ranks.manage corps.ranks.scheme"
    walked += " corps.trainee.manage"
    walked += " corps.honours.organise corps.honours.nominate corps.honours.score corps.honours.object"
    walked += " activity.organise corps.training.manage"
    walked += " classwork.policy.manage classwork.view classwork.pupils.manage classwork.log.write"
    walked += " classwork.leftbehind.view classwork.leftbehind.manage classwork.leftbehind.counts"
    walked += " classwork.pupils.request"
    walked += " portal.consent.view portal.consent.manage"
    walked += " portal.home.manage"
    walked += " forum.take_part forum.moderate ideas.send ideas.answer ideas.counts"
    walked += " portal.contest.organise portal.contest.enter portal.contest.judge"
    walked += " portal.moderate portal.withdraw portal.comments.moderate portal.policy.manage"
    assert set(ACTIONS) == set(walked.split())


@pytest.mark.parametrize("role_key", ROLE_KEYS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_matrix(scopes: dict[str, Scope], role_key: str, action: str) -> None:
    s = scopes[role_key]
    client = client_for(s.user)
    allowed = s.allows(action)
    response = _request(client, action, s, outside=False)
    if not allowed:
        expected = 404 if action in HIDDEN_WITHOUT_ROLE else 403
        assert response.status_code == expected, (role_key, action, response.status_code)
        return
    assert response.status_code in (200, 302, 400), (role_key, action, response.status_code)
    if s.out_school is None:
        return  # the system administrator has no outside
    outside = _request(client, action, s, outside=True)
    if action in LIST_LIKE:
        assert outside.status_code in (200, 302, 403)
        body = b"".join(outside) if outside.streaming else outside.content
        assert s.out_school.name.encode() not in body
        assert s.out_teacher.mobile.encode() not in body
    else:
        assert outside.status_code == 404, (role_key, action, outside.status_code)
        assert s.out_school.name.encode() not in outside.content
        assert s.out_studio.name.encode() not in outside.content


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_user_without_roles_is_refused_everything(scopes: dict[str, Scope], world: World, action: str) -> None:
    """Every action, studio ones included, on the real objects the district's bureau reaches: 403."""
    s = dataclasses.replace(scopes[Role.BUREAU_STAFF], user=world.nobody, role="none", roles=frozenset())
    response = _request(client_for(world.nobody), action, s, outside=False)
    expected = 404 if action in HIDDEN_WITHOUT_ROLE else 403
    assert response.status_code == expected, (action, response.status_code)


def test_anonymous_visitors_are_sent_to_sign_in(world: World, client: Any) -> None:
    # `/` is the public portal (issue 16); the signed-in home is /home/.
    for url in ["/home/", "/org/schools/", f"/org/teachers/{world.teacher_a.uid}/", "/accounts/audit/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_expired_roles_grant_nothing(world: World) -> None:
    import datetime as dt

    world.district_staff.role_assignments.update(valid_to=dt.date(2021, 1, 1))
    assert client_for(world.district_staff).get("/org/schools/").status_code == 403
