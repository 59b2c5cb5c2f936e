"""The comments' demo (issue 16 points 4 and 11): on the “向阳花” studio's message board, one message
approved with the studio's reply, one held for the host, one rejected with its reason; the same on
the studio's first published publication when the sites' demo published one; and one answered
message on 深圳市's portal. Each region with a demo batch gets its template's portal policy."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.accounts.models import Role, RoleAssignment, User
from hts.org.models import Region
from hts.portal.comments.models import Comment
from hts.portal.comments.services import portal_policy_from_template
from hts.portal.models import PortalPolicy, Publication
from hts.studios.models import Studio
from hts.studios.policy_templates import BUNDLES

STUDIO = "“向阳花”名班主任工作室"

BOARD = [
    # (nickname, text, status, the studio's reply or the reason it was rejected)
    (
        "一年级家长",
        "孩子刚上一年级，早上总是磨蹭，工作室有没有培养好习惯的小办法？",
        Comment.Status.APPROVED,
        "感谢留言！可以试试“前一晚准备好书包和衣服”的清单，工作室的习惯养成案例里有详细做法，欢迎参考。",
    ),
    ("福田区老师", "想参加工作室下学期的开放活动，请问需要报名吗？", Comment.Status.HELD, ""),
    ("广告", "专业代写论文，价格优惠，联系QQ。", Comment.Status.REJECTED, "广告内容，与工作室无关。"),
]
ON_PUBLICATION = [
    (
        "二年级班主任",
        "案例很实用，家校沟通的那部分我们班也准备试一试。",
        Comment.Status.APPROVED,
        "谢谢！欢迎交流试用的效果。",
    ),
    ("家长", "请问文中提到的习惯打卡表可以分享吗？", Comment.Status.HELD, ""),
]
PORTAL = [
    (
        "深圳家长",
        "请问名班主任工作室的活动家长可以旁听吗？",
        Comment.Status.APPROVED,
        "部分开放活动面向家长，请关注各工作室网站的工作动态。",
    )
]


def _seed(rows: list[tuple[str, str, str, str]], moderator: User | None, **target: object) -> int:
    created = 0
    now = timezone.now()
    for name, body, status, answer in rows:
        if Comment.objects.filter(name=name, body=body, **target).exists():
            continue
        Comment.objects.create(
            kind=Comment.Kind.COMMENT if target.get("publication") else Comment.Kind.MESSAGE,
            status=status,
            name=name,
            body=body,
            contact="13900000000" if status == Comment.Status.HELD else "",
            decided_by=moderator if status != Comment.Status.HELD else None,
            decided_at=now if status != Comment.Status.HELD else None,
            reject_reason=answer if status == Comment.Status.REJECTED else "",
            reply=answer if status == Comment.Status.APPROVED else "",
            replied_by=moderator if status == Comment.Status.APPROVED else None,
            replied_at=now if status == Comment.Status.APPROVED else None,
            **target,
        )
        created += 1
    return created


def seed(today: dt.date) -> int:
    created = 0
    admin = User.objects.filter(username="admin").first()
    for code, template in (("440300", "shenzhen"), ("320721", "ganyu")):
        region = Region.objects.filter(code=code).first()
        if admin is not None and region is not None and not PortalPolicy.objects.filter(region=region).exists():
            created += bool(portal_policy_from_template(region=region, bundle=BUNDLES[template], actor=admin))
    studio = Studio.objects.filter(name=STUDIO).first()
    if studio is not None:
        host = User.objects.filter(teacher_id=studio.host_id).first()
        created += _seed(BOARD, host, studio=studio)
        publication = Publication.objects.filter(studio=studio, status=Publication.Status.PUBLISHED).first()
        if publication is not None:
            created += _seed(ON_PUBLICATION, host, studio=studio, publication=publication)
    city = Region.objects.filter(code="440300").first()
    if city is not None:
        staff = (
            RoleAssignment.objects.active().filter(role=Role.BUREAU_STAFF, region=city).select_related("user").first()
        )
        created += _seed(PORTAL, staff.user if staff else None, region=city)
    return created
