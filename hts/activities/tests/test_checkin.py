"""Check-in by rotating QR code: codes that cannot be forged, reused elsewhere or relayed for long,
and a scan that survives the sign-in step."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hts.accounts.models import User
from hts.activities import checkin
from hts.activities.models import Activity, Attendance
from hts.studios.models import Membership, Studio
from testkit import PASSWORD, World, client_for, make_running_studio, make_teacher, make_user


@pytest.fixture
def studio(world: World) -> Studio:
    return make_running_studio(world)


@pytest.fixture
def activity(studio: Studio) -> Activity:
    starts = timezone.now() - dt.timedelta(minutes=5)
    return Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title="集体研修",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="报告厅",
    )


@pytest.fixture
def member(world: World, studio: Studio) -> User:
    teacher = make_teacher(world.school_a2, "成员甲", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    return make_user("member_a", teacher=teacher)


def host(world: World) -> Client:
    return client_for(User.objects.get(pk=world.teacher_user.pk))


def screen_url(client: Client, activity: Activity) -> str:
    response = client.get(f"/activities/{activity.uid}/screen/")
    assert response.status_code == 200
    assert "<svg" in response.content.decode()  # the QR is drawn by the platform
    url = response.context["checkin_url"]
    return re.sub(r"^https?://[^/]+", "", url)


def scan_and_check_in(client: Client, url: str) -> Any:
    """The phone opens the scanned link (landing on the check-in page, which writes nothing) and the
    person presses its button, a POST: that is the check-in."""
    landing = client.get(url, follow=True)
    if landing.status_code != 200:
        return landing
    assert 'data-testid="checkin-confirm"' in landing.content.decode()
    return client.post(landing.redirect_chain[-1][0] if landing.redirect_chain else url)


def test_a_token_works_in_its_slot_and_the_next_then_expires() -> None:
    now = 1_800_000_000.0
    token = checkin.make_token("abc", now=now)
    checkin.check_token(token, "abc", now=now)
    checkin.check_token(token, "abc", now=now + checkin.ROTATE_SECONDS)
    with pytest.raises(checkin.BadToken, match="expired"):
        checkin.check_token(token, "abc", now=now + 2 * checkin.ROTATE_SECONDS + 1)


def test_a_token_is_short_and_its_time_slot_cannot_be_moved() -> None:
    now = 1_800_000_000.0
    token = checkin.make_token("8d2c6f0e-8b7a-4a55-9d61-0f3c2b7e1a10", now=now)
    assert len(token) <= 40  # a small QR code that phones read from the back of a room
    slot, fingerprint, mac = token.split(".")
    later = f"{int(slot, 16) + 1:x}.{fingerprint}.{mac}"  # a photo "refreshed" by hand
    with pytest.raises(checkin.BadToken, match="forged"):
        checkin.check_token(later, "8d2c6f0e-8b7a-4a55-9d61-0f3c2b7e1a10", now=now + checkin.ROTATE_SECONDS)


def test_a_token_for_another_activity_or_a_forged_one_is_refused() -> None:
    token = checkin.make_token("abc")
    with pytest.raises(checkin.BadToken, match="other_activity"):
        checkin.check_token(token, "xyz")
    with pytest.raises(checkin.BadToken, match="forged"):
        # Change a character of the signature that carries whole bits (not the last one, which may not).
        checkin.check_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], "abc")
    with pytest.raises(checkin.BadToken, match="forged"):
        checkin.check_token("not-a-token", "abc")


def test_a_member_scans_and_is_checked_in_once(world: World, activity: Activity, member: User) -> None:
    url = screen_url(host(world), activity)
    phone = client_for(member)
    response = scan_and_check_in(phone, url)
    assert response.status_code == 200
    assert 'data-testid="checkin-ok"' in response.content.decode()
    attendance = Attendance.objects.get(activity=activity, teacher=member.teacher)
    assert attendance.status == "present" and attendance.method == "qr"
    again = scan_and_check_in(phone, screen_url(host(world), activity))
    assert again.status_code == 400
    assert "已签到" in again.content.decode()
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_signing_in_after_the_scan_lands_back_on_the_check_in(
    world: World, activity: Activity, member: User, settings: Any
) -> None:
    url = screen_url(host(world), activity)
    phone = Client()
    first = phone.get(url)
    assert first.status_code == 302 and "t=" not in first["Location"]
    to_login = phone.get(first["Location"])
    assert to_login.status_code == 302 and to_login["Location"].startswith("/accounts/login/")
    login_page = phone.get(to_login["Location"])
    next_url = login_page.context["next"]
    assert next_url == f"/activities/{activity.uid}/checkin/"
    # The person takes longer to type their password than a code lives: the scan still counts.
    signed_in = phone.post(to_login["Location"], {"username": "member_a", "password": PASSWORD, "next": next_url})
    assert signed_in["Location"] == next_url
    landing = phone.get(next_url)
    assert 'data-testid="checkin-confirm"' in landing.content.decode()
    done = phone.post(next_url)
    assert 'data-testid="checkin-ok"' in done.content.decode()
    assert Attendance.objects.filter(activity=activity, teacher=member.teacher).exists()


def test_a_relayed_old_code_no_longer_works(world: World, activity: Activity, member: User, monkeypatch: Any) -> None:
    url = screen_url(host(world), activity)
    later = time.time() + 3 * checkin.ROTATE_SECONDS
    monkeypatch.setattr(checkin.time, "time", lambda: later)
    response = client_for(member).get(url)
    assert response.status_code == 400
    assert "已过期" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_code_of_another_activity_is_refused(world: World, activity: Activity, studio: Studio, member: User) -> None:
    other = Activity.objects.create(
        studio=studio, kind="forum", title="沙龙", starts_at=activity.starts_at, ends_at=activity.ends_at, place="教室"
    )
    url = screen_url(host(world), other).replace(str(other.uid), str(activity.uid))
    response = client_for(member).get(url)
    assert response.status_code == 400
    assert "另一" in response.content.decode() or "其他" in response.content.decode()


def test_someone_not_on_the_list_cannot_check_in_to_a_closed_activity(world: World, activity: Activity) -> None:
    outsider = make_user("outsider", teacher=make_teacher(world.school_b, "局外人"))
    response = scan_and_check_in(client_for(outsider), screen_url(host(world), activity))
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    activity.invited_only = False
    activity.save()
    ok = scan_and_check_in(client_for(outsider), screen_url(host(world), activity))
    assert 'data-testid="checkin-ok"' in ok.content.decode()


def test_a_scan_outside_the_window_is_refused(world: World, activity: Activity, member: User) -> None:
    activity.starts_at = timezone.now() + dt.timedelta(hours=2)
    activity.ends_at = activity.starts_at + dt.timedelta(hours=3)
    activity.save()
    response = client_for(member).get(screen_url(host(world), activity))
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_arriving_after_the_grace_period_counts_as_late(world: World, activity: Activity, member: User) -> None:
    activity.starts_at = timezone.now() - dt.timedelta(minutes=40)
    activity.save()
    scan_and_check_in(client_for(member), screen_url(host(world), activity))
    assert Attendance.objects.get().status == "late"


def test_the_screen_is_for_the_organiser_only(world: World, activity: Activity, member: User) -> None:
    assert client_for(member).get(f"/activities/{activity.uid}/screen/").status_code == 403
    # Bureau staff organise their own bureau's activities; another district's studio activity is outside
    # their scope, so it is not found.
    assert client_for(world.district_b_staff).get(f"/activities/{activity.uid}/screen/").status_code == 404


def test_opening_the_check_in_page_writes_nothing_until_the_button_is_pressed(
    world: World, activity: Activity, member: User
) -> None:
    phone = client_for(member)
    landing = phone.get(screen_url(host(world), activity), follow=True)
    assert landing.status_code == 200
    assert 'data-testid="checkin-confirm"' in landing.content.decode()
    # Opening it again (a reload, a link preview) still writes nothing.
    assert phone.get(f"/activities/{activity.uid}/checkin/").status_code == 200
    assert not Attendance.objects.exists()
    assert phone.post(f"/activities/{activity.uid}/checkin/").status_code == 200
    assert Attendance.objects.filter(activity=activity, teacher=member.teacher).count() == 1


def test_the_button_needs_a_scan_and_a_csrf_token(world: World, activity: Activity, member: User) -> None:
    # Without a scan first, the POST alone checks no one in.
    assert client_for(member).post(f"/activities/{activity.uid}/checkin/").status_code == 400
    # A forged cross-site POST carries no CSRF token.
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(member)
    phone.get(screen_url(host(world), activity), follow=True)
    assert phone.post(f"/activities/{activity.uid}/checkin/").status_code == 403
    assert not Attendance.objects.exists()
