"""Demo growth archives for `seed_demo`: items of every kind for the demo studio's `member`, some for
`mentor` and `host`, the mentor's tracking record and appraisal, and a studio research material."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from hts.accounts.models import User
from hts.archives import services
from hts.archives.models import OWNER_KINDS, ArchiveItem, ItemKind, Visibility
from hts.studios.models import Membership

TITLES = {
    ItemKind.DEVELOPMENT_PLAN: "三年个人专业发展规划",
    ItemKind.SEMESTER_SUMMARY: "2025—2026学年第一学期个人总结",
    ItemKind.LECTURE: "讲座：小学低段行为习惯养成",
    ItemKind.OPEN_LESSON: "区级公开课：《我们的班级公约》",
    ItemKind.LESSON_PLAN: "教案：《学会整理书包》",
    ItemKind.CLASS_MEETING: "主题班会设计：感恩父母",
    ItemKind.CASE_STUDY: "案例：一个不愿交作业的孩子（附评析）",
    ItemKind.NARRATIVE: "教育叙事：小雨的转变",
    ItemKind.READING_NOTES: "读书笔记：《给教师的建议》",
    ItemKind.PAPER: "论文：家校共育中的沟通策略",
    ItemKind.HONOUR: "荣誉：区优秀班主任",
    ItemKind.EVALUATION: "学年考核记录：优秀",
}
BODY = "<p>{title}。</p><p>本学期围绕工作室主题开展实践，记录过程与反思。</p>"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (70, 130, 180)).save(out, "PNG")
    return out.getvalue()


def seed_archives() -> int:
    if ArchiveItem.objects.exists():
        return 0
    users = {
        u.username: u for u in User.objects.filter(username__in=["member", "mentor", "host"], teacher__isnull=False)
    }
    member = users.get("member")
    if member is None or "mentor" not in users or "host" not in users:
        return 0
    membership = (
        Membership.objects.filter(teacher_id=member.teacher_id, status="active", role="member")
        .select_related("studio")
        .first()
    )
    if membership is None:
        return 0
    studio = membership.studio
    created = 0
    start = dt.date(2025, 9, 15)
    for number, kind in enumerate(OWNER_KINDS):
        day = start + dt.timedelta(days=number * 23)
        title = TITLES[kind]
        visibility = Visibility.PRIVATE if kind == ItemKind.READING_NOTES else Visibility.STUDIO
        item = services.item_create(
            actor=member,
            owner=member.teacher,
            data={"kind": kind, "title": title, "body": BODY.format(title=title), "date": day,
                  "visibility": visibility, "studio": studio},
        )  # fmt: skip
        created += 1
        if kind == ItemKind.LESSON_PLAN:
            upload = SimpleUploadedFile("课堂照片.png", _png(), content_type="image/png")
            services.file_add(actor=member, item=item, upload=upload)
    for username, kinds in (("mentor", [ItemKind.LECTURE, ItemKind.PAPER]), ("host", [ItemKind.OPEN_LESSON])):
        user = users[username]
        for kind in kinds:
            services.item_create(
                actor=user, owner=user.teacher,
                data={"kind": kind, "title": f"{user.teacher.name}：{TITLES[kind]}", "body": BODY.format(title=TITLES[kind]),
                      "date": dt.date(2026, 4, 10), "visibility": Visibility.STUDIO, "studio": studio},
            )  # fmt: skip
            created += 1
    mentor = users["mentor"]
    for kind, title, day in (
        (ItemKind.TRACKING, "跟踪培养记录：第一学期", dt.date(2026, 1, 10)),
        (ItemKind.APPRAISAL, "综合鉴定", dt.date(2026, 7, 5)),
    ):
        services.item_create(
            actor=mentor, owner=member.teacher,
            data={"kind": kind, "title": title, "body": "<p>该老师学习认真，班级管理有方法，进步明显。</p>", "date": day,
                  "visibility": Visibility.PRIVATE, "studio": studio},
        )  # fmt: skip
        created += 1
    services.item_create(
        actor=users["host"], owner=None, studio=studio,
        data={"kind": ItemKind.STUDIO_MATERIAL, "title": "课题研究资料：家校共育问卷汇总", "body": "<p>问卷与访谈记录。</p>",
              "date": dt.date(2026, 5, 20), "visibility": Visibility.STUDIO},
    )  # fmt: skip
    return created + 1
