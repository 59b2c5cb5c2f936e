"""The daily reminders (run by the `send_daily_reminders` task; `manage.py send_reminders` for cron).

(a) Activities that start tomorrow: each person on the studio's team (active memberships with an
    active account) is told when and where.
(b) Quotas about to be missed: for each running studio, a quota whose current period is not yet met
    and ends within `DAYS_LEFT[period]` days, with nothing matching planned in the days left, is
    named to the host and the liaison, once per quota per period.

Every reminder has a dedupe key, so running the day again (or twice) tells nobody anything twice.
Queries are bounded by chunks of studios, never per activity or per person: for 1,000 studios the
quota pass makes a handful of queries per chunk of `CHUNK` studios.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hts.accounts.models import User
from hts.activities.models import Activity, QuotaRule
from hts.activities.quotas import selectors as quotas
from hts.core.audit import audit_record
from hts.notifications.models import Notification
from hts.notifications.services import Message, notifications_send
from hts.studios.models import Membership, Studio

# A quota is "about to be missed" when its current period has at most this many days left.
DAYS_LEFT: dict[str, int] = {
    QuotaRule.Period.WEEK: 2,
    QuotaRule.Period.MONTH: 7,
    QuotaRule.Period.SEMESTER: 21,
    QuotaRule.Period.YEAR: 30,
}
RUNNING = [Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]
# Studios per pass of the quota computation, and ids per IN list.
CHUNK = 200


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def team_users(studio_ids: Iterable[int], *, only_leads: bool = False) -> dict[int, list[User]]:
    """The active accounts of each studio's active team (or only its host and liaison): two queries."""
    found: dict[int, list[int]] = defaultdict(list)
    filters = Q(studio_id__in=list(studio_ids), status=Membership.Status.ACTIVE, teacher__user__is_active=True)
    if only_leads:
        filters &= Q(role=Membership.Role.HOST) | Q(is_liaison=True)
    for studio_id, user_id in Membership.objects.filter(filters).values_list("studio_id", "teacher__user"):
        if user_id not in found[studio_id]:
            found[studio_id].append(user_id)
    users = User.objects.in_bulk({pk for ids in found.values() for pk in ids})
    return {studio_id: [users[pk] for pk in ids if pk in users] for studio_id, ids in found.items()}


def activity_reminders(today: dt.date) -> list[Message]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    activities = list(
        Activity.objects.filter(
            starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1), studio__status__in=RUNNING
        )
        .select_related("studio")
        .order_by("starts_at", "pk")
    )
    messages: list[Message] = []
    for chunk in _chunks(activities):
        team = team_users({activity.studio_id for activity in chunk})
        for activity in chunk:
            starts, ends = _local(activity.starts_at), _local(activity.ends_at)
            lines = [
                _("Studio: %(studio)s") % {"studio": activity.studio.name},
                _("Time: %(start)s – %(end)s") % {"start": f"{starts:%Y-%m-%d %H:%M}", "end": f"{ends:%H:%M}"},
            ]
            if activity.place:
                lines.append(_("Place: %(place)s") % {"place": activity.place})
            if activity.link:
                lines.append(_("Online: %(link)s") % {"link": activity.link})
            title = _("Activity on %(date)s: %(title)s") % {"date": f"{starts:%m-%d %H:%M}", "title": activity.title}
            for user in team.get(activity.studio_id, []):
                messages.append(
                    Message(
                        recipient=user,
                        kind=Notification.Kind.ACTIVITY_UPCOMING,
                        title=title,
                        body="\n".join(lines),
                        url=activity.get_absolute_url(),
                        # A rescheduled activity is announced again for its new time.
                        dedupe_key=f"activity:{activity.uid}:{starts:%Y%m%d%H%M}",
                    )
                )
    return messages + own_activity_reminders(start)


def own_activity_reminders(start: dt.datetime) -> list[Message]:
    """A school's or bureau's own activities of the day starting at `start` (a meeting, a training
    session): each invited teacher is told; two queries. No link: the page is the organiser's."""
    activities = {
        a.pk: a
        for a in Activity.objects.filter(
            studio__isnull=True,
            cancelled_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        ).select_related("school", "region")
    }
    invited = Activity.invitees.through.objects.filter(
        activity_id__in=activities, teacher__user__is_active=True
    ).select_related("teacher__user")
    messages = []
    for link in invited:
        activity = activities[link.activity_id]
        starts, ends = _local(activity.starts_at), _local(activity.ends_at)
        lines = [
            _("Organised by: %(name)s") % {"name": activity.organised_by},
            _("Time: %(start)s – %(end)s") % {"start": f"{starts:%Y-%m-%d %H:%M}", "end": f"{ends:%H:%M}"},
        ]
        if activity.place:
            lines.append(_("Place: %(place)s") % {"place": activity.place})
        messages.append(
            Message(
                recipient=link.teacher.user,
                kind=Notification.Kind.ACTIVITY_UPCOMING,
                title=_("Activity on %(date)s: %(title)s") % {"date": f"{starts:%m-%d %H:%M}", "title": activity.title},
                body="\n".join(lines),
                dedupe_key=f"activity:{activity.uid}:{starts:%Y%m%d%H%M}",
            )
        )
    return messages


