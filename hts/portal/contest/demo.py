"""The essay contest's demo story (issue 16 point 11): 福田区's finished 班主任工作征文 of this year: eight
invented essays by the district's head teachers (the demo `teacher` among them, with a prize), three
judges' scores on the built-in essay rubric, the ranked results after their 公示, certificates and the
book of winning essays kept for the public page /contest/<uid>/.

The essays and scores are written as rows (the submission window lies in the past); the ranking, the
prizes and the final list go through the contest's services, the book through the export's own build.
A second call of the district, 育人故事征文, is still being judged: two judges have scored its essays and
``zw_judge1`` has not, so a demo judge can try anonymous judging (essays by code, no names or schools).

Idempotent: each call is skipped once the district has it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from hts.accounts.models import User
from hts.evaluation.rubrics.models import RubricVersion
from hts.org.models import Region, Teacher
from hts.portal.contest import services
from hts.portal.contest.export_jobs import book_keep, build_book
from hts.portal.contest.models import Contest, Entry, EntryScore, Judge

TITLE = "福田区班主任工作征文评比"
ESSAYS = [
    (
        "论文",
        "以“小岗位”撬动班级自治",
        "<p>接手四年级时，班上事事都等老师安排。我把班级事务拆成三十六个“小岗位”，人人有岗、岗岗有责。</p><p>一个学期下来，学生从“要我做”变成了“我要做”：图书角有人管，绿植有人浇，午餐有人分。班级自治的关键，不在制度多细，而在每个孩子都感到自己被需要。</p>",
    ),
    (
        "案例",
        "一次“迟到风波”的化解",
        "<p>连续两周，一名学生每天迟到十分钟。批评无效后，我在一个清晨去了他家楼下，才知道他每天要先送妹妹上幼儿园。</p><p>我和家长商量调整了接送安排，又请他担任班级“时间管理员”。此后他再没迟到。理解比批评更有力量。</p>",
    ),
    (
        "论文",
        "家校共育中的“三次沟通”",
        "<p>家校沟通常常止于通知和告状。我尝试在每学期安排三次有准备的沟通：开学的期待沟通、期中的进步沟通、期末的成长沟通。</p><p>每次沟通都先说孩子的一个具体进步，再说一个可以共同努力的方向。家长从防备变为合作。</p>",
    ),
    (
        "教育叙事",
        "教室里的那盆绿萝",
        "<p>开学时我在窗台放了一盆绿萝，约定谁做了一件好事，就可以给它浇一次水。</p><p>一年过去，绿萝爬满了半面墙，孩子们也学会了看见别人的好。</p>",
    ),
    (
        "案例",
        "班级矛盾调解中的“圆桌会议”",
        "<p>两名学生因座位争执动了手。我没有当场裁决，而是召开了一次“圆桌会议”，让每个人说出自己的感受和需要。</p><p>学生们自己提出了换座规则。规则出自他们，也就被他们遵守。</p>",
    ),
    (
        "论文",
        "主题班会设计的四个环节",
        "<p>一节好的主题班会，应当有情境导入、体验活动、讨论生成和行动承诺四个环节。</p><p>本文以“学会感恩”班会为例，说明每个环节的设计要点与常见误区。</p>",
    ),
    (
        "教育叙事",
        "给每个孩子写一封信",
        "<p>期末，我给全班四十二个孩子每人写了一封信，写下我看到的他们这一年的变化。</p><p>有个孩子把信贴在了书桌上。他说，这是第一次有老师这样认真地看他。</p>",
    ),
    (
        "论文",
        "新手班主任的第一个月",
        "<p>第一个月，我经历了手忙脚乱，也找到了三条经验：先立规矩再讲感情，先记住名字再谈教育，先倾听再评价。</p>",
    ),
]
# Each judge's total per essay (split over the rubric's items 25/35/20/20 in order).
SCORES = [
    (92, 88, 90),
    (85, 89, 84),
    (86, 80, 83),
    (78, 82, 80),
    (75, 79, 74),
    (70, 72, 75),
    (66, 70, 64),
    (60, 58, 63),
]
JUDGES = ["zw_judge1", "zw_judge2", "zw_judge3"]
JUDGING_TITLE = "福田区班主任育人故事征文"
# The essays of the call being judged: the first four stories of the finished call, rewritten as new
# entries; only the second and third judges have scored them.
JUDGING_SCORES = [(None, 86, 84), (None, 78, 81), (None, 90, 88), (None, 70, 73)]


def seed(today: dt.date) -> int:
    district = Region.objects.filter(code="440304").first()
    organiser = User.objects.filter(username="district_admin").first()
    version = RubricVersion.objects.filter(rubric__builtin_code="essay", status="active").first()
    if district is None or organiser is None or version is None:
        return 0
    if Contest.objects.filter(organiser_path=district.path, title=TITLE).exists():
        return 0
    serving = list(
        Teacher.objects.filter(
            school__region__path__startswith=district.path, service_records__ended_on__isnull=True
        ).distinct().order_by("mobile")[: len(ESSAYS) + len(JUDGES) + 20]
    )  # fmt: skip
    demo_teacher = User.objects.filter(username="teacher").select_related("teacher").first()
    own = getattr(demo_teacher, "teacher", None)
    # The judges get accounts of their own: teachers who have none yet.
    taken = set(User.objects.filter(teacher__in=serving).values_list("teacher_id", flat=True))
    judge_teachers = [t for t in serving if t.pk not in taken][: len(JUDGES)]
    authors = [t for t in serving if t not in judge_teachers and t != own]
    if own is not None:
        authors = [own, *authors]
    authors = authors[: len(ESSAYS)]
    if len(judge_teachers) < len(JUDGES) or len(authors) < len(ESSAYS):
        return 0
    contest = Contest.objects.create(
        title=TITLE, theme="围绕“做学生成长的引路人”，讲述班主任工作中的思考、做法与故事。论文、案例、教育叙事均可，3000字以内。",
        categories="论文\n案例\n教育叙事", region=district, organiser_path=district.path,
        opens_on=today - dt.timedelta(days=90), closes_on=today - dt.timedelta(days=60),
        judging_until=today - dt.timedelta(days=40), publicity_days=7, entries_per_author=1, version=version,
        combination="trimmed", first_prizes=1, second_prizes=2, third_prizes=3, status=Contest.Status.JUDGING,
        created_by=organiser,
    )  # fmt: skip
    created = 1
    judges = []
    for username, teacher in zip(JUDGES, judge_teachers, strict=True):
        user, new = User.objects.get_or_create(username=username, defaults={"full_name": teacher.name})
        if new:
            user.set_password(settings.DEMO_PASSWORD)
            user.teacher = teacher
            user.save()
        judges.append(Judge.objects.create(contest=contest, user=user))
        created += 1 + new
    items = list(version.items.order_by("number"))
    for author, (category, title, body), totals in zip(authors, ESSAYS, SCORES, strict=False):
        account = User.objects.filter(teacher=author).first() or organiser
        entry = Entry.objects.create(
            contest=contest, author=author, submitted_by=account, school=author.school,
            code=services.new_code(contest, category), category=category, title=title, body=body,
        )  # fmt: skip
        created += 1
        for judge, total in zip(judges, totals, strict=True):
            left = Decimal(total)
            for item in items:
                given = min(item.max_points, left)
                EntryScore.objects.create(entry=entry, judge=judge, item=item, points=given)
                left -= given
                created += 1
    services.results_publish(actor=organiser, contest=contest, today=contest.judging_until - dt.timedelta(days=1))
    services.contest_finalise(actor=organiser, contest=contest, today=today)
    contest.refresh_from_db()
    book_keep(contest, build_book(contest), actor=organiser)
    return created + 1 + _seed_judging(district, organiser, version, judges, authors, today)


def _seed_judging(
    district: Region,
    organiser: User,
    version: RubricVersion,
    judges: list[Judge],
    authors: list[Teacher],
    today: dt.date,
) -> int:
    if Contest.objects.filter(organiser_path=district.path, title=JUDGING_TITLE).exists():
        return 0
    contest = Contest.objects.create(
        title=JUDGING_TITLE, theme="讲述一个你和学生之间的育人故事，2000字以内。",
        categories="教育叙事\n案例", region=district, organiser_path=district.path,
        opens_on=today - dt.timedelta(days=45), closes_on=today - dt.timedelta(days=5),
        judging_until=today + dt.timedelta(days=14), publicity_days=7, entries_per_author=1, version=version,
        combination="mean", first_prizes=1, second_prizes=1, third_prizes=1, status=Contest.Status.JUDGING,
        created_by=organiser,
    )  # fmt: skip
    created = 1
    items = list(version.items.order_by("number"))
    for n, (author, totals) in enumerate(zip(authors[1:], JUDGING_SCORES, strict=False)):
        _category, title, body = ESSAYS[n]
        category = "案例" if n % 2 else "教育叙事"
        account = User.objects.filter(teacher=author).first() or organiser
        entry = Entry.objects.create(
            contest=contest, author=author, submitted_by=account, school=author.school,
            code=services.new_code(contest, category), category=category, title=title, body=body,
        )  # fmt: skip
        created += 1
        for previous, total in zip(judges, totals, strict=True):
            judge = Judge.objects.get_or_create(contest=contest, user=previous.user)[0]
            if total is None:
                continue
            left = Decimal(total)
            for item in items:
                given = min(item.max_points, left)
                EntryScore.objects.create(entry=entry, judge=judge, item=item, points=given)
                left -= given
                created += 1
    return created
