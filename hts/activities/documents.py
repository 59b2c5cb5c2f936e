"""Documents of a person's activities: the continuing-education transcript (继续教育学时证明) as Excel
and PDF, and the iCalendar feed of the activities they may attend.

The transcript is a Chinese official document, so its text is Chinese whatever the reader's
language. Builders return bytes (or text) and know nothing of HTTP; what they read is loaded by
`selectors.transcript` (one query) or `calendar_activities` (one query).

The iCalendar text is written by hand per RFC 5545: TEXT values escaped (backslash, semicolon,
comma, newline), lines ended with CRLF and folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from hts.activities import selectors
from hts.activities.models import Activity, ActivityKind
from hts.core.labels import document_label
from hts.core.pdf import render_pdf
from hts.core.tabular import write_workbook
from hts.org.models import Teacher
from hts.studios.models import Membership

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"

STATUS_NAMES = {"present": "出勤", "late": "迟到", "leave": "请假", "absent": "缺勤"}
MODE_NAMES = {"offline": "线下", "online": "线上"}

TRANSCRIPT_TITLE = "继续教育学时证明"
TRANSCRIPT_HEADERS = ["日期", "活动", "类型", "组织方", "出勤", "学时"]
YEAR_HEADERS = ["年度", "活动次数", "学时"]
TOTAL_LABEL = "合计"


# Transcript ----------------------------------------------------------------------------------------


def teacher_queryset() -> QuerySet[Teacher]:
    """Teachers with the school the transcript names: one query."""
    return Teacher.objects.select_related("school")


def hours_text(hours: Decimal) -> str:
    """3.0 → "3", 1.5 → "1.5", 10.0 → "10" (never "1E+1")."""
    return format(hours.normalize(), "f")


@dataclass(frozen=True)
class TranscriptLine:
    day: dt.date
    title: str
    kind: str
    studio: str
    status: str
    hours: Decimal

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)


@dataclass(frozen=True)
class YearLine:
    year: int
    count: int
    hours: Decimal

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)


@dataclass(frozen=True)
class Transcript:
    title: str
    name: str
    school: str
    lines: list[TranscriptLine]
    years: list[YearLine]
    total: Decimal
    made_on: str

    @property
    def total_text(self) -> str:
        return hours_text(self.total)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def transcript(teacher: Teacher, *, today: dt.date | None = None) -> Transcript:
    """The data of `selectors.transcript(teacher)`, in Chinese, dated in local time (Asia/Shanghai):
    an activity at 07:00 on 1 January belongs to the new year, though it is still 31 December in UTC."""
    today = today or timezone.localdate()
    data = selectors.transcript(teacher)
    lines: list[TranscriptLine] = []
    years: dict[int, tuple[int, Decimal]] = {}
    for row in data["rows"]:
        activity: Activity = row["activity"]
        day = timezone.localtime(activity.starts_at).date()
        lines.append(
            TranscriptLine(
                day=day,
                title=activity.title,
                kind=document_label(ActivityKind.choices, activity.kind),
                studio=activity.organised_by,
                status=STATUS_NAMES.get(row["attendance"].status, row["attendance"].status),
                hours=row["hours"],
            )
        )
        count, hours = years.get(day.year, (0, Decimal(0)))
        years[day.year] = (count + 1, hours + row["hours"])
    return Transcript(
        title=TRANSCRIPT_TITLE,
        name=teacher.name,
        school=teacher.school.name,
        lines=lines,
        years=[YearLine(year=year, count=count, hours=hours) for year, (count, hours) in sorted(years.items())],
        total=data["total"],
        made_on=_cn_date(today),
    )


def transcript_filename(teacher: Teacher, extension: str) -> str:
    return f"{teacher.name}-继续教育学时.{extension}"


def transcript_xlsx(teacher: Teacher, *, today: dt.date | None = None) -> bytes:
    """Sheet 学时明细: one row per attended activity and a total row; sheet 年度汇总: hours per year."""
    data = transcript(teacher, today=today)
    details: list[list[object]] = [
        [line.day, line.title, line.kind, line.studio, line.status, line.hours] for line in data.lines
    ]
    details.append([TOTAL_LABEL, "", "", "", "", data.total])
    summary: list[list[object]] = [[f"{y.year}年", y.count, y.hours] for y in data.years]
    summary.append([TOTAL_LABEL, len(data.lines), data.total])
    return write_workbook([("学时明细", TRANSCRIPT_HEADERS, details), ("年度汇总", YEAR_HEADERS, summary)])


def transcript_pdf(teacher: Teacher, *, today: dt.date | None = None) -> bytes:
    # The studios' renderer, so that one place decides that WeasyPrint may open no URL at all.
    return render_pdf("activities/documents/transcript.html", {"transcript": transcript(teacher, today=today)})


# iCalendar -------------------------------------------------------------------------------------------

ICS_SALT = "hts.activities.ics"
# How far back the feed reaches, and how many events it carries at most (a bound on the query).
FEED_PAST_DAYS = 30
FEED_LIMIT = 500
CALENDAR_LIMIT = 200
PRODID = "-//HTS//Head-teacher studios//ZH"


class _UndatedSigner(signing.TimestampSigner):
    """`signing.dumps` stamps the current second into every token, so the address shown to the
    person would change on each page view. The feed never expires, so the stamp is fixed at 0:
    the token keeps the `dumps` format and `signing.loads` reads it (and any `dumps` token)."""

    def timestamp(self) -> str:
        return "0"


def feed_token(user: Any) -> str:
    """The secret part of a person's feed address: the same on every page, and it never expires
    (calendar apps keep it)."""
    return _UndatedSigner(salt=ICS_SALT).sign_object({"u": user.uid.hex})


def feed_user_uid(token: str) -> str | None:
    """The user uid (hex) a token was made for, or None for a forged or damaged token."""
    try:
        data = signing.loads(token, salt=ICS_SALT)
    except signing.BadSignature:
        return None
    uid = data.get("u") if isinstance(data, dict) else None
    return uid if isinstance(uid, str) and re.fullmatch(r"[0-9a-f]{32}", uid) else None


def calendar_activities(teacher_id: int | None, *, ends_after: dt.datetime, limit: int) -> list[Activity]:
    """Activities of the studios where the teacher holds an active membership that end after
    `ends_after`, earliest first, at most `limit`: one query."""
    if teacher_id is None:
        return []
    studios = Membership.objects.filter(teacher_id=teacher_id, status=Membership.Status.ACTIVE).values("studio_id")
    invited = Activity.invitees.through.objects.filter(teacher_id=teacher_id).values("activity_id")
    return list(
        Activity.objects.filter(Q(studio_id__in=studios) | Q(pk__in=invited), ends_at__gte=ends_after)
        .select_related("studio__batch__policy", "school", "region")
        .order_by("starts_at", "pk")[:limit]
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ics_escape(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash first, then ; and , and newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """One content line folded to at most 75 octets per physical line (RFC 5545 3.1), each line
    ended with CRLF; a continuation starts with a space, and no UTF-8 character is split."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space takes one octet
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(activity: Activity, url: str) -> list[str]:
    # Without METHOD the calendar is a published store, where DTSTAMP is the event's last revision
    # (RFC 5545 3.8.7.2): stable between fetches, so clients do not see every event change hourly.
    description = [
        f"{'工作室' if activity.studio_id else '组织'}：{activity.organised_by}",
        f"类型：{document_label(ActivityKind.choices, activity.kind)}",
    ]
    description.append(f"形式：{MODE_NAMES.get(activity.mode, activity.mode)}")
    if activity.link and activity.place:
        description.append(f"线上链接：{activity.link}")
    if activity.credit_half_days:
        description.append(f"学时：{hours_text(activity.credit_hours)}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{activity.uid}@hts",
        f"DTSTAMP:{_utc(activity.updated_at)}",
        f"LAST-MODIFIED:{_utc(activity.updated_at)}",
        f"DTSTART:{_utc(activity.starts_at)}",
        f"DTEND:{_utc(activity.ends_at)}",
        f"SUMMARY:{ics_escape(activity.title)}",
    ]
    location = activity.place or activity.link
    if location:
        lines.append(f"LOCATION:{ics_escape(location)}")
    lines.append(f"DESCRIPTION:{ics_escape(chr(10).join(description))}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar_ics(name: str, activities: Iterable[Activity], *, url_for: Any = None) -> str:
    """The VCALENDAR text; `url_for(activity)` gives each event's absolute address (optional)."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for activity in activities:
        lines.extend(_event(activity, url_for(activity) if url_for else ""))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) for line in lines)


def calendar_name(teacher: Teacher | None) -> str:
    return f"{teacher.name} · 班主任工作室活动" if teacher else "班主任工作室活动"