def _planned(studio_ids: Iterable[int], after: dt.date, until: dt.date) -> dict[int, list[quotas.Held]]:
    """Activities already planned after today and up to `until` (one query)."""
    tz = timezone.get_current_timezone()
    found: dict[int, list[quotas.Held]] = defaultdict(list)
    for studio_id, starts_at, kind, mode, publicity in Activity.objects.filter(
        studio_id__in=list(studio_ids),
        starts_at__gte=dt.datetime.combine(after + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        starts_at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    ).values_list("studio_id", "starts_at", "kind", "mode", "publicity_url"):
        found[studio_id].append(quotas.Held(_local(starts_at).date(), kind, mode, bool(publicity)))
    return found


def due_quotas(studios: list[Studio], today: dt.date) -> list[tuple[Studio, QuotaRule, quotas.PeriodResult]]:
    """The quotas of these studios whose current period is pending with few days left and nothing planned."""
    data = quotas.matrix(studios, today, today=today)
    due = []
    for row in data["rows"]:
        for result in row["cells"].values():
            current = result.current
            limit = DAYS_LEFT.get(result.rule.period)
            if current is not None and limit is not None and current.days_left <= limit:
                due.append((row["studio"], result.rule, current))
    if not due:
        return []
    planned = _planned({studio.pk for studio, _r, _p in due}, today, max(period.end for _s, _r, period in due))
    # A planned activity settles a studio's quota; one of each host or mentor depends on who takes
    # part, which is known only afterwards, so those are always reminded.
    return [
        (studio, rule, period)
        for studio, rule, period in due
        if rule.counts_for != QuotaRule.CountsFor.STUDIO
        or period.count
        + sum(
            1
            for held in planned.get(studio.pk, [])
            if held.day <= period.end and rule.matches(held.kind, held.mode, held.has_publicity)
        )
        < period.required
    ]


def quota_reminders(today: dt.date) -> list[Message]:
    messages: list[Message] = []
    base = Studio.objects.filter(status__in=RUNNING).select_related("batch", "host", "host_school__region")
    last_pk = 0
    while True:
        # Keyset pages: each chunk is one bounded query however many studios there are.
        studios = list(base.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
        if not studios:
            break
        last_pk = studios[-1].pk
        due = due_quotas(studios, today)
        if not due:
            continue
        leads = team_users({studio.pk for studio, _r, _p in due}, only_leads=True)
        for studio, rule, period in due:
            title = ngettext(
                "%(quota)s: %(days)d day left to meet it",
                "%(quota)s: %(days)d days left to meet it",
                period.days_left,
            ) % {"quota": rule.label, "days": period.days_left}
            body = "\n".join(
                [
                    _("Studio: %(studio)s") % {"studio": studio.name},
                    _(
                        "This period (%(period)s) runs %(start)s – %(end)s: at least %(required)d needed, %(count)d held."
                    )
                    % {
                        "period": rule.get_period_display(),
                        "start": period.start.isoformat(),
                        "end": period.end.isoformat(),
                        "required": period.required,
                        "count": period.count,
                    },
                ]
                + ([_("Not yet: %(names)s") % {"names": "、".join(period.behind)}] if period.behind else [])
            )
            url = reverse("activities-studio-quotas", kwargs={"studio_uid": studio.uid})
            for user in leads.get(studio.pk, []):
                messages.append(
                    Message(
                        recipient=user,
                        kind=Notification.Kind.QUOTA_DUE,
                        title=title,
                        body=body,
                        url=url,
                        dedupe_key=f"quota:{studio.uid}:{rule.code}:{period.start:%Y%m%d}",
                    )
                )
    return messages


def reminders_compute(*, today: dt.date | None = None) -> dict[str, int]:
    """Send the day's reminders; return how many of each kind were new."""
    today = today or timezone.localdate()
    # Written in the platform's language: the reminder is stored and emailed as text.
    with translation.override(settings.LANGUAGE_CODE):
        activity_messages = activity_reminders(today)
        quota_messages = quota_reminders(today)
    sent = notifications_send([*activity_messages, *quota_messages])
    counts = {
        "activities": sum(1 for n in sent if n.kind == Notification.Kind.ACTIVITY_UPCOMING),
        "quotas": sum(1 for n in sent if n.kind == Notification.Kind.QUOTA_DUE),
    }
    if sent:
        audit_record(
            actor="system",
            action="notifications.reminders.sent",
            target_label=today.isoformat(),
            changes={"day": today.isoformat(), **counts},
        )
    return counts
