"""The access API: `can` asks, `require` insists (403 without the action, 404 outside its scope),
`scoped` and `get_scoped_or_404` fetch; the registries fill the matrix's scopes and studio grants."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hts.accounts import permissions
from hts.accounts.access import OutOfScope, can, get_scoped_or_404, require, require_any, scoped
from hts.accounts.models import User
from hts.accounts.permissions import MATRIX, SCOPE_LOOKUPS, STUDIO_HOST, Role, principal_for, roles_with
from hts.org.models import Region, School, SchoolClass, Teacher
from hts.studios.models import Batch, Membership, Studio
from testkit import World


def test_can_without_an_object_asks_the_matrix(world: World) -> None:
    assert can(world.district_staff, "school.edit")
    assert not can(world.school_staff, "school.edit")
    assert not can(world.nobody, "school.view")


def test_can_with_an_object_asks_the_scope(world: World) -> None:
    assert can(world.district_staff, "school.edit", world.school_a)
    assert not can(world.district_staff, "school.edit", world.school_b)  # another district
    assert can(world.admin, "school.edit", world.school_b)
    assert not can(world.school_staff, "school.edit", world.school_a)  # inside the scope, without the right


def test_require_is_403_without_the_action(world: World) -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(world.school_staff, "school.edit", world.school_a)
    assert not isinstance(refused.value, Http404)


def test_require_is_404_outside_the_scope(world: World) -> None:
    with pytest.raises(Http404) as refused:
        require(world.district_staff, "school.edit", world.school_b)
    assert isinstance(refused.value, OutOfScope)
    assert isinstance(refused.value, PermissionDenied)  # a caller that is no page still sees a refusal


def test_require_passes_inside_the_scope(world: World) -> None:
    require(world.district_staff, "school.edit", world.school_a)
    require(world.district_staff, "school.edit")


def test_require_any_returns_the_action_that_reaches(world: World) -> None:
    assert require_any(world.district_staff, "class.create", "school.edit", obj=world.school_a) == "class.create"
    with pytest.raises(OutOfScope):
        require_any(world.district_staff, "class.create", obj=world.school_b)


def test_scoped_and_get_scoped_or_404(world: World) -> None:
    schools = scoped(world.district_staff, "school.view", School.objects.all())
    assert world.school_a in schools and world.school_b not in schools
    assert get_scoped_or_404(world.district_staff, "school.view", School.objects.all(), pk=world.school_a.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(world.district_staff, "school.view", School.objects.all(), pk=world.school_b.pk)
    with pytest.raises(PermissionDenied):
        scoped(world.nobody, "school.view", School.objects.all())


def test_an_answer_is_remembered_for_the_request(world: World, django_assert_num_queries: Any) -> None:
    user = world.district_staff
    principal_for(user)
    with django_assert_num_queries(1):
        assert can(user, "school.edit", world.school_a)
        assert can(user, "school.edit", world.school_a)


def test_org_registers_its_scopes_at_start_up() -> None:
    for model in (Region, School, Teacher, SchoolClass, Batch, Studio, Membership):
        assert model in SCOPE_LOOKUPS


def test_the_studio_team_comes_from_the_registered_grant_source(world: World) -> None:
    batch = Batch.objects.create(region=world.city, name="第一批", tier="city", start_year=2026, cycle_years=3)
    studio = Studio.objects.create(
        batch=batch, name="工作室", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    host = User.objects.get(pk=world.teacher_user.pk)  # a fresh object: no principal cached yet
    assert STUDIO_HOST in principal_for(host).studio_roles(studio.pk)
    assert can(host, "studio.manage_team", studio)


def test_principal_answers_by_action(world: World) -> None:
    principal = principal_for(world.district_staff)
    assert principal.region_paths_for("calendar.manage") == [world.district_a.path]
    assert principal.region_paths_for("funds.spend") == []
    assert principal_for(world.school_staff).school_ids_for("teacher.edit") == [world.school_a.pk]
    assert principal_for(world.legal_rep).school_ids_for("teacher.edit") == []
    assert roles_with("failure.review") == {Role.SYSTEM_ADMIN, Role.BUREAU_STAFF}


def test_each_role_is_declared_once_in_the_matrix() -> None:
    """The matrix is one literal with a block per role, never merged or patched afterwards."""
    source = Path(permissions.__file__).read_text(encoding="utf-8")
    assert "MATRIX.update" not in source
    assert not re.search(r"MATRIX\[[^\]]+\]\s*=", source)
    assert source.count("MATRIX: dict[str, frozenset[str]] = {") == 1
    assert len(MATRIX) == 9


def test_the_permissions_module_imports_neither_org_nor_studios() -> None:
    tree = ast.parse(Path(permissions.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.startswith(("hts.org", "hts.studios"))}
