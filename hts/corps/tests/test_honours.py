"""Honours selection (001 二 10) through the pages each person uses: the bureau's call, the school's
nominations within quota with eligibility checked, the panel's scores, 公示 with objections, the final
list landing in the teachers' records, and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.accounts.models import Role
from hts.corps.certificates.models import Certificate
from hts.corps.honours import services
from hts.corps.honours.archive import honours_section
from hts.corps.honours.models import HonourCall, HonourObjection, HonourQuota, Nomination, PanelMember, PanelScore
from hts.corps.models import CorpsPolicy
from hts.notifications.models import Notification
from hts.org.models import Honour, SchoolYear
from testkit import World, client_for, make_teacher, make_user

TODAY = dt.date.today()


@pytest.fixture
def setting(world: World) -> dict[str, Any]:
    CorpsPolicy.objects.create(region=world.city, qualification_required=True, failing_year_blocks_honours=True)
    year = SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=165),
    )
    for teacher in (world.teacher_a, world.teacher_b):
        _certificate(teacher)
    panel_teacher = make_teacher(world.school_a2, "评委甲")
    panelist = make_user("panelist", teacher=panel_teacher)
    return {"year": year, "panelist": panelist}


def _certificate(teacher: Any, **extra: Any) -> Certificate:
    return Certificate.objects.create(
        holder=teacher, kind="qualification", number=f"Q-{teacher.pk}", issuer=teacher.school.region,
        issued_on=TODAY - dt.timedelta(days=100), valid_until=TODAY + dt.timedelta(days=900), evidence="培训合格",
        **extra,
    )  # fmt: skip


def _call(world: World, setting: dict[str, Any], **extra: Any) -> HonourCall:
    data = {
        "title": "县级优秀班主任", "school_year": setting["year"], "kind": "person", "level": "county", "places": 2,
        "nominations_until": TODAY + dt.timedelta(days=10), "review_until": TODAY + dt.timedelta(days=20),
        "objection_days": 5, **extra,
    }  # fmt: skip
    return services.call_create(actor=world.district_staff, data=data, region=world.district_a)


def _open(world: World, setting: dict[str, Any], quota: int = 2, **extra: Any) -> HonourCall:
    call = _call(world, setting, **extra)
    services.quota_set(actor=world.district_staff, call=call, school=world.school_a, places=quota)
    services.panel_add(actor=world.district_staff, call=call, user=setting["panelist"])
    services.panel_add(actor=world.district_staff, call=call, user=world.district_staff)
    return services.call_open(actor=world.district_staff, call=call)


def _nominate_url(call: HonourCall, world: World) -> str:
    return f"/corps/honours/{call.uid}/nominate/?school={world.school_a.uid}"


def test_a_county_call_from_the_form_to_the_final_list(world: World, setting: dict[str, Any]) -> None:
    bureau = client_for(world.district_staff)
    response = bureau.post(
        "/corps/honours/new/",
        {
            "title": "县级优秀班主任", "school_year": setting["year"].pk, "kind": "person", "level": "county",
            "places": "1", "nominations_until": str(TODAY + dt.timedelta(days=10)),
            "review_until": str(TODAY + dt.timedelta(days=20)), "objection_days": "5", "min_service_years": "3",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    call = HonourCall.objects.get()
    assert call.region == world.district_a and call.organiser_path == world.district_a.path
    url = f"/corps/honours/{call.uid}/"
    assert (
        bureau.post(url, {"form": "quota", "quota-school": world.school_a.pk, "quota-places": "2"}).status_code == 302
    )
    assert bureau.post(url, {"form": "panel", "panel-person": "panelist"}).status_code == 302
    assert bureau.post(url, {"form": "panel", "panel-person": "district"}).status_code == 302
    assert bureau.post(f"{url}step/open/").status_code == 302
    call.refresh_from_db()
    assert call.status == "nominating"
    assert Notification.objects.filter(recipient=world.school_staff, url__contains=str(call.uid)).exists()

    school = client_for(world.school_staff)
    page = school.get(_nominate_url(call, world)).content.decode()
    assert "李红" in page and "任职资格证" in page  # each candidate with the rules named
    second = make_teacher(world.school_a, "周明", serving_since=TODAY - dt.timedelta(days=3000))
    _certificate(second)
    for teacher in (world.teacher_a, second):
        saved = school.post(_nominate_url(call, world), {"teacher": teacher.pk, "statement": "班级管理成绩突出"})
        assert saved.status_code == 302, saved.content.decode()[:2000]
    nominations = list(Nomination.objects.order_by("pk"))
    assert [n.teacher for n in nominations] == [world.teacher_a, second]
    assert {c["rule"] for c in nominations[0].checks} == {"failing_year", "qualification", "service_years"}
    assert Notification.objects.filter(recipient=world.teacher_user, title__contains="县级优秀班主任").exists()

    assert bureau.post(f"{url}step/close/").status_code == 302
    call.refresh_from_db()
    assert call.status == "review"
    assert Notification.objects.filter(recipient=setting["panelist"], url=f"/corps/honours/{call.uid}/score/").exists()
    for user, points in ((setting["panelist"], ("90", "80")), (world.district_staff, ("86", "70"))):
        panel = client_for(user)
        for nomination, p in zip(nominations, points, strict=True):
            saved = panel.post(
                f"/corps/honours/{call.uid}/score/", {"nomination": nomination.uid, "points": p, "comment": "好"}
            )
            assert saved.status_code == 302
    assert PanelScore.objects.count() == 4
    assert bureau.post(f"{url}step/publish/").status_code == 302
    call.refresh_from_db()
    assert call.status == "publicity" and call.objections_until == TODAY + dt.timedelta(days=5)
    first, other = (Nomination.objects.get(pk=n.pk) for n in nominations)
    assert (first.rank, first.score, first.status) == (1, 88, "proposed")
    assert (other.rank, other.status) == (2, "not_selected")
    told = Notification.objects.get(recipient=world.teacher_user, dedupe_key__startswith="corps.honours.published")
    assert "公示名单内" in told.title

    # The nominee sees where they stand; a teacher of the county objects on the public notice.
    mine = client_for(world.teacher_user).get("/corps/honours/mine/").content.decode()
    assert "县级优秀班主任" in mine and "公示" in mine
    objector = make_user("objector", teacher=make_teacher(world.school_a2, "钱多"))
    notice = client_for(objector)
    assert "李红" in notice.get(f"/corps/honours/{call.uid}/notice/").content.decode()
    raised = notice.post(f"/corps/honours/{call.uid}/notice/", {"nomination": first.uid, "text": "材料不实"})
    assert raised.status_code == 302
    objection = HonourObjection.objects.get()
    # The final list waits for the period and the decision.
    refused = bureau.post(f"{url}step/finalise/", follow=True).content.decode()
    assert "公示期至" in refused
    assert (
        bureau.post(
            f"/corps/honours/objections/{objection.uid}/decide/", {"uphold": "0", "decision": "经核实材料属实"}
        ).status_code
        == 302
    )
    objection.refresh_from_db()
    assert objection.status == "dismissed" and objection.decided_by == world.district_staff
    services.call_finalise(actor=world.district_staff, call=call, today=call.objections_until + dt.timedelta(days=1))
    first.refresh_from_db()
    assert first.status == "awarded" and first.certificate_number
    honour = Honour.objects.get(teacher=world.teacher_a)
    assert (honour.kind, honour.level, honour.title) == ("personal", "county", "县级优秀班主任")
    assert honour.issuer == "福田区教育局"
    pdf = client_for(world.teacher_user).get(f"/corps/honours/nominations/{first.uid}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    section = honours_section(world.teacher_a, TODAY + dt.timedelta(days=30))
    assert len(section.rows) == 1 and first.certificate_number in section.rows[0].source


def test_over_quota_and_ineligible_nominees_are_refused_with_the_rule(world: World, setting: dict[str, Any]) -> None:
    call = _open(world, setting, quota=1, min_yearly_grade="qualified")
    school = client_for(world.school_staff)
    no_certificate = make_teacher(world.school_a, "孙无证", serving_since=TODAY - dt.timedelta(days=900))
    refused = school.post(_nominate_url(call, world), {"teacher": no_certificate.pk, "statement": "事迹"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "任职资格证" in body and "年度考评" in body
    assert not Nomination.objects.exists()
    # The call's own condition (a yearly grade at least 合格) off: the policy's rules still hold.
    call.min_yearly_grade = ""
    call.save()
    assert (
        school.post(_nominate_url(call, world), {"teacher": world.teacher_a.pk, "statement": "事迹"}).status_code == 302
    )
    other = make_teacher(world.school_a, "周明", serving_since=TODAY - dt.timedelta(days=900))
    _certificate(other)
    over = school.post(_nominate_url(call, world), {"teacher": other.pk, "statement": "事迹"})
    assert over.status_code == 400 and "名额" in over.content.decode()
    assert Nomination.objects.count() == 1


def test_a_nominee_neither_sits_on_the_panel_nor_scores_themself(world: World, setting: dict[str, Any]) -> None:
    """回避: a panel member was nominated in the same call and gave herself 100."""
    call = _open(world, setting, quota=2)
    school = client_for(world.school_staff)
    # A head teacher of the nominating school on the panel.
    panel_teacher = make_teacher(world.school_a, "评委乙", serving_since=TODAY - dt.timedelta(days=900))
    _certificate(panel_teacher)
    services.panel_add(actor=world.district_staff, call=call, user=make_user("panel2", teacher=panel_teacher))
    refused = school.post(_nominate_url(call, world), {"teacher": panel_teacher.pk, "statement": "事迹"})
    assert refused.status_code == 400 and "回避" in refused.content.decode()
    assert not Nomination.objects.exists()
    # Nominated first, then named to the panel: refused too.
    assert (
        school.post(_nominate_url(call, world), {"teacher": world.teacher_a.pk, "statement": "事迹"}).status_code == 302
    )
    nominee_user = world.teacher_user
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="回避"):
        services.panel_add(actor=world.district_staff, call=call, user=nominee_user)
    # And the score service refuses self-scoring whatever the panel's history.
    PanelMember.objects.create(call=call, user=nominee_user)
    services.call_close_nominations(actor=world.district_staff, call=call)
    nomination = Nomination.objects.get()
    with pytest.raises(ValidationError, match="回避"):
        services.score_save(actor=nominee_user, nomination=nomination, points=Decimal(100))
    assert not PanelScore.objects.filter(nomination=nomination).exists()


def test_a_failing_yearly_grade_bars_the_nomination(world: World, setting: dict[str, Any]) -> None:
    from hts.accounts.tests.test_permission_matrix import _failure_of

    call = _open(world, setting)
    failure = _failure_of(world.teacher_a)
    failure.school_year = setting["year"]
    failure.save()
    with pytest.raises(Exception, match="不合格"):
        services.nominate(
            actor=world.school_staff, call=call, school=world.school_a, teacher=world.teacher_a, statement="x"
        )


def test_a_class_honour_lands_on_its_head_teacher(world: World, setting: dict[str, Any]) -> None:
    call = _open(world, setting, kind="class", title="县级先进班集体", places=1)
    school = client_for(world.school_staff)
    saved = school.post(_nominate_url(call, world), {"school_class": world.class_a.pk, "statement": "班风优良"})
    assert saved.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.school_class, nomination.teacher) == (world.class_a, world.teacher_a)
    services.call_close_nominations(actor=world.district_staff, call=call)
    for member in PanelMember.objects.filter(call=call):
        services.score_save(actor=member.user, nomination=nomination, points=90)
    services.call_publish(actor=world.district_staff, call=call)
    services.call_finalise(actor=world.district_staff, call=call, today=TODAY + dt.timedelta(days=6))
    honour = Honour.objects.get()
    assert honour.teacher == world.teacher_a and honour.kind == "class" and "1班" in honour.title


def test_refusals(world: World, setting: dict[str, Any]) -> None:
    call = _open(world, setting)
    HonourQuota.objects.create(call=call, school=world.school_a2, places=1)
    url = f"/corps/honours/{call.uid}/"
    # A bureau of another district: the call is outside its scope.
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.city_staff).get(url).status_code == 200
    # A plain teacher has no organiser's or nominator's right.
    teacher = client_for(world.teacher_user)
    assert teacher.get(url).status_code == 403
    assert teacher.get(_nominate_url(call, world)).status_code == 403
    # School staff of another school (in the same county, with a quota of their own) cannot nominate for school_a.
    other_staff = make_user("school_a2", Role.SCHOOL_STAFF, school=world.school_a2)
    response = client_for(other_staff).post(
        _nominate_url(call, world), {"teacher": world.teacher_a.pk, "statement": "x"}
    )
    assert response.status_code == 404
    assert not Nomination.objects.exists()
    # School staff of another county's school: no quota, nothing to see.
    school_b = make_user("school_b", Role.SCHOOL_STAFF, school=world.school_b)
    assert client_for(school_b).get(_nominate_url(call, world)).status_code == 404
    with pytest.raises(Exception, match="没有名额"):
        services.nominate(actor=school_b, call=call, school=world.school_b, teacher=world.teacher_b, statement="x")
    # A panel member not on this call's panel.
    services.nominate(
        actor=world.school_staff, call=call, school=world.school_a, teacher=world.teacher_a, statement="x"
    )
    services.call_close_nominations(actor=world.district_staff, call=call)
    stranger = make_user("stranger", teacher=make_teacher(world.school_a2, "路人"))
    assert client_for(stranger).get(f"/corps/honours/{call.uid}/score/").status_code == 404
    assert client_for(setting["panelist"]).get(f"/corps/honours/{call.uid}/score/").status_code == 200
    # The notice is not shown before 公示, nor to another county's teacher after.
    assert client_for(world.outsider_teacher_user).get(f"/corps/honours/{call.uid}/notice/").status_code == 404


def test_query_budgets(world: World, setting: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    call = _open(world, setting)
    for n in range(6):
        teacher = make_teacher(world.school_a, f"班主任{n}", serving_since=TODAY - dt.timedelta(days=2000))
        _certificate(teacher)
    services.nominate(
        actor=world.school_staff, call=call, school=world.school_a, teacher=world.teacher_a, statement="x"
    )
    pages = [
        (world.district_staff, "/corps/honours/"),
        (world.district_staff, f"/corps/honours/{call.uid}/"),
        (world.school_staff, "/corps/honours/"),
        (world.school_staff, _nominate_url(call, world)),
        (world.teacher_user, "/corps/honours/mine/"),
    ]
    for user, url in pages:
        client = client_for(user)
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200, url
    services.call_close_nominations(actor=world.district_staff, call=call)
    panel = client_for(setting["panelist"])
    with django_assert_max_num_queries(30):
        assert panel.get(f"/corps/honours/{call.uid}/score/").status_code == 200
    for member in PanelMember.objects.filter(call=call):
        for nomination in Nomination.objects.filter(call=call):
            services.score_save(actor=member.user, nomination=nomination, points=80)
    services.call_publish(actor=world.district_staff, call=call)
    for user, url in (
        (world.teacher_user, f"/corps/honours/{call.uid}/notice/"),
        (world.district_staff, f"/corps/honours/{call.uid}/"),
    ):
        client = client_for(user)
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200, url


def test_a_school_runs_its_own_call_and_withdraws_a_nomination(world: World, setting: dict[str, Any]) -> None:
    school = client_for(world.school_staff)
    response = school.post(
        f"/corps/honours/new/?school={world.school_a.uid}",
        {
            "title": "明星班主任", "school_year": setting["year"].pk, "kind": "person", "level": "school", "places": "1",
            "nominations_until": str(TODAY + dt.timedelta(days=3)), "review_until": str(TODAY + dt.timedelta(days=6)),
            "objection_days": "3",
        },
    )  # fmt: skip
    assert response.status_code == 302
    call = HonourCall.objects.get()
    assert (call.school, call.region, call.organiser_path) == (world.school_a, None, world.district_a.path)
    url = f"/corps/honours/{call.uid}/"
    # Only its own school takes part.
    outside = school.post(url, {"form": "quota", "quota-school": world.school_a2.pk, "quota-places": "1"})
    assert outside.status_code == 400 and not HonourQuota.objects.exists()
    assert (
        school.post(url, {"form": "quota", "quota-school": world.school_a.pk, "quota-places": "1"}).status_code == 302
    )
    # The school's panel is of its own people: a teacher of another school is not found.
    assert school.post(url, {"form": "panel", "panel-person": "panelist"}).status_code == 400
    make_user("own_panelist", teacher=make_teacher(world.school_a, "赵老师"))
    assert school.post(url, {"form": "panel", "panel-person": "own_panelist"}).status_code == 302
    member = PanelMember.objects.get()
    assert school.post(f"/corps/honours/panel/{member.pk}/remove/").status_code == 302
    assert not PanelMember.objects.exists()
    assert school.post(f"{url}step/open/").status_code == 302
    # Another school's staff and another district's bureau do not reach it.
    other_staff = make_user("school_a2", Role.SCHOOL_STAFF, school=world.school_a2)
    assert client_for(other_staff).get(url).status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404
    nominate_url = _nominate_url(call, world)
    assert school.post(nominate_url, {"teacher": world.teacher_a.pk, "statement": "x"}).status_code == 302
    nomination = Nomination.objects.get()
    assert school.post(f"/corps/honours/nominations/{nomination.uid}/withdraw/").status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    # The withdrawn place is free again.
    assert school.post(nominate_url, {"teacher": world.teacher_a.pk, "statement": "再次推荐"}).status_code == 302
    assert Nomination.objects.filter(status="nominated").count() == 1
