"""A visitor's contact on a comment (issue 16, the inventory's last gap): listed at /privacy/, erased by the
daily step 30 days after moderation (90 after it was left, if never moderated), the comment itself kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hts.core.models import AuditEntry
from hts.portal.comments.models import Comment
from hts.portal.comments.retention import CONTACT_KEPT_DAYS, HELD_CONTACT_KEPT_DAYS
from testkit import World, client_for, make_running_studio

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _message(studio, contact: str, *, left: dt.date, decided: dt.date | None = None, status: str = "approved"):
    comment = Comment.objects.create(
        kind="message", studio=studio, name="家长", contact=contact, body="谢谢老师",
        status=status if decided else "held", decided_at=_at(decided) if decided else None,
        reject_reason="广告" if status == "rejected" else "",
    )  # fmt: skip
    Comment.objects.filter(pk=comment.pk).update(created_at=_at(left))
    return comment


def test_the_contact_is_erased_after_the_kept_days_and_the_comment_stays(world: World) -> None:
    studio = make_running_studio(world)
    due = _message(studio, "parent1@example.com", left=TODAY - dt.timedelta(days=40),
                   decided=TODAY - dt.timedelta(days=CONTACT_KEPT_DAYS))  # fmt: skip
    rejected = _message(studio, "13912345678", left=TODAY - dt.timedelta(days=40),
                        decided=TODAY - dt.timedelta(days=CONTACT_KEPT_DAYS + 5), status="rejected")  # fmt: skip
    recent = _message(studio, "parent2@example.com", left=TODAY - dt.timedelta(days=40),
                      decided=TODAY - dt.timedelta(days=CONTACT_KEPT_DAYS - 1))  # fmt: skip
    never_decided = _message(studio, "parent3@example.com", left=TODAY - dt.timedelta(days=HELD_CONTACT_KEPT_DAYS))
    held_recent = _message(studio, "parent4@example.com", left=TODAY - dt.timedelta(days=HELD_CONTACT_KEPT_DAYS - 1))
    call_command("erase_comment_contacts", "--now", "--date", TODAY.isoformat())
    for comment in (due, rejected, recent, never_decided, held_recent):
        comment.refresh_from_db()
    assert (due.contact, rejected.contact, never_decided.contact) == ("", "", "")
    assert (recent.contact, held_recent.contact) == ("parent2@example.com", "parent4@example.com")
    assert due.body == "谢谢老师" and due.status == "approved"
    entry = AuditEntry.objects.get(action="portal.comment.contacts_erased")
    assert entry.changes["comments"] == 3 and "example.com" not in str(entry.changes)
    # Run again the same day: nothing left to erase, no second entry.
    call_command("erase_comment_contacts", "--now", "--date", TODAY.isoformat())
    assert AuditEntry.objects.filter(action="portal.comment.contacts_erased").count() == 1


def test_the_contact_and_its_keeping_are_in_the_data_inventory(world: World) -> None:
    page = client_for(world.teacher_user).get("/privacy/").content.decode()
    assert "公开网站的访客" in page and "公开网站上的评论与留言" in page
    assert f"审核后 {CONTACT_KEPT_DAYS} 天" in page


def test_a_visitor_reads_the_inventory_from_the_form_that_asks_for_the_contact(world: World) -> None:
    """The visitor leaving a contact has no account: the inventory is public and the form links to it."""
    from django.test import Client

    from testkit import make_running_studio

    visitor = Client()
    page = visitor.get("/privacy/")
    assert page.status_code == 200
    assert "公开网站上的评论与留言" in page.content.decode()
    studio = make_running_studio(world)
    form = visitor.get(f"/comments/form/studio/{studio.uid}/")
    assert form.status_code == 200 and 'href="/privacy/"' in form.content.decode()
