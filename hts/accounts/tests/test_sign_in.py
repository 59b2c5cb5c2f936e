from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from hts.core.models import AuditEntry
from testkit import PASSWORD, World


def sign_in(client: Client, login: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"username": login, "password": password})


def test_the_sign_in_page_speaks_chinese_by_default(db: Any, client: Client) -> None:
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "登录" in body
    assert "用户名或手机号" in body


def test_the_language_switch_turns_the_page_english(db: Any, client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert "Username or mobile number" in response.content.decode()


def test_it_signs_in_by_username(world: World, client: Client) -> None:
    response = sign_in(client, "district")
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert AuditEntry.objects.filter(action="accounts.signin.succeeded", actor=world.district_staff).exists()


def test_it_signs_in_by_mobile_number(world: World, client: Client) -> None:
    world.district_staff.mobile = "13912345678"
    world.district_staff.save()
    assert sign_in(client, "13912345678").status_code == 302
    assert client.get("/home/").status_code == 200


def test_a_wrong_password_is_refused_in_chinese_and_logged(world: World, client: Client) -> None:
    response = sign_in(client, "district", "wrong-password")
    assert response.status_code == 200
    assert "用户名/手机号或密码不正确" in response.content.decode()
    entry = AuditEntry.objects.get(action="accounts.signin.failed")
    assert entry.target_label == "district"
    assert entry.region_path == world.district_a.path


def test_repeated_failures_lock_the_account_even_with_the_right_password(world: World, client: Client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "district", "wrong-password")
    response = sign_in(client, "district")
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.signin.locked_out").exists()
    # The lock is on the account, not on the words typed: the mobile number is the same account.
    world.district_staff.mobile = "13912345678"
    world.district_staff.save()
    assert sign_in(Client(), "13912345678").status_code == 429
    # Other accounts are not locked.
    assert sign_in(Client(), "school").status_code == 302


def test_failures_by_mobile_count_toward_the_same_account(world: World, client: Client) -> None:
    world.district_staff.mobile = "13912345678"
    world.district_staff.save()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "13912345678" if attempt % 2 else "district", "wrong-password")
    assert sign_in(client, "district").status_code == 429


def test_sessions_expire_after_inactivity(world: World, client: Client) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    sign_in(client, "district")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= 4 * 60 * 60


def test_sign_out_needs_a_post_and_ends_the_session(world: World, client: Client) -> None:
    sign_in(client, "district")
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.signout").exists()


@pytest.mark.parametrize("login", ["", "   "])
def test_an_empty_login_is_refused(db: Any, client: Client, login: str) -> None:
    response = sign_in(client, login, "")
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
