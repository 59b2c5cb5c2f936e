"""The contest's demo story: a finished call with eight essays, three judges' scores, results after the
公示, certificates and the book; seeded once."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from hts.accounts.models import Role
from hts.portal.contest import demo
from hts.portal.contest.models import Contest, ContestBook, Entry, EntryScore
from hts.portal.tests.contest_kit import pdf_text
from testkit import World, make_teacher, make_user

TODAY = dt.date.today()


def test_the_demo_contest_is_finished_with_its_book_and_public_page(world: World) -> None:
    make_user("district_admin", Role.BUREAU_STAFF, region=world.district_a)
    make_user("teacher_demo")
    for n in range(12):
        make_teacher(world.school_a if n % 2 else world.school_a2, f"教师{n}", serving_since=dt.date(2016, 9, 1))
    assert demo.seed(TODAY) > 0
    contest = Contest.objects.get(title=demo.TITLE)
    assert contest.status == Contest.Status.FINAL and contest.judges.count() == 3
    assert Entry.objects.filter(contest=contest).count() == len(demo.ESSAYS)
    assert EntryScore.objects.filter(entry__contest=contest).count() == len(demo.ESSAYS) * 3 * 4
    # Trimmed mean of (92, 88, 90) is 90: first prize.
    assert Entry.objects.get(contest=contest, rank=1).total == 90
    assert set(Entry.objects.filter(contest=contest).values_list("prize", flat=True)) == {
        "first",
        "second",
        "third",
        "",
    }
    book = ContestBook.objects.get(contest=contest)
    with book.file.open("rb") as stream:
        text = pdf_text(stream.read())
    assert "目录" in text and "以“小岗位”撬动班级自治" in text
    page = Client().get(f"/contest/{contest.uid}/")
    assert page.status_code == 200 and "以“小岗位”撬动班级自治" in page.content.decode()
    assert demo.seed(TODAY) == 0


def test_the_demo_has_a_call_being_judged_where_the_first_judge_has_scores_to_give(world: World) -> None:
    make_user("district_admin", Role.BUREAU_STAFF, region=world.district_a)
    make_user("teacher_demo")
    for n in range(12):
        make_teacher(world.school_a if n % 2 else world.school_a2, f"教师{n}", serving_since=dt.date(2016, 9, 1))
    assert demo.seed(TODAY) > 0
    contest = Contest.objects.get(title=demo.JUDGING_TITLE)
    assert contest.status == Contest.Status.JUDGING and contest.judging_until > TODAY
    entries = list(Entry.objects.filter(contest=contest).select_related("author"))
    assert len(entries) == len(demo.JUDGING_SCORES)
    first = contest.judges.get(user__username="zw_judge1")
    assert not EntryScore.objects.filter(judge=first).exists()
    assert EntryScore.objects.filter(entry__contest=contest).count() == len(entries) * 2 * 4
    # The judge signs in and sees the essays by code: no author's name, no school.
    client = Client()
    client.force_login(first.user)
    page = client.get(f"/contest/{contest.uid}/judge/")
    assert page.status_code == 200
    html = page.content.decode()
    assert all(entry.code in html for entry in entries)
    assert not any(entry.author.name in html or entry.school.name in html for entry in entries)
