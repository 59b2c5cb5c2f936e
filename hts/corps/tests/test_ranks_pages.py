"""The school's ranks pages through the requests staff make: proposals with their reasons, a decision
(the proposal, or another rank with a reason), dated history, confirming all proposals after a
preview, a rank outside the scheme refused; the teacher's profile and archive; the refusals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from hts.core.models import AuditEntry
from hts.corps.archive.sections import archive_sections
from hts.corps.ranks.models import RankAssignment, RankScheme
from hts.corps.ranks.services import scheme_from_values
from hts.corps.tests.ranks_kit import certificate, ganyu_scheme, head_teacher, rank, second_level
from hts.notifications.models import Notification
from hts.studios.policy_templates import ganyu
from testkit import World, client_for, make_user


def _url(world: World, *parts: str) -> str:
    return "/".join([f"/corps/ranks/{world.school_a.uid}", *parts]) + "/"


def test_the_school_page_proposes_each_head_teacher_a_rank(world: World) -> None:
    ganyu_scheme(world)
    candidate = second_level(world)
    client = client_for(world.school_staff)
    assert client.get("/corps/ranks/")["Location"] == _url(world)
    page = client.get(_url(world)).content.decode()
    assert "二级班主任" in page and candidate.name in page
    detail = client.get(_url(world, "teachers", str(candidate.uid))).content.decode()
    assert 'data-testid="proposed-rank">二级班主任' in detail
    assert "不符合" in detail and "符合" in detail  # the 一级 criteria not met, the 二级 ones met


def test_confirming_the_proposal_then_changing_it_with_a_reason_keeps_dated_history(world: World) -> None:
    scheme = ganyu_scheme(world)
    candidate = second_level(world)
    client = client_for(world.school_staff)
    url = _url(world, "teachers", str(candidate.uid))
    today = timezone.localdate()
    start = (today - dt.timedelta(days=30)).isoformat()
    response = client.post(url, {"rank": rank(scheme, "二级班主任").pk, "started_on": start})
    assert response.status_code == 302
    first = RankAssignment.objects.get()
    assert first.how == "confirmed" and first.proposed_rank.name == "二级班主任" and first.ended_on is None
    assert any(entry["met"] for entry in first.reasons)
    # Another rank than the proposal needs a reason.
    top = rank(scheme, "一级班主任")
    refused = client.post(url, {"rank": top.pk, "started_on": today.isoformat(), "reason": " "})
    assert refused.status_code == 400 and "理由" in refused.content.decode()
    assert RankAssignment.objects.count() == 1
    done = client.post(url, {"rank": top.pk, "started_on": today.isoformat(), "reason": "县级优秀班主任，校务会决定"})
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.ended_on == today - dt.timedelta(days=1)
    second = RankAssignment.objects.get(ended_on__isnull=True)
    assert second.how == "changed" and second.reason.startswith("县级")
    assert AuditEntry.objects.filter(action="corps.rank.assigned").count() == 2
    # A start on or before the current rank's is refused.
    back = client.post(url, {"rank": rank(scheme, "三级班主任").pk, "started_on": start, "reason": "更正"})
    assert back.status_code == 400 and RankAssignment.objects.count() == 2


def test_a_rank_dated_after_today_is_refused_and_the_current_rank_stays(world: World) -> None:
    scheme = ganyu_scheme(world)
    candidate = second_level(world)
    client = client_for(world.school_staff)
    url = _url(world, "teachers", str(candidate.uid))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = client.post(url, {"rank": rank(scheme, "二级班主任").pk, "started_on": tomorrow.isoformat()})
    assert refused.status_code == 400 and "不能晚于今天" in refused.content.decode()
    assert not RankAssignment.objects.exists()


def test_a_rank_outside_the_schools_scheme_is_refused(world: World) -> None:
    ganyu_scheme(world)
    other = scheme_from_values(values=ganyu.RANKS, school=world.school_b)
    candidate = second_level(world)
    response = client_for(world.school_staff).post(
        _url(world, "teachers", str(candidate.uid)),
        {"rank": other.ranks.get(name="二级班主任").pk, "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "不是" in response.content.decode() and "职级方案" in response.content.decode()
    assert not RankAssignment.objects.exists()


def test_confirm_all_previews_then_confirms_the_proposals_still_standing(world: World) -> None:
    scheme = ganyu_scheme(world)
    first, second = second_level(world, name="甲"), second_level(world, name="乙")
    beginner = head_teacher(world.school_a, "新手", 1.5)
    certificate(beginner, world)
    client = client_for(world.school_staff)
    preview = client.get(_url(world, "confirm")).content.decode()
    # 李红 (world.teacher_a) has no certificate: no rank holds for her, nothing to confirm.
    assert preview.count('data-testid="preview-row"') == 3
    posted = [f"{first.pk}:{rank(scheme, '二级班主任').pk}", f"{second.pk}:{rank(scheme, '一级班主任').pk}",
              f"{beginner.pk}:{rank(scheme, '三级班主任').pk}"]  # fmt: skip
    response = client.post(_url(world, "confirm"), {"proposal": posted, "started_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    held = dict(RankAssignment.objects.values_list("teacher__name", "rank__name"))
    # 乙's posted rank is not the proposal: left as is.
    assert held == {"甲": "二级班主任", "新手": "三级班主任"}
    assert client.get(_url(world, "confirm")).content.decode().count('data-testid="preview-row"') == 1


def test_the_teacher_sees_their_rank_and_reasons_on_profile_and_in_the_archive(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    scheme = ganyu_scheme(world)
    certificate(world.teacher_a, world)
    client = client_for(world.school_staff)
    url = _url(world, "teachers", str(world.teacher_a.uid))
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            url, {"rank": rank(scheme, "三级班主任").pk, "started_on": timezone.localdate().isoformat()}
        )
    assert decided.status_code == 302
    assert Notification.objects.filter(recipient=world.teacher_user).count() == 1
    profile = client_for(world.teacher_user).get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert 'data-testid="corps-rank"' in profile and "三级班主任" in profile and "符合" in profile
    section = next(s for s in archive_sections(world.teacher_a, timezone.localdate()) if s.key == "ranks")
    assert section.rows[0].cells[0] == "三级班主任" and section.rows[0].source
    # The reasons are a snapshot on the rank's start date (the profile's years go on growing): each place
    # that shows them says so.
    assert "依据按起始日期计：" in profile
    ranks_page = client.get(url).content.decode()
    assert re.search(r'data-testid="rank-reasons">依据按起始日期计：[^<]*符合', ranks_page)
    archive = client_for(world.teacher_user).get(f"/corps/archive/{world.teacher_a.uid}/").content.decode()
    assert "起始日期时的依据" in archive


def test_a_school_makes_its_own_scheme_from_the_regions_and_edits_it(world: World) -> None:
    ganyu_scheme(world)
    client = client_for(world.school_staff)
    page = client.get(_url(world, "scheme")).content.decode()
    assert "深圳市" in page
    response = client.post(_url(world, "scheme"), {"kind": "levels", "levels": "3"})
    own = RankScheme.objects.get(school=world.school_a)
    assert response["Location"] == f"/corps/ranks/schemes/{own.uid}/"
    assert own.ranks.count() == 3 and own.ranks.get(name="一级班主任").criteria.count() == 7
    edit = f"/corps/ranks/schemes/{own.uid}/"
    top = own.ranks.get(name="一级班主任")
    added = client.post(edit, {"form": "criterion", "rank_id": top.pk, "criterion-kind": "title",
                               "criterion-titles": "高级教师"})  # fmt: skip
    assert added.status_code == 302 and top.criteria.count() == 8
    missing = client.post(edit, {"form": "criterion", "rank_id": top.pk, "criterion-kind": "service_years"})
    assert missing.status_code == 400 and top.criteria.count() == 8
    assert client.post(edit, {"form": "rank", "rank-order": "4", "rank-name": "特级班主任"}).status_code == 302
    assert own.ranks.count() == 4
    # The region's example is untouched; the school's staff cannot edit it (a bureau's right).
    region_scheme = RankScheme.objects.get(region=world.city)
    assert region_scheme.ranks.count() == 3
    assert client.post(f"/corps/ranks/schemes/{region_scheme.uid}/", {"form": "rank", "rank-order": "5",
                                                                       "rank-name": "x"}).status_code == 403  # fmt: skip


def test_a_bureau_edits_its_regions_example_but_not_a_schools_ranks(world: World) -> None:
    scheme = ganyu_scheme(world)
    client = client_for(world.city_staff)
    assert f"/corps/ranks/schemes/{scheme.uid}/" in client.get("/corps/ranks/").content.decode()
    response = client.post(f"/corps/ranks/schemes/{scheme.uid}/", {"form": "rank", "rank-order": "4",
                                                                    "rank-name": "特级班主任"})  # fmt: skip
    assert response.status_code == 302 and scheme.ranks.count() == 4
    assert client.get(_url(world)).status_code == 200
    candidate = second_level(world)
    post = client.post(_url(world, "teachers", str(candidate.uid)),
                       {"rank": rank(scheme, "二级班主任").pk, "started_on": timezone.localdate().isoformat()})  # fmt: skip
    assert post.status_code == 403 and not RankAssignment.objects.exists()


def test_the_ganyu_template_gives_the_region_the_example_scheme(world: World) -> None:
    response = client_for(world.city_staff).post(
        "/studios/batches/new/",
        {"region": world.city.pk, "name": "赣榆批次", "tier": "city", "start_year": 2026, "template": "ganyu",
         "cycle_years": ""},
    )  # fmt: skip
    assert response.status_code == 302
    scheme = RankScheme.objects.get(region=world.city)
    assert scheme.template == "ganyu" and [r.name for r in scheme.ranks.order_by("order")] == [
        "三级班主任", "二级班主任", "一级班主任"]  # fmt: skip


# Refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_school", "other_district"])
def test_staff_outside_the_school_get_404(world: World, who: str) -> None:
    scheme = ganyu_scheme(world)
    candidate = second_level(world)
    user = (
        make_user("school_b", "school_staff", school=world.school_b)
        if who == "other_school"
        else world.district_b_staff
    )
    client = client_for(user)
    assert client.get(_url(world)).status_code == 404
    decide = client.post(_url(world, "teachers", str(candidate.uid)),
                         {"rank": rank(scheme, "二级班主任").pk, "started_on": "2026-01-01"})  # fmt: skip
    assert decide.status_code in (403, 404)
    assert client.post(_url(world, "confirm"), {"started_on": "2026-01-01"}).status_code in (403, 404)
    assert client.post(_url(world, "rolls"), {"month": "2026-01"}).status_code in (403, 404)
    assert not RankAssignment.objects.exists()


@pytest.mark.parametrize("who", ["teacher_user", "outsider_teacher_user", "nobody"])
def test_head_teachers_and_plain_teachers_are_refused(world: World, who: str) -> None:
    scheme = ganyu_scheme(world)
    client = client_for(getattr(world, who))
    assert client.get("/corps/ranks/").status_code == 403
    assert client.get(_url(world)).status_code == 403
    decide = client.post(_url(world, "teachers", str(world.teacher_a.uid)),
                         {"rank": rank(scheme, "三级班主任").pk, "started_on": "2026-01-01"})  # fmt: skip
    assert decide.status_code == 403
    assert client.post(_url(world, "rolls"), {"month": "2026-01"}).status_code == 403
    assert client.post(f"/corps/ranks/schemes/{scheme.uid}/", {"form": "rank", "rank-order": "4",
                                                                "rank-name": "x"}).status_code == 403  # fmt: skip
    assert not RankAssignment.objects.exists() and scheme.ranks.count() == 3


# Query budgets ---------------------------------------------------------------------------------


def test_the_school_pages_in_a_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    ganyu_scheme(world)
    for n in range(30):
        second_level(world, name=f"教师{n:02d}")
    client = client_for(world.school_staff)
    with django_assert_max_num_queries(30):
        page = client.get(_url(world))
    assert page.content.decode().count('data-testid="rank-row"') == 25
    with django_assert_max_num_queries(30):
        preview = client.get(_url(world, "confirm"))
    assert preview.content.decode().count('data-testid="preview-row"') == 30
    with django_assert_max_num_queries(30):
        assert client.get(_url(world, "scheme")).status_code == 200


def test_a_school_without_a_regional_scheme_makes_stars_and_a_held_rank_stays(world: World) -> None:
    client = client_for(world.school_staff)
    assert 'data-testid="no-scheme"' in client.get(_url(world)).content.decode()
    assert client.post(_url(world, "scheme"), {"kind": "stars", "levels": "5"}).status_code == 302
    own = RankScheme.objects.get(school=world.school_a)
    one_star = own.ranks.get(order=1)
    assert own.kind == "stars" and one_star.name == "1星级班主任"
    today = timezone.localdate().isoformat()
    assert client.post(_url(world, "teachers", str(world.teacher_a.uid)),
                       {"rank": one_star.pk, "started_on": today, "reason": "新设星级，从一星起"}).status_code == 302  # fmt: skip
    response = client.post(f"/corps/ranks/schemes/{own.uid}/", {"form": "delete_rank", "rank_id": one_star.pk},
                           follow=True)  # fmt: skip
    assert "不能删除" in response.content.decode() and own.ranks.count() == 5
    # A second own scheme is refused.
    assert client.post(_url(world, "scheme"), {"kind": "levels", "levels": "3"}).status_code == 400


def test_a_refused_decision_offers_only_the_schools_ranks_again(world: World) -> None:
    ganyu_scheme(world)
    other = scheme_from_values(values={"kind": "levels", "name": "别校方案", "ranks": [{"name": "别校特级"}]},
                               school=world.school_b)  # fmt: skip
    candidate = second_level(world)
    page = client_for(world.school_staff).post(
        _url(world, "teachers", str(candidate.uid)),
        {"rank": other.ranks.get().pk, "started_on": timezone.localdate().isoformat()},
    )
    assert page.status_code == 400
    select = page.content.decode().split('name="rank"')[1].split("</select>")[0]
    assert "别校特级" not in select and "二级班主任" in select


def test_a_rank_is_renamed_and_moved_and_a_clash_is_refused(world: World) -> None:
    scheme = ganyu_scheme(world)
    client = client_for(world.city_staff)
    url = f"/corps/ranks/schemes/{scheme.uid}/"
    third = rank(scheme, "三级班主任")
    renamed = client.post(url, {"form": "rank", "rank_id": third.pk, "rank-order": "1", "rank-name": "见习级班主任"})
    assert renamed.status_code == 302
    third.refresh_from_db()
    assert third.name == "见习级班主任" and scheme.ranks.count() == 3
    clash = client.post(url, {"form": "rank", "rank_id": third.pk, "rank-order": "2", "rank-name": "见习级班主任"})
    assert clash.status_code == 400 and "顺序" in clash.content.decode()
    third.refresh_from_db()
    assert third.order == 1
