import datetime as dt

from hts.accounts.models import Role, RoleAssignment
from hts.accounts.permissions import principal_for
from hts.core.models import AuditEntry
from testkit import World, client_for, make_user


def test_bureau_staff_grant_a_school_role_inside_their_region(world: World) -> None:
    newcomer = make_user("newcomer", teacher=None)
    newcomer.teacher = world.teacher_a
    world.teacher_user.teacher = None
    world.teacher_user.save()
    newcomer.save()
    response = client_for(world.district_staff).post(
        f"/accounts/users/{newcomer.uid}/roles/", {"role": Role.SCHOOL_STAFF, "school": world.school_a.pk}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer, role=Role.SCHOOL_STAFF)
    assert assignment.school == world.school_a
    assert assignment.granted_by == world.district_staff
    assert AuditEntry.objects.filter(action="accounts.role.granted").exists()
    assert client_for(newcomer).get("/org/rosters/import/").status_code == 200


def test_a_role_for_a_scope_outside_the_region_is_refused(world: World) -> None:
    response = client_for(world.district_staff).post(
        f"/accounts/users/{world.teacher_user.uid}/roles/", {"role": Role.SCHOOL_STAFF, "school": world.school_b.pk}
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=world.teacher_user).exists()


def test_bureau_staff_cannot_make_a_system_admin(world: World) -> None:
    response = client_for(world.city_staff).post(
        f"/accounts/users/{world.teacher_user.uid}/roles/", {"role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=world.teacher_user).exists()


def test_a_role_without_its_scope_is_refused_with_a_reason(world: World) -> None:
    response = client_for(world.admin).post(
        f"/accounts/users/{world.teacher_user.uid}/roles/", {"role": Role.BUREAU_STAFF}
    )
    assert response.status_code == 400
    assert "需要" in response.content.decode()


def test_the_same_role_twice_is_refused(world: World) -> None:
    client = client_for(world.admin)
    data = {"role": Role.LEGAL_REP, "school": world.school_a.pk}
    assert client.post(f"/accounts/users/{world.teacher_user.uid}/roles/", data).status_code == 302
    assert client.post(f"/accounts/users/{world.teacher_user.uid}/roles/", data).status_code == 400
    assert RoleAssignment.objects.filter(user=world.teacher_user).count() == 1


def test_revoking_ends_the_role_today_and_keeps_the_record(world: World) -> None:
    assignment = world.school_staff.role_assignments.get()
    response = client_for(world.district_staff).post(
        f"/accounts/users/{world.school_staff.uid}/roles/{assignment.uid}/revoke/"
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to is not None and assignment.valid_to < dt.date.today()
    assert principal_for(type(world.school_staff).objects.get(pk=world.school_staff.pk)).grants == []
    assert AuditEntry.objects.filter(action="accounts.role.revoked").exists()


def test_school_staff_cannot_grant_roles(world: World) -> None:
    response = client_for(world.school_staff).post(
        f"/accounts/users/{world.teacher_user.uid}/roles/", {"role": Role.LEGAL_REP, "school": world.school_a.pk}
    )
    assert response.status_code == 403
