"""Writing items: sanitising, dates, and who may write which kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hts.archives import services
from hts.archives.models import ItemKind, Visibility
from hts.archives.sanitise import clean_html
from hts.archives.tests.conftest import Team, make_item
from hts.core.models import AuditEntry
from testkit import World, make_school_year


def test_scripts_and_event_handlers_are_removed(team: Team) -> None:
    body = (
        '<p onclick="steal()">班会<script>alert(1)</script></p><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">链接</a><a href="https://example.cn/">好</a><strong>重点</strong>'
    )
    item = make_item(team, body=body)
    assert "<script" not in item.body and "alert(1)" not in item.body
    assert "onerror" not in item.body and "onclick" not in item.body and "<img" not in item.body
    assert "javascript:" not in item.body
    assert '<a href="https://example.cn/" rel="noopener noreferrer nofollow">好</a>' in item.body
    assert "<strong>重点</strong>" in item.body and "<p>班会</p>" in item.body
    assert AuditEntry.objects.filter(action="archives.item.created").count() == 1


def test_plain_text_keeps_its_paragraphs_escaped() -> None:
    assert clean_html("<b>x</b>") == "<b>x</b>"
    assert services._prepare({"body": "第一段 & x\n\n第二段"}, None)["body"] == "<p>第一段 &amp; x</p>\n\n<p>第二段</p>"
    # Broken markup is neutralised, not passed through.
    assert "<b" not in services._prepare({"body": "第一段 <b onmouseover=x\n\n第二段"}, None)["body"]


def test_a_paper_dated_in_the_future_is_refused(team: Team) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        make_item(team, ItemKind.PAPER, date=tomorrow)
    assert "date" in error.value.message_dict


def test_the_semester_comes_from_the_academic_calendar(world: World, team: Team) -> None:
    make_school_year(world.district_a, 2025)
    item = make_item(team, date=dt.date(2026, 3, 2))
    assert item.semester_label.startswith("2025—2026学年 ")
    assert make_item(team, date=dt.date(2026, 8, 1)).semester_label == ""  # the summer break


def test_only_the_owner_writes_their_own_kinds(team: Team) -> None:
    data = {"kind": ItemKind.LESSON_PLAN, "title": "教案", "body": "", "date": dt.date(2026, 3, 1),
            "visibility": Visibility.STUDIO}  # fmt: skip
    for actor in (team.mentor, team.host, team.fellow):
        with pytest.raises(PermissionDenied):
            services.item_create(actor=actor, owner=team.member.teacher, data=data)
    item = make_item(team)
    with pytest.raises(PermissionDenied):
        services.item_update(actor=team.fellow, item=item, data={**data, "title": "改"})
    services.item_update(actor=team.member, item=item, data={**data, "title": "改过的教案", "studio": team.studio})
    item.refresh_from_db()
    assert item.title == "改过的教案"


def test_mentor_kinds_are_written_by_the_studio_mentor_or_host_only(world: World, team: Team) -> None:
    data = {"kind": ItemKind.APPRAISAL, "title": "综合鉴定", "body": "", "date": dt.date(2026, 6, 1),
            "visibility": Visibility.PRIVATE, "studio": team.studio}  # fmt: skip
    for actor in (team.member, team.fellow, team.liaison, world.district_staff):
        with pytest.raises(PermissionDenied):
            services.item_create(actor=actor, owner=team.member.teacher, data=data)
    # The host appraises a member; nobody appraises the mentor (not a member).
    services.item_create(actor=team.host, owner=team.member.teacher, data=data)
    with pytest.raises(PermissionDenied):
        services.item_create(actor=team.host, owner=team.mentor.teacher, data=data)


def test_a_kind_never_changes_on_edit(team: Team) -> None:
    item = make_item(team, ItemKind.NARRATIVE)
    services.item_update(
        actor=team.member, item=item,
        data={"kind": ItemKind.APPRAISAL, "title": "x", "date": dt.date(2026, 3, 1), "visibility": "studio"},
    )  # fmt: skip
    item.refresh_from_db()
    assert item.kind == ItemKind.NARRATIVE


def test_the_liaison_and_host_keep_the_studio_archive(team: Team) -> None:
    data = {"kind": ItemKind.STUDIO_MATERIAL, "title": "研究资料", "body": "", "date": dt.date(2026, 3, 1),
            "visibility": Visibility.STUDIO}  # fmt: skip
    for actor in (team.liaison, team.host):
        assert services.item_create(actor=actor, owner=None, studio=team.studio, data=data).owner_teacher is None
    for actor in (team.member, team.mentor):
        with pytest.raises(PermissionDenied):
            services.item_create(actor=actor, owner=None, studio=team.studio, data=data)


def test_a_member_who_left_still_edits_items_filed_under_the_studio(team: Team, world: World) -> None:
    from hts.studios.models import Membership
    from testkit import make_running_studio

    item = make_item(team)
    Membership.objects.filter(teacher=team.member.teacher).update(status="left")
    data = {"kind": item.kind, "title": "改过", "date": item.date, "visibility": item.visibility, "studio": team.studio}
    services.item_update(actor=team.member, item=item, data=data)
    other = make_running_studio(world, name="别的工作室")
    with pytest.raises(PermissionDenied):  # but cannot file it under a studio they never joined
        services.item_update(actor=team.member, item=item, data={**data, "studio": other})
