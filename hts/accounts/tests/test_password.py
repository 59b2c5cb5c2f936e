from typing import Any

from django.test import Client

from hts.accounts.models import User
from hts.core.models import AuditEntry
from testkit import PASSWORD, World, client_for


def test_a_user_changes_their_password(world: World) -> None:
    client = client_for(world.teacher_user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Qing-Lan-2027!", "new_password2": "Qing-Lan-2027!"},
    )
    assert response.status_code == 302
    world.teacher_user.refresh_from_db()
    assert world.teacher_user.check_password("Qing-Lan-2027!")
    assert AuditEntry.objects.filter(action="accounts.user.password_changed").exists()


def test_a_weak_new_password_is_refused_and_nothing_changes(world: World) -> None:
    client = client_for(world.teacher_user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    world.teacher_user.refresh_from_db()
    assert world.teacher_user.check_password(PASSWORD)


def test_staff_reset_gives_a_temporary_password_that_must_be_changed(world: World) -> None:
    staff = client_for(world.school_staff)
    response = staff.post(f"/accounts/users/{world.teacher_user.uid}/reset-password/")
    assert response.status_code == 200
    temporary = response.context["password"]
    assert temporary in response.content.decode()
    assert AuditEntry.objects.filter(
        action="accounts.user.password_reset", target_id=str(world.teacher_user.uid)
    ).exists()

    person = Client()
    assert person.post("/accounts/login/", {"username": "teacher", "password": temporary}).status_code == 302
    # Every page leads to the password form until the person chooses their own password.
    assert person.get("/org/schools/")["Location"] == "/accounts/password/"
    person.post(
        "/accounts/password/",
        {"old_password": temporary, "new_password1": "Own-choice-2027", "new_password2": "Own-choice-2027"},
    )
    assert User.objects.get(pk=world.teacher_user.pk).must_change_password is False
    assert person.get("/home/").status_code == 200


def test_school_staff_cannot_reset_a_bureau_account(world: World) -> None:
    world.district_staff.teacher = world.teacher_a  # even if that person also teaches at the school
    world.teacher_user.teacher = None
    world.teacher_user.save()
    world.district_staff.save()
    response = client_for(world.school_staff).post(f"/accounts/users/{world.district_staff.uid}/reset-password/")
    assert response.status_code == 403
    world.district_staff.refresh_from_db()
    assert world.district_staff.check_password(PASSWORD)


def test_reset_outside_the_scope_is_not_found(world: World) -> None:
    response = client_for(world.school_staff).post(f"/accounts/users/{world.outsider_teacher_user.uid}/reset-password/")
    assert response.status_code == 404


def test_reset_needs_post(world: World) -> None:
    assert (
        client_for(world.school_staff).get(f"/accounts/users/{world.teacher_user.uid}/reset-password/").status_code
        == 405
    )


def test_staff_open_an_account_for_a_teacher(world: World, db: Any) -> None:
    from testkit import make_teacher

    newcomer = make_teacher(world.school_a, "周新", mobile="13700001111")
    response = client_for(world.school_staff).post(f"/accounts/teachers/{newcomer.uid}/open/")
    assert response.status_code == 200
    user = User.objects.get(teacher=newcomer)
    assert user.username == "13700001111"
    assert user.must_change_password
    assert user.check_password(response.context["password"])
    # Twice is refused with a message, not a second account.
    again = client_for(world.school_staff).post(f"/accounts/teachers/{newcomer.uid}/open/", follow=True)
    assert "已有账号" in again.content.decode()
    assert User.objects.filter(teacher=newcomer).count() == 1


def test_a_password_of_eight_spaces_is_refused_and_nothing_changes(world: World) -> None:
    client = client_for(world.teacher_user)
    for blank in (" " * 8, " " * 12, "  a  b  c  "):
        response = client.post(
            "/accounts/password/", {"old_password": PASSWORD, "new_password1": blank, "new_password2": blank}
        )
        assert response.status_code == 200
        assert "不是空格的字符" in response.content.decode()
    world.teacher_user.refresh_from_db()
    assert world.teacher_user.check_password(PASSWORD)
