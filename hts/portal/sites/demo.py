"""The studio websites' demo: each demo studio that may have a site gets one; 向阳花 publishes news with an
album, a member's case naming a pupil of the host school's class list (masked on the page), a story,
and one photo the publish step refuses for lack of a guardian consent. Everything goes through the
services a member and the host use.

That class (the first of the host school's with a head teacher who has an account) gets a short pupil
list, name and gender only, with one pupil's own consent for photos and names and another's for photos:
in the publish step the host can tick a covered pupil, an uncovered one (refused, named), and write a
consented name that stays unmasked. 林小雨 has no consent, so her name stays masked on the site."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hts.archives.models import ArchiveItem
from hts.classwork.models import Pupil
from hts.classwork.services import pupil_add
from hts.org.models import SchoolClass
from hts.portal.exposure.services import consent_record
from hts.portal.models import GuardianConsent, Publication
from hts.portal.sites import services
from hts.portal.sites.models import StudioSite
from hts.studios.demo import BATCH_NAME
from hts.studios.models import Membership, Studio

SUNFLOWER = "“向阳花”名班主任工作室"
PUPIL = "林小雨"
# The class list (invented names; minors' data kept to name and gender) and its consents by pupil.
CLASS_LIST = [
    (PUPIL, "F"),
    ("何思源", "M"),
    ("苏语桐", "F"),
    ("黄子墨", "M"),
    ("郑欣妍", "F"),
    ("马浩宇", "M"),
    ("唐一凡", "M"),
    ("许嘉怡", "F"),
]
NAMES_CONSENTED = "苏语桐"  # photos and names: may be named in the text and shown in a photo
PHOTOS_CONSENTED = "黄子墨"  # photos only: may be shown, his name stays masked


def _jpeg(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 380), fill=(255, 255, 255))
    draw.ellipse((250, 80, 390, 220), fill=(250, 220, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _choices(publication: Publication, *, pupils_in_last: bool = False) -> list[services.PhotoChoice]:
    candidates = services.photo_candidates(publication)
    return [
        services.PhotoChoice(candidate=c, shows_pupils=pupils_in_last and n == len(candidates) - 1)
        for n, c in enumerate(candidates)
    ]


def _publish(host: Any, publication: Publication, **kwargs: Any) -> int:
    services.publication_publish(actor=host, publication=publication, choices=_choices(publication, **kwargs))
    return 1


def demo_class(studio: Studio) -> SchoolClass | None:
    """The host school's class whose list the demo fills: its head teacher adds the pupils."""
    return (
        SchoolClass.objects.filter(school=studio.host_school, head_teacher__user__isnull=False)
        .select_related("head_teacher__user")
        .order_by("grade", "name")
        .first()
    )


def _class_list(studio: Studio, today: dt.date) -> int:
    """The class's pupils and two of their own consents, recorded by the head teacher (two weeks ago, so
    that they cover what the host publishes today); whatever is there already is kept."""
    school_class = demo_class(studio)
    if school_class is None:
        return 0
    head = school_class.head_teacher.user
    listed = set(Pupil.objects.filter(school_class=school_class).values_list("name", flat=True))
    created = 0
    for name, gender in CLASS_LIST:
        if name not in listed:
            pupil_add(actor=head, school_class=school_class, name=name, gender=gender)
            created += 1
    for name, scope in ((NAMES_CONSENTED, "photos_names"), (PHOTOS_CONSENTED, "photos")):
        pupil = Pupil.objects.get(school_class=school_class, name=name)
        if not GuardianConsent.objects.filter(pupil=pupil).exists():
            given_on = today - dt.timedelta(days=14)
            consent_record(actor=head, school_class=school_class, scope=scope, given_on=given_on, pupil=pupil)
            created += 1
    return created


def seed(today: dt.date) -> int:
    created = 0
    for studio in Studio.objects.filter(batch__name=BATCH_NAME).order_by("id"):
        existed = StudioSite.objects.filter(studio=studio).exists()
        if services.site_ensure(studio) is not None and not existed:
            created += 1
    studio = Studio.objects.filter(name=SUNFLOWER).select_related("host__user").first()
    if studio is None:
        return created
    created += _class_list(studio, today)
    if Publication.objects.filter(studio=studio).exists():
        return created
    host = studio.host.user
    team = Membership.objects.filter(studio=studio, role="member", status="active", teacher__user__isnull=False)
    member_row = (
        team.filter(teacher__user__username="member").select_related("teacher__user").first()
        or team.select_related("teacher__user").order_by("id").first()
    )
    site = services.site_ensure(studio)
    if site is None:
        return created
    services.site_update(
        actor=host, site=site, slug=site.slug, intro="扎根课堂与家校共育，每月分享一次工作室的研究与实践。"
    )

    news = services.news_write(
        actor=host, studio=studio, title="工作室开展“习惯养成”主题研讨",
        body="<p>本月工作室成员围绕小学低段习惯养成开展集体研讨，分享了各自班级的做法。</p>",
        photos=[_jpeg((90, 140, 200)), _jpeg((120, 170, 90))],
    )  # fmt: skip
    created += _publish(host, news)
    # The second photo shows pupils and no guardian consent covers them: the publish step leaves it out.
    refused = services.news_write(
        actor=host, studio=studio, title="家长开放日剪影",
        body="<p>家长走进课堂，与孩子们一起参加班级活动。</p>",
        photos=[_jpeg((200, 150, 90)), _jpeg((180, 90, 120))],
    )  # fmt: skip
    created += _publish(host, refused, pupils_in_last=True)

    if member_row is not None and member_row.teacher.user:
        member, teacher = member_row.teacher.user, member_row.teacher
        # The class list's pupil without a consent: the publish step masks her name (林*雨).
        name = PUPIL if demo_class(studio) is not None else "小雨"
        case = ArchiveItem.objects.create(
            owner_teacher=teacher, studio=studio, kind="case", title="从“不敢举手”到主动发言", date=today,
            visibility="studio", author=member,
            body=f"<p>{name}刚入学时不敢举手。我和家长约定每天一次小鼓励，一个学期后她在班会上主动发言。</p>"
                 "<p><strong>评析：</strong>低段学生的习惯养成需要家校一致的小步子目标。</p>",
        )  # fmt: skip
        created += 1
        created += _publish(host, services.offer_archive_item(actor=member, item=case, studio=studio))
        story = ArchiveItem.objects.create(
            owner_teacher=teacher, studio=studio, kind="narrative", title="一封写给班级的信", date=today,
            visibility="public", author=member,
            body="<p>期末那天，我给全班写了一封信，信里记着每个孩子这一学期的小进步。</p>",
        )  # fmt: skip
        created += 1
        created += _publish(host, services.offer_archive_item(actor=member, item=story, studio=studio))
    return created
