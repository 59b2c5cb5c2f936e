"""The forum's and the suggestion box's demo (issue 16 point 11), in the demo city's 福田区: a city
board with a topic and its replies and the forum's rules pinned on top; a suggestion of `teacher`'s
adopted by the school's office with its answer, and an anonymous one of `member`'s to the district
bureau under consideration. Run again, it creates nothing."""

from __future__ import annotations

import datetime as dt

from hts.accounts.models import Role, RoleAssignment, User
from hts.org.models import Region
from hts.portal.forum import services as forum
from hts.portal.forum.models import ForumBoard, ForumTopic
from hts.portal.ideas import services as ideas
from hts.portal.ideas.models import Suggestion

BOARD = "深圳市班主任论坛"
RULES = "论坛公约（请先阅读）"
TOPIC = "新学期第一次家长会怎么开？"
REPLIES = [
    ("host", "我们工作室的做法：提前一周发问卷，了解家长最关心的三个问题，会上逐一回应。"),
    ("member", "建议留出十分钟让家长分组交流，比班主任一个人讲效果好。"),
    ("mentor", "别忘了会后一周内个别回访没能到会的家长。"),
]
ADOPTED = "建议为新任班主任配备“青蓝结对”导师"
ANONYMOUS = "申请为乡村学校班主任提供心理辅导培训"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("teacher__school__region").first()


def seed(today: dt.date) -> int:
    users = {name: _user(name) for name in ("city_admin", "district_admin", "school_admin", "teacher", "member")}
    users |= {name: _user(name) for name in ("host", "mentor")}
    if any(user is None for user in users.values()):
        return 0
    created = 0
    city = Region.objects.filter(name="深圳市").first()
    if city is None:
        return 0
    board = ForumBoard.objects.filter(region=city, name=BOARD).first()
    if board is None:
        board = forum.board_create(
            actor=users["city_admin"], region=city, name=BOARD, description="全市班主任交流工作经验、探讨教育问题。"
        )
        created += 1
    if not ForumTopic.objects.filter(board=board, title=RULES).exists():
        rules = forum.topic_start(
            actor=users["city_admin"],
            board=board,
            title=RULES,
            text="文明发言，就事论事；不发布学生的姓名、照片等个人信息；不发广告。违规帖子将被版主隐藏。",
        )
        forum.topic_pin(actor=users["city_admin"], topic=rules, pinned=True)
        created += 1
    if not ForumTopic.objects.filter(board=board, title=TOPIC).exists():
        topic = forum.topic_start(
            actor=users["teacher"],
            board=board,
            title=TOPIC,
            text="我第一年当班主任，开学第三周要开家长会。大家一般怎么安排流程？有哪些要注意的地方？",
        )
        for username, text in REPLIES:
            forum.reply_add(actor=users[username], topic=topic, text=text)
        created += 1 + len(REPLIES)
    teacher, member = users["teacher"], users["member"]
    if not Suggestion.objects.filter(sender=teacher, title=ADOPTED).exists():
        adopted = ideas.suggestion_send(
            actor=teacher,
            kind=Suggestion.Kind.IDEA,
            title=ADOPTED,
            body="新任班主任第一年最需要有经验的老师带一带，建议学校为每位新任班主任指定一名导师，每月至少指导一次。",
            to_region=None,
            anonymous=False,
        )
        ideas.suggestion_consider(actor=users["school_admin"], suggestion=adopted, note="德育处正在研究。")
        ideas.suggestion_decide(
            actor=users["school_admin"],
            suggestion=adopted,
            adopted=True,
            answer="已采纳：本学期起为每位新任班主任结对一名导师，由德育处统一安排并记录指导情况。",
        )
        created += 1
    # The anonymous one goes to the district bureau `district_admin` works for, from `member` (or, should
    # the member's school lie in another district, from `teacher`).
    district = (
        RoleAssignment.objects.active()
        .filter(user=users["district_admin"], role=Role.BUREAU_STAFF)
        .select_related("region")
        .first()
    )
    senders = [user for user in (member, teacher) if user is not None and user.teacher is not None]
    sender = next(
        (u for u in senders if district and district.region in ideas.bureaus_above(u.teacher.school)),  # type: ignore[union-attr]
        None,
    )
    if district and sender and not Suggestion.objects.filter(title=ANONYMOUS, anonymous=True).exists():
        pending = ideas.suggestion_send(
            actor=sender,
            kind=Suggestion.Kind.SUPPORT,
            title=ANONYMOUS,
            body="乡村学校留守儿童多，班主任缺少心理辅导方面的培训，希望教育局每学期组织一次专题培训。",
            to_region=district.region,
            anonymous=True,
        )
        ideas.suggestion_consider(actor=users["district_admin"], suggestion=pending)
        created += 1
    return created
