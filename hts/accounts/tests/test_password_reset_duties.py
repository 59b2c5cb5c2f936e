"""Separation of duties in password resets (issue 13, point 13): whoever signs expenses or hosts a
studio, and any colleague at the resetter's level or above, is reset only by a system administrator;
every reset tells the account's owner. A bureau account cannot revoke its own role (point 15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hts.accounts import services
from hts.accounts.models import Role, User
from hts.notifications.models import Notification
from testkit import PASSWORD, World, client_for, make_running_studio, make_teacher, make_user


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _reset(actor: User, target: User) -> Any:
    return client_for(actor).post(f"/accounts/users/{target.uid}/reset-password/")


def test_bureau_staff_cannot_reset_the_legal_representative(world: World) -> None:
    response = _reset(world.district_staff, world.legal_rep)
    assert response.status_code == 403
    assert _fresh(world.legal_rep).check_password(PASSWORD)
    # Nor is the button shown on the account's page, which says why.
    page = client_for(world.district_staff).get(f"/accounts/users/{world.legal_rep.uid}/").content.decode()
    assert f"/accounts/users/{world.legal_rep.uid}/reset-password/" not in page
    assert "密码只能由系统管理员重置" in page


def test_neither_bureau_nor_school_staff_can_reset_a_studio_host(world: World) -> None:
    make_running_studio(world)  # world.teacher_user hosts it
    for staff in (world.district_staff, world.school_staff, world.city_staff):
        assert _reset(staff, world.teacher_user).status_code == 403
        with pytest.raises(PermissionDenied):
            services.user_reset_password(actor=_fresh(staff), target=_fresh(world.teacher_user))
    assert _fresh(world.teacher_user).check_password(PASSWORD)


def test_a_colleague_at_the_same_level_is_reset_only_by_an_administrator(world: World) -> None:
    colleague = make_user("district_2", Role.BUREAU_STAFF, region=world.district_a)
    assert _reset(world.district_staff, colleague).status_code == 403
    school_colleague = make_user(
        "school_2", Role.SCHOOL_STAFF, school=world.school_a, teacher=make_teacher(world.school_a, "周同事")
    )
    assert _reset(world.school_staff, school_colleague).status_code == 403
    # The city's bureau stands above a district's: it may.
    assert _reset(world.city_staff, colleague).status_code == 200
    assert _reset(world.district_staff, school_colleague).status_code == 200


def test_a_system_administrator_resets_a_signer_and_the_owner_is_told(world: World) -> None:
    make_running_studio(world)
    for target in (world.legal_rep, world.teacher_user):
        assert _reset(world.admin, target).status_code == 200
        notice = Notification.objects.get(recipient=target)
        assert "密码已被" in notice.title and world.admin.display_name in notice.title
        assert notice.url == "/accounts/password/"


def test_every_reset_tells_the_owner_once_per_reset(world: World) -> None:
    assert _reset(world.school_staff, world.teacher_user).status_code == 200
    assert _reset(world.school_staff, world.teacher_user).status_code == 200
    assert Notification.objects.filter(recipient=world.teacher_user).count() == 2


def test_bureau_staff_cannot_revoke_their_own_role(world: World) -> None:
    own = world.district_staff.role_assignments.get()
    client = client_for(world.district_staff)
    response = client.post(f"/accounts/users/{world.district_staff.uid}/roles/{own.uid}/revoke/", follow=True)
    assert "不能撤销自己的角色" in response.content.decode()
    assert _fresh(world.district_staff).role_assignments.active().filter(pk=own.pk).exists()
    with pytest.raises(ValidationError):
        services.role_revoke(actor=_fresh(world.district_staff), assignment=own)
    # Another bureau above them can.
    services.role_revoke(actor=_fresh(world.city_staff), assignment=own)
    assert not _fresh(world.district_staff).role_assignments.active().exists()
