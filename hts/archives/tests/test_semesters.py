"""Timelines show one semester per page, chosen among the semesters that have items (newest first,
the latest by default), within a query budget whatever the number of items and semesters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from hts.archives.tests.test_files import png_bytes, upload
from testkit import World, client_for

SEMESTERS = [("2024-2025学年第一学期", dt.date(2024, 10, 1)), ("2024-2025学年第二学期", dt.date(2025, 4, 1)),
             ("2025-2026学年第一学期", dt.date(2025, 10, 1))]  # fmt: skip


def _many(team: Team, per_semester: int = 12) -> None:
    rows = [
        ArchiveItem(owner_teacher=team.member.teacher, studio=team.studio, author=team.member, title=f"{label[-5:]}第{n}项",
                    kind=[ItemKind.LESSON_PLAN, ItemKind.PAPER][n % 2], date=day + dt.timedelta(days=n),
                    semester_label=label, visibility=Visibility.STUDIO)
        for label, day in SEMESTERS for n in range(per_semester)
    ]  # fmt: skip
    ArchiveItem.objects.bulk_create(rows)
    client = client_for(team.member)
    for item in ArchiveItem.objects.filter(title__endswith="第0项"):
        upload(client, item, ("照片.png", png_bytes((64, 64))))


def _titles(response: Any) -> list[str]:
    return [t for t in ArchiveItem.objects.values_list("title", flat=True) if t in response.content.decode()]


def test_the_person_timeline_shows_one_semester_at_a_time(
    world: World, team: Team, django_assert_max_num_queries: Any
) -> None:
    _many(team)
    url = f"/archives/teacher/{team.member.teacher.uid}/"
    mentor = client_for(team.mentor)
    # session, user, role assignments, memberships, teacher, semesters, items, files, appraisal studios,
    # navigation: the same budget as before, whatever the number of items and semesters.
    with django_assert_max_num_queries(13):
        response = mentor.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    links = body.count('data-testid="semester-link"')
    assert links == 3
    # Newest first, the latest chosen by default.
    first, second, third = (body.index(label) for label, _day in reversed(SEMESTERS))
    assert first < second < third
    assert response.content.count(b'data-testid="timeline-item"') == 12
    assert all(t.startswith("年第一学期") for t in _titles(response))
    assert b'aria-current="page"' in response.content
    older = mentor.get(url, {"semester": SEMESTERS[0][0]})
    assert older.content.count(b'data-testid="timeline-item"') == 12
    assert "2024-2025学年第一学期" in older.content.decode() and "第0项" in older.content.decode()
    assert older.content.count(b'data-testid="thumbnail"') == 1
    # A semester chooser keeps the kind filter; an unknown semester falls back to the latest.
    papers = mentor.get(url, {"semester": SEMESTERS[1][0], "kind": "paper"})
    assert papers.content.count(b'data-testid="timeline-item"') == 6
    assert "kind=paper" in papers.content.decode()
    assert mentor.get(url, {"semester": "不存在"}).content.count(b'data-testid="timeline-item"') == 12
    assert client_for(world.outsider_teacher_user).get(url, {"semester": SEMESTERS[0][0]}).status_code == 404


def test_the_studio_timeline_shows_one_semester_at_a_time(
    world: World, team: Team, django_assert_max_num_queries: Any
) -> None:
    _many(team)
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人笔记", semester_label=SEMESTERS[2][0])
    url = f"/archives/studio/{team.studio.uid}/"
    host = client_for(team.host)
    # session, user, principal (2), studio, activities, plans, team, semesters, items, files, may_keep (2),
    # studio.export scope, session save (3), the members' archives the reader may open: the same
    # whatever the number of items and semesters.
    with django_assert_max_num_queries(18):
        response = host.get(url)
    assert response.status_code == 200
    assert response.content.count(b'data-testid="semester-link"') == 3
    assert response.content.count(b'data-testid="timeline-item"') == 12
    assert "私人笔记" not in response.content.decode()
    older = host.get(url, {"semester": SEMESTERS[0][0]})
    assert older.content.count(b'data-testid="timeline-item"') == 12 and "第0项" in older.content.decode()
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.legal_rep).get(url).status_code == 403
