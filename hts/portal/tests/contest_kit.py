"""A running essay contest for the contest's tests: a district's call, three judges, authors."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from hts.accounts.models import User
from hts.evaluation.rubrics.models import RubricVersion
from hts.org.models import Teacher
from hts.portal.contest.models import Contest, Entry
from testkit import World, client_for, make_teacher, make_user

TODAY = dt.date.today()


def pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    done = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


def essay_version() -> RubricVersion:
    return RubricVersion.objects.get(rubric__builtin_code="essay", number=1)


@dataclass
class Kit:
    world: World
    contest: Contest
    judges: list[User]
    authors: list[User]
    author_teachers: list[Teacher]
    items: list[Any] = field(default_factory=list)

    @property
    def organiser(self) -> Client:
        return client_for(self.world.district_staff)

    def url(self, name: str) -> str:
        return f"/contest/{self.contest.uid}/{name}"


def call_data(**extra: Any) -> dict[str, Any]:
    return {
        "title": "2026年班主任工作征文", "theme": "我的班级管理故事", "categories": "论文\n案例",
        "opens_on": (TODAY - dt.timedelta(days=5)).isoformat(), "closes_on": (TODAY + dt.timedelta(days=5)).isoformat(),
        "judging_until": (TODAY + dt.timedelta(days=20)).isoformat(), "publicity_days": "5",
        "entries_per_author": "2", "version": str(essay_version().pk), "combination": "mean",
        "first_prizes": "1", "second_prizes": "1", "third_prizes": "1", **extra,
    }  # fmt: skip


def make_kit(world: World) -> Kit:
    """Created and opened through the organiser's pages: three judges at 福田中学, four authors."""
    client = client_for(world.district_staff)
    response = client.post("/contest/new/", call_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    contest = Contest.objects.get()
    judges = []
    for n, name in enumerate(("评委甲", "评委乙", "评委丙")):
        user = make_user(f"judge{n}", teacher=make_teacher(world.school_a2, name))
        response = client.post(f"/contest/{contest.uid}/manage/", {"form": "judge", "judge-query": f"judge{n}"})
        assert response.status_code == 302, response.content.decode()[:2000]
        judges.append(user)
    assert client.post(f"/contest/{contest.uid}/step/open/").status_code == 302
    contest.refresh_from_db()
    assert contest.status == Contest.Status.OPEN
    teachers = [world.teacher_a]
    authors = [world.teacher_user]
    for n, name in enumerate(("周晓燕", "陈建国", "刘思远")):
        teacher = make_teacher(world.school_a2 if n % 2 else world.school_a, name, serving_since=dt.date(2019, 9, 1))
        teachers.append(teacher)
        authors.append(make_user(f"author{n}", teacher=teacher))
    return Kit(world=world, contest=contest, judges=judges, authors=authors, author_teachers=teachers)


def submit(kit: Kit, user: User, title: str, body: str = "<p>正文</p>", category: str = "论文", **files: Any) -> Any:
    return client_for(user).post(kit.url("enter/"), {"category": category, "title": title, "body": body, **files})


def past_deadline(kit: Kit) -> None:
    Contest.objects.filter(pk=kit.contest.pk).update(
        opens_on=TODAY - dt.timedelta(days=20), closes_on=TODAY - dt.timedelta(days=1)
    )
    kit.contest.refresh_from_db()


def score_all(kit: Kit, points: dict[str, list[int]]) -> None:
    """points: essay title → each judge's total, split over the rubric's four items (25/35/20/20)."""
    items = list(kit.contest.version.items.order_by("number"))
    for title, totals in points.items():
        entry = Entry.objects.get(contest=kit.contest, title=title)
        for judge, total in zip(kit.judges, totals, strict=True):
            data = {}
            left = total
            for item in items:
                given = min(int(item.max_points), left)
                data[f"item_{item.pk}"] = str(given)
                left -= given
            response = client_for(judge).post(kit.url(f"judge/{entry.code}/"), data)
            assert response.status_code == 302, response.content.decode()[:2000]


def docx_bytes(text: str, author: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
