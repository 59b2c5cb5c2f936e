"""The essay contest (issue 16 point 7) through the pages each person uses: the call, essays until the
deadline, anonymous judging on evaluation's sheet, the combined ranking with prizes, the 公示 with an
objection, the final list with certificates, the book and the public page; and every refusal."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hts.core.models import AuditEntry, ExportJob
from hts.notifications.models import Notification
from hts.portal.contest.models import Contest, ContestObjection, Entry, EntryScore
from hts.portal.contest.services import combined_totals
from hts.portal.tests.contest_kit import (
    TODAY,
    Kit,
    docx_bytes,
    essay_version,
    make_kit,
    past_deadline,
    pdf_text,
    score_all,
    submit,
)
from testkit import World, client_for, make_teacher, make_user


def test_an_essay_is_submitted_sanitised_and_changed_until_the_deadline_then_refused(world: World) -> None:
    kit = make_kit(world)
    response = submit(kit, kit.authors[0], "我和我的班", body="<p>班级故事</p><script>alert(1)</script>")
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert "script" not in entry.body and "班级故事" in entry.body
    assert entry.school == world.school_a and entry.code.startswith("A-")
    edit = f"/contest/entry/{entry.uid}/edit/"
    client = client_for(kit.authors[0])
    assert (
        client.post(edit, {"category": "案例", "title": "我和我的班（修改）", "body": "<p>改过</p>"}).status_code == 302
    )
    entry.refresh_from_db()
    assert entry.title == "我和我的班（修改）" and entry.code.startswith("B-")
    past_deadline(kit)
    deadline = kit.contest.closes_on.isoformat()
    refused = client.post(edit, {"category": "案例", "title": "迟到的修改", "body": "<p>x</p>"})
    assert refused.status_code == 400 and deadline in refused.content.decode()
    late = submit(kit, kit.authors[1], "迟交")
    assert late.status_code == 400 and deadline in late.content.decode() and Entry.objects.count() == 1
    # The call's page says why instead of offering the button.
    call = client_for(kit.authors[1]).get(kit.url("call/")).content.decode()
    assert deadline in call and kit.url("enter/") not in call
    entry.refresh_from_db()
    assert entry.title == "我和我的班（修改）"
    # The audit log names the contest, never the essay's code or title (bureau staff read it).
    changed = AuditEntry.objects.get(action="portal.contest.entry_changed")
    assert changed.target_id == str(kit.contest.uid) and entry.code not in str(changed.changes) + changed.target_label
    assert "我和我的班" not in str(changed.changes) + changed.target_label


def test_a_judge_of_the_contest_cannot_enter_it_nor_an_author_become_judge(world: World) -> None:
    kit = make_kit(world)
    judge = kit.judges[0]
    judge.teacher.service_records.create(school=judge.teacher.school, started_on=dt.date(2010, 9, 1))
    page = client_for(judge).get(kit.url("call/")).content.decode()
    assert 'data-testid="enter-refused"' in page and kit.url("enter/") not in page
    response = client_for(judge).post(kit.url("enter/"), {"category": "论文", "title": "评委的文章", "body": "x"})
    assert response.status_code == 400 and not Entry.objects.exists()
    assert client_for(judge).get(kit.url("enter/")).status_code == 302
    assert submit(kit, kit.authors[0], "作者的文章").status_code == 302
    added = kit.organiser.post(kit.url("manage/"), {"form": "judge", "judge-query": "teacher"})
    assert added.status_code == 400 and not kit.contest.judges.filter(user=kit.authors[0]).exists()


def test_more_essays_than_the_call_allows_and_a_teacher_outside_its_reach_are_refused(world: World) -> None:
    kit = make_kit(world)
    for title in ("一", "二"):
        assert submit(kit, kit.authors[0], title).status_code == 302
    third = client_for(kit.authors[0]).post(kit.url("enter/"), {"category": "论文", "title": "三", "body": "x"})
    assert third.status_code == 400 and Entry.objects.count() == 2
    # 王明 teaches in 南山区: the 福田区 call does not reach him (404, as for a missing call).
    assert client_for(world.outsider_teacher_user).get(kit.url("call/")).status_code == 404


def test_scoring_before_judging_opens_or_by_a_non_judge_is_refused(world: World) -> None:
    kit = make_kit(world)
    submit(kit, kit.authors[0], "早到的文章")
    entry = Entry.objects.get()
    item = essay_version().items.first()
    early = client_for(kit.judges[0]).post(kit.url(f"judge/{entry.code}/"), {f"item_{item.pk}": "10"})
    assert early.status_code == 403 and not EntryScore.objects.exists()
    index = client_for(kit.judges[0]).get(kit.url("judge/")).content.decode()
    assert 'data-testid="judge-refused"' in index and entry.code not in index
    past_deadline(kit)
    assert kit.organiser.post(kit.url("step/judge/")).status_code == 302
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.JUDGING
    # Someone not on the panel: their page is a 404, their post changes nothing.
    outsider = make_user("stranger", teacher=make_teacher(world.school_a2, "路人"))
    assert client_for(outsider).get(kit.url("judge/")).status_code == 404
    assert client_for(outsider).post(kit.url(f"judge/{entry.code}/"), {f"item_{item.pk}": "10"}).status_code == 404
    # Staff without the teacher's role may not judge at all.
    assert client_for(world.district_staff).get(kit.url("judge/")).status_code == 403
    # Judges are told when judging opens.
    for judge in kit.judges:
        assert Notification.objects.filter(recipient=judge, url=f"/contest/{kit.contest.uid}/judge/").exists()
    # Points above an item's maximum are refused.
    over = client_for(kit.judges[0]).post(kit.url(f"judge/{entry.code}/"), {f"item_{item.pk}": "99"})
    assert over.status_code == 400 and not EntryScore.objects.exists()


def _running(world: World) -> Kit:
    kit = make_kit(world)
    assert submit(kit, kit.authors[0], "润物无声", body="<p>李红的教育故事正文：润物无声。</p>").status_code == 302
    assert submit(kit, kit.authors[1], "班会的力量", category="案例", body="<p>班会正文</p>").status_code == 302
    upload = SimpleUploadedFile("陈建国的论文.docx", docx_bytes("家校共育的三点做法", "陈建国"))
    assert submit(kit, kit.authors[2], "家校共育", body="", document=upload).status_code == 302
    assert submit(kit, kit.authors[3], "一名新班主任的成长").status_code == 302
    past_deadline(kit)
    assert kit.organiser.post(kit.url("step/judge/")).status_code == 302
    kit.contest.refresh_from_db()
    return kit


def test_judges_see_codes_never_names_or_schools_and_the_document_is_anonymised(world: World) -> None:
    kit = _running(world)
    entries = list(Entry.objects.select_related("author", "school"))
    secrets = {e.author.name for e in entries} | {e.school.name for e in entries}
    client = client_for(kit.judges[0])
    pages = [client.get(kit.url("judge/"))] + [client.get(kit.url(f"judge/{e.code}/")) for e in entries]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for secret in secrets:
            assert secret not in html, secret
    index = pages[0].content.decode()
    assert all(e.code in index for e in entries)
    # 李红 wrote her own name into the essay: the judges read 〇〇 instead.
    first = next(e for e in entries if e.title == "润物无声")
    assert "〇〇的教育故事正文" in client.get(kit.url(f"judge/{first.code}/")).content.decode()
    # The organiser follows progress by judge, and sees no author either.
    manage = kit.organiser.get(kit.url("manage/")).content.decode()
    assert "评委甲" in manage and all(name not in manage for name in {e.author.name for e in entries})
    documented = next(e for e in entries if e.title == "家校共育")
    download = client.get(kit.url(f"judge/{documented.code}/document/"))
    assert download.status_code == 200
    assert f'filename="{documented.code}.docx"' in download["Content-Disposition"]
    core = zipfile.ZipFile(BytesIO(download.content)).read("docProps/core.xml").decode()
    assert "陈建国" not in core
    # Before the results the notice (names) is closed to the organiser too.
    assert kit.organiser.get(kit.url("notice/")).status_code == 404


def test_scores_combine_rank_publish_object_and_finalise_with_certificates_and_book(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    kit = _running(world)
    # 润物无声: 90, 80, 70 → mean 80; 班会的力量: 60, 70, 95 → 75; 家校共育: 50 ×3; 新班主任: 30 ×3.
    score_all(kit, {"润物无声": [90, 80, 70], "班会的力量": [60, 70, 95], "家校共育": [50, 50, 50],
                    "一名新班主任的成长": [30, 30, 30]})  # fmt: skip
    totals = {Entry.objects.get(pk=pk).title: total for pk, total in combined_totals(kit.contest).items()}
    assert totals == {"润物无声": Decimal("80.00"), "班会的力量": Decimal("75.00"), "家校共育": Decimal("50.00"),
                      "一名新班主任的成长": Decimal("30.00")}  # fmt: skip
    progress = kit.organiser.get(kit.url("manage/")).content.decode()
    assert "4 / 4" in progress
    assert kit.organiser.post(kit.url("step/publish/")).status_code == 302
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.PUBLICITY
    prizes = dict(Entry.objects.values_list("title", "prize"))
    assert prizes == {"润物无声": "first", "班会的力量": "second", "家校共育": "third", "一名新班主任的成长": ""}
    # Authors are told; the public page is still a 404 during the 公示.
    assert Notification.objects.filter(recipient=kit.authors[3], url=kit.url("notice/")).exists()
    assert client_for(world.nobody).get(kit.url("")).status_code == 404
    assert Client().get(kit.url("")).status_code == 404
    # An objection from a teacher the contest reached, upheld: 家校共育 loses its prize.
    objector = kit.authors[3]
    third = Entry.objects.get(title="家校共育")
    notice = client_for(objector).get(kit.url("notice/")).content.decode()
    assert "陈建国" in notice  # the 公示 names the authors
    sent = client_for(objector).post(kit.url("notice/"), {"entry": str(third.uid), "text": "此文与已发表文章雷同"})
    assert sent.status_code == 302
    objection = ContestObjection.objects.get()
    # Not final while the 公示 runs, nor with an open objection.
    assert kit.organiser.post(kit.url("step/finalise/")).status_code == 302
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.PUBLICITY
    decided = kit.organiser.post(
        kit.url("manage/"),
        {"form": "decide", "objection": str(objection.uid), "decide-upheld": "1", "decide-decision": "经核实雷同"},
    )
    assert decided.status_code == 302
    third.refresh_from_db()
    assert third.prize_removed
    Contest.objects.filter(pk=kit.contest.pk).update(objections_until=TODAY - dt.timedelta(days=1))
    assert kit.organiser.post(kit.url("step/finalise/")).status_code == 302
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.FINAL
    # Its results page is found by the public search from now on.
    from hts.core.search.models import SearchEntry

    assert SearchEntry.objects.filter(kind="contest", object_id=kit.contest.pk, is_public=True).exists()
    first = Entry.objects.get(title="润物无声")
    assert first.certificate_number
    assert Notification.objects.filter(
        recipient=kit.authors[0], url=f"/contest/entry/{first.uid}/certificate/"
    ).exists()
    # The certificate: the winner's and the organiser's; nobody else's.
    certificate = client_for(kit.authors[0]).get(f"/contest/entry/{first.uid}/certificate/")
    assert certificate.status_code == 200 and certificate["Content-Type"] == "application/pdf"
    text = pdf_text(certificate.content)
    assert "李红" in text and "润物无声" in text and first.certificate_number in text
    assert kit.organiser.get(f"/contest/entry/{first.uid}/certificate/").status_code == 200
    assert client_for(kit.authors[1]).get(f"/contest/entry/{first.uid}/certificate/").status_code == 404
    # The book, built in the background with its progress page, and kept for the public page.
    with django_capture_on_commit_callbacks(execute=True):
        response = kit.organiser.post(kit.url("book/make/"))
    job = ExportJob.objects.latest("created_at")
    assert response["Location"] == f"/jobs/{job.uid}/"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    book = Client().get(kit.url("book.pdf"))
    assert book.status_code == 200
    text = pdf_text(b"".join(book.streaming_content))
    assert "目录" in text and "一等奖" in text and "润物无声" in text and "班会的力量" in text
    assert "李红的教育故事正文" in text and "班会正文" in text
    assert "家校共育" not in text  # its prize was removed after the objection
    contents = text.split("目录", 1)[1].split("李红的教育故事正文", 1)[0]
    assert "润物无声" in contents and any(ch.isdigit() for ch in contents)  # page numbers in the contents
    # The public page: winners and the book, no sign-in, cached.
    public = Client().get(kit.url(""))
    html = public.content.decode()
    assert public.status_code == 200 and "润物无声" in html and "李红" in html and "book.pdf" in html
    assert "csrfmiddlewaretoken" not in html and "13800000001" not in html
    assert "家校共育" not in html


def test_the_book_puts_a_document_only_essay_in_by_its_text(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    kit = _running(world)
    score_all(kit, {"润物无声": [50] * 3, "班会的力量": [40] * 3, "家校共育": [90] * 3, "一名新班主任的成长": [10] * 3})
    kit.organiser.post(kit.url("step/publish/"))
    Contest.objects.filter(pk=kit.contest.pk).update(objections_until=TODAY - dt.timedelta(days=1))
    kit.organiser.post(kit.url("step/finalise/"))
    with django_capture_on_commit_callbacks(execute=True):
        kit.organiser.post(kit.url("book/make/"))
    text = pdf_text(b"".join(Client().get(kit.url("book.pdf")).streaming_content))
    assert "家校共育的三点做法" in text


def test_publishing_waits_for_every_judge(world: World) -> None:
    kit = _running(world)
    score_all(kit, {"润物无声": [90, 80, 70]})
    kit.organiser.post(kit.url("step/publish/"))
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.JUDGING
    # Judging cannot open before the deadline either (a fresh call).


def test_pages_refuse_those_without_the_right(world: World) -> None:
    kit = make_kit(world)
    assert client_for(world.legal_rep).get("/contest/").status_code == 403
    assert client_for(world.legal_rep).get("/contest/new/").status_code == 403
    # Another district's bureau: the call is outside its scope (404).
    assert client_for(world.district_b_staff).get(kit.url("manage/")).status_code == 404
    assert client_for(world.district_b_staff).post(kit.url("step/judge/")).status_code == 404
    assert client_for(world.teacher_user).get(kit.url("manage/")).status_code == 403


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_query_budgets_hold_whatever_the_number_of_essays(world: World) -> None:
    kit = _running(world)
    score_all(kit, {"润物无声": [90, 80, 70], "班会的力量": [60, 70, 95], "家校共育": [50] * 3,
                    "一名新班主任的成长": [30] * 3})  # fmt: skip
    judge = client_for(kit.judges[0])
    pages = [(judge, kit.url("judge/")), (kit.organiser, kit.url("manage/")), (client_for(kit.authors[0]), "/contest/")]
    before = [_count(client, url) for client, url in pages]
    Contest.objects.filter(pk=kit.contest.pk).update(status=Contest.Status.OPEN, closes_on=TODAY)
    for n in range(6):
        author = make_user(
            f"more{n}", teacher=make_teacher(world.school_a, f"作者{n}", serving_since=dt.date(2020, 9, 1))
        )
        assert submit(kit, author, f"又一篇{n}").status_code == 302
    Contest.objects.filter(pk=kit.contest.pk).update(status=Contest.Status.JUDGING)
    after = [_count(client, url) for client, url in pages]
    assert after == before and max(after) <= 40, (before, after)
    # The public page: a handful of queries, then none from the cache.
    Entry.objects.filter(contest=kit.contest, title__startswith="又一篇").delete()
    kit.organiser.post(kit.url("step/publish/"))
    Contest.objects.filter(pk=kit.contest.pk).update(objections_until=TODAY - dt.timedelta(days=1))
    kit.organiser.post(kit.url("step/finalise/"))
    kit.contest.refresh_from_db()
    assert kit.contest.status == Contest.Status.FINAL
    visitor = Client()
    assert _count(visitor, kit.url("")) <= 6
    assert _count(visitor, kit.url("")) <= 1


def test_the_essay_is_written_in_the_rich_text_editor_and_plain_lines_stay_paragraphs(world: World) -> None:
    kit = make_kit(world)
    author = kit.authors[0]
    form = client_for(author).get(kit.url("enter/")).content.decode()
    assert "data-rich-editor=" in form and "archives/editor.js" in form
    # Typed without JavaScript: plain text keeps its paragraphs (the judges read it as written).
    assert submit(kit, author, "两段", body="第一段\n\n第二段").status_code == 302
    assert Entry.objects.get(title="两段").body == "<p>第一段</p>\n\n<p>第二段</p>"
    # The editor's HTML is cleaned: no script survives.
    assert submit(kit, kit.authors[1], "脚本", body="<p>正文</p><script>alert(1)</script>").status_code == 302
    assert "script" not in Entry.objects.get(title="脚本").body
