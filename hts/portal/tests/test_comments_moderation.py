"""Moderating comments and messages, and the region's portal policy (issue 16 point 4): who may decide
what, with refusals for the moderators of another studio or region, and the queue's query budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from hts.core.models import AuditEntry
from hts.portal.comments.demo import STUDIO, seed
from hts.portal.comments.models import Comment
from hts.portal.models import PortalPolicy
from hts.portal.tests.comments_kit import fresh_cache, policy, published, studio_of  # noqa: F401
from hts.studios.policy_templates import BUNDLES
from hts.studios.services import region_policy_from_template
from testkit import World, client_for, make_teacher, make_user


def message(studio: Any = None, region: Any = None, body: str = "留言内容", **extra: Any) -> Comment:
    return Comment.objects.create(
        kind="message", studio=studio, region=region, name="访客", body=body, contact="qq 123", **extra
    )


def test_the_host_decides_on_its_studio_and_the_queue_keeps_its_budget(
    world: World, django_assert_max_num_queries: Any
) -> None:
    studio = studio_of(world)
    item = published(studio)
    for i in range(40):
        message(studio=studio, body=f"留言{i}")
        Comment.objects.create(kind="comment", studio=studio, publication=item, name="访客", body=f"评论{i}")
    host = client_for(world.teacher_user)
    host.get("/comments/")
    with django_assert_max_num_queries(12):
        page = host.get("/comments/")
    assert page.status_code == 200 and page.text.count('data-testid="queue-row"') == 80
    assert "家校共育案例" in page.text and "qq 123" in page.text


def test_reject_needs_a_reason_and_delete_is_audited(world: World) -> None:
    studio = studio_of(world)
    first, second = message(studio=studio), message(studio=studio)
    host = client_for(world.teacher_user)
    assert host.post(f"/comments/{first.uid}/reject/", {"reason": ""}).status_code == 400
    assert host.post(f"/comments/{first.uid}/reject/", {"reason": "广告"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.reject_reason) == ("rejected", "广告")
    assert "广告" in host.get("/comments/?status=rejected").text
    # A rejected one gets no reply.
    assert 'data-testid="decide-form"' not in host.get(f"/comments/{first.uid}/reply/").text
    assert host.get(f"/comments/{second.uid}/delete/").status_code == 200  # the confirmation
    assert host.post(f"/comments/{second.uid}/delete/").status_code == 302
    assert not Comment.objects.filter(pk=second.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"portal.comment.rejected", "portal.comment.deleted"} <= actions


def test_the_reply_is_checked_for_sensitive_words(world: World) -> None:
    studio = studio_of(world)
    policy(world.city, words="博彩")
    one = message(studio=studio, status="approved")
    answer = client_for(world.teacher_user).post(f"/comments/{one.uid}/reply/", {"reply": "博彩网站"})
    assert answer.status_code == 400 and "博彩" in answer.text
    one.refresh_from_db()
    assert one.reply == ""


def test_moderators_of_another_studio_or_region_are_refused(world: World) -> None:
    ours = studio_of(world)
    other_host_teacher = make_teacher(world.school_a, "赵敏")
    theirs = studio_of(world, name="另一个工作室")
    theirs.host = other_host_teacher
    theirs.save()
    theirs.memberships.update(teacher=other_host_teacher)
    other_host = make_user("other_host", teacher=other_host_teacher)
    on_ours = message(studio=ours)
    to_district_a = message(region=world.district_a)
    # Another studio's host: not found, and nothing in its queue.
    refused = client_for(other_host)
    assert refused.post(f"/comments/{on_ours.uid}/approve/").status_code == 404
    assert "留言内容" not in refused.get("/comments/").text
    # Another district's bureau: not found; the district's own bureau decides.
    assert client_for(world.district_b_staff).post(f"/comments/{to_district_a.uid}/approve/").status_code == 404
    # A bureau does not moderate a studio's board (its host does).
    assert client_for(world.district_staff).post(f"/comments/{on_ours.uid}/approve/").status_code == 404
    assert client_for(world.district_staff).post(f"/comments/{to_district_a.uid}/approve/").status_code == 302
    # No moderating role at all: 403; signed out: to the sign-in page.
    assert client_for(world.school_staff).get("/comments/").status_code == 403
    assert client_for(world.outsider_teacher_user).get("/comments/").status_code == 403
    assert Client().get("/comments/").status_code == 302
    on_ours.refresh_from_db()
    assert on_ours.status == "held"


def test_the_bureau_edits_its_portal_policy(world: World) -> None:
    staff = client_for(world.district_staff)
    page = staff.get("/comments/policy/")
    assert page.status_code == 302 and str(world.district_a.uid) in page["Location"]
    answer = staff.post(
        f"/comments/policy/{world.district_a.uid}/",
        {"sensitive_words": "博彩\n代考", "comments_per_hour": "3", "forum_posts_per_hour": "12"},
    )
    assert answer.status_code == 302
    saved = PortalPolicy.objects.get(region=world.district_a)
    assert (saved.word_list(), saved.comments_per_hour, saved.forum_posts_per_hour) == (["博彩", "代考"], 3, 12)
    entry = AuditEntry.objects.get(action="portal.policy.saved")
    assert entry.changes["comments_per_hour"] == [None, 3]
    assert staff.post(
        f"/comments/policy/{world.district_a.uid}/", {"sensitive_words": "", "comments_per_hour": "0"}
    ).status_code == 400  # fmt: skip
    # Another district's bureau: not found; a school's office and a host: no right.
    assert client_for(world.district_b_staff).get(f"/comments/policy/{world.district_a.uid}/").status_code == 404
    assert client_for(world.school_staff).get("/comments/policy/").status_code == 403
    studio_of(world)
    assert client_for(world.teacher_user).get(f"/comments/policy/{world.district_a.uid}/").status_code == 403


def test_each_template_gives_a_region_its_portal_policy(world: World) -> None:
    for name in ("shenzhen", "zaozhuang", "ganyu"):
        values = BUNDLES[name].portal_values()
        assert values and "有偿补课" in values["sensitive_words"] and values["comments_per_hour"] >= 1
    region_policy_from_template(actor=world.city_staff, region=world.city, template="shenzhen")
    made = PortalPolicy.objects.get(region=world.city)
    assert (made.template, made.comments_per_hour) == ("shenzhen", 10) and "博彩" in made.word_list()
    assert AuditEntry.objects.filter(action="portal.policy.from_template").exists()


def test_the_demo_tells_its_story_once(world: World) -> None:
    studio_of(world, name=STUDIO)
    assert seed(dt.date(2026, 11, 27)) >= 3
    assert seed(dt.date(2026, 11, 27)) == 0
    assert set(Comment.objects.values_list("status", flat=True)) == {"held", "approved", "rejected"}
    assert Comment.objects.exclude(reply="").exists()
