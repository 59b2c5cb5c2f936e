"""Rubric pages: list, detail with level weights, copy, draft editing, activation, versioning."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused
from hts.evaluation.rounds.models import Score
from hts.evaluation.rubrics import services
from hts.evaluation.rubrics.models import Rubric, RubricItem, RubricVersion
from hts.evaluation.tests.conftest import RoundWorld, ganyu_version, score_all
from hts.research.models import WeightPolicy
from testkit import World, client_for

D = Decimal


def _copy(user: Any, version: RubricVersion, owner: str) -> RubricVersion:
    response = client_for(user).post(f"/evaluation/rubrics/versions/{version.uid}/copy/", {"owner": owner})
    assert response.status_code == 302, response.content
    rubric = Rubric.objects.filter(copied_from=version).latest("id")
    return rubric.versions.get()


def test_list_shows_builtin_and_own_rubrics_only(world: World, django_assert_max_num_queries: Any) -> None:
    Rubric.objects.create(name="福田实验小学考评表", kind="head_teacher", school=world.school_a)
    Rubric.objects.create(name="福田区考评表", kind="head_teacher", region=world.district_a)
    Rubric.objects.create(name="南山区考评表", kind="head_teacher", region=world.district_b)
    Rubric.objects.create(name="南山学校考评表", kind="head_teacher", school=world.school_b)
    client = client_for(world.school_staff)
    with django_assert_max_num_queries(12):
        response = client.get("/evaluation/rubrics/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "赣榆县中小学班主任工作评估细则" in body
    assert "福田实验小学考评表" in body and "福田区考评表" in body  # its own, and its bureau's
    assert "南山" not in body
    city = client_for(world.city_staff).get("/evaluation/rubrics/").content.decode()
    assert "南山学校考评表" in city and "福田实验小学考评表" in city  # the city sees its subtree's schools
    assert client_for(world.teacher_user).get("/evaluation/rubrics/").status_code == 403


def test_version_detail_shows_items_methods_and_the_viewers_weights(
    world: World, django_assert_max_num_queries: Any
) -> None:
    version = ganyu_version()
    client = client_for(world.school_staff)
    with django_assert_max_num_queries(14):
        response = client.get(f"/evaluation/rubrics/versions/{version.uid}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<tr>") >= 23 + 1
    assert "听取汇报" in body and "0.6" in body and "0.8" in body
    # Parameters of computed items read as words, not as the stored dict.
    assert "计入类型：读书笔记" in body and "计入成果：" in body
    assert "{&#x27;" not in body and "achievement_kinds" not in body and "per_unit" not in body
    WeightPolicy.objects.create(
        region=world.district_a, school=D("0.5"), township=D("0.5"), county=D("0.7"), city=1, province=1, national=1
    )
    body = client.get(f"/evaluation/rubrics/versions/{version.uid}/").content.decode()
    assert "0.7" in body and "0.8" not in body.split('data-testid="weights"')[1]
    assert client_for(world.legal_rep).get(f"/evaluation/rubrics/versions/{version.uid}/").status_code == 403


def test_copy_into_the_school_or_the_region(world: World) -> None:
    source = ganyu_version()
    draft = _copy(world.school_staff, source, f"school:{world.school_a.pk}")
    assert draft.rubric.school == world.school_a and draft.status == "draft" and draft.number == 1
    assert draft.items.count() == 23 and draft.sections.count() == 4
    assert AuditEntry.objects.filter(action="evaluation.rubric.copied", actor=world.school_staff).exists()
    bureau = _copy(world.district_staff, source, f"region:{world.district_a.pk}")
    assert bureau.rubric.region == world.district_a
    # Into someone else's school: refused (the choice is not offered).
    response = client_for(world.school_staff).post(
        f"/evaluation/rubrics/versions/{source.uid}/copy/", {"owner": f"school:{world.school_b.pk}"}
    )
    assert response.status_code == 302
    assert not Rubric.objects.filter(school=world.school_b).exists()


def test_refusals(world: World) -> None:
    builtin = ganyu_version()
    other = _copy(world.district_b_staff, builtin, f"region:{world.district_b.pk}")
    staff = client_for(world.school_staff)
    # Another region's rubric: 404 to see, edit or copy.
    assert staff.get(f"/evaluation/rubrics/versions/{other.uid}/").status_code == 404
    assert staff.get(f"/evaluation/rubrics/{other.rubric.uid}/").status_code == 404
    assert staff.get(f"/evaluation/rubrics/versions/{other.uid}/edit/").status_code == 404
    assert staff.post(f"/evaluation/rubrics/versions/{other.uid}/copy/", {}).status_code == 404
    # Built-in rubrics are read-only for everyone.
    assert staff.get(f"/evaluation/rubrics/versions/{builtin.uid}/edit/").status_code == 403
    assert client_for(world.admin).post(f"/evaluation/rubrics/versions/{builtin.uid}/edit/").status_code == 403
    # Without rubric.manage.
    assert client_for(world.teacher_user).post(f"/evaluation/rubrics/versions/{builtin.uid}/copy/").status_code == 403
    # A school may see its bureau's rubric, but not edit it.
    bureau = _copy(world.district_staff, builtin, f"region:{world.district_a.pk}")
    assert staff.get(f"/evaluation/rubrics/versions/{bureau.uid}/").status_code == 200
    assert staff.get(f"/evaluation/rubrics/versions/{bureau.uid}/edit/").status_code == 403


def test_edit_a_draft_and_activate_only_when_sections_add_up(world: World) -> None:
    draft = _copy(world.school_staff, ganyu_version(), f"school:{world.school_a.pk}")
    client = client_for(world.school_staff)
    base = f"/evaluation/rubrics/versions/{draft.uid}"
    assert client.get(f"{base}/edit/").status_code == 200
    item3 = draft.items.get(number=3)
    data = {
        "section": item3.section_id,
        "number": 3,
        "text": "每学期写学习笔记6000字以上",
        "max_points": "4",
        "method": "",
        "scoring": "computed",
        "computation": "study_notes",
        "params": '{"chars": 6000, "village_chars": 3500, "kinds": ["reading"]}',
    }
    assert client.post(f"{base}/items/3/", data).status_code == 302
    item3.refresh_from_db()
    assert item3.max_points == D("4") and item3.params["chars"] == 6000
    assert AuditEntry.objects.filter(action="evaluation.rubric.item_changed").exists()
    response = client.post(f"{base}/activate/", follow=True)
    message = response.content.decode()
    assert "一、思想品德与学习" in message and "15" in message and "16" in message
    draft.refresh_from_db()
    assert draft.status == "draft"
    # Fix the section's points; bad input is refused on the form.
    section = item3.section
    bad = {"title": section.title, "max_points": "-1", "method": section.method}
    assert client.post(f"{base}/sections/1/", bad).status_code == 400
    assert client.post(f"{base}/sections/1/", {**bad, "max_points": "16"}).status_code == 302
    assert client.post(f"{base}/activate/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"
    assert AuditEntry.objects.filter(action="evaluation.rubric.activated").exists()
    # An active version is never edited in place.
    with pytest.raises(TransitionRefused):
        services.rubric_item_save(actor=world.school_staff, version=draft, data={"max_points": D("1")}, item=item3)


def test_add_and_remove_sections_and_items(world: World) -> None:
    draft = _copy(world.school_staff, ganyu_version(), f"school:{world.school_a.pk}")
    client = client_for(world.school_staff)
    base = f"/evaluation/rubrics/versions/{draft.uid}"
    assert (
        client.post(f"{base}/sections/new/", {"title": "五、加分", "max_points": "5", "method": "查看资料"}).status_code
        == 302
    )
    section = draft.sections.get(position=5)
    item = {"section": section.pk, "text": "创新做法", "max_points": "5", "scoring": "manual", "params": ""}
    assert client.post(f"{base}/items/new/", item).status_code == 302
    assert draft.items.get(number=24).section == section
    refused = {**item, "scoring": "computed", "computation": ""}
    assert client.post(f"{base}/items/new/", refused).status_code == 400
    assert client.post(f"{base}/items/24/delete/").status_code == 302
    assert client.post(f"{base}/sections/5/delete/").status_code == 302
    assert draft.items.count() == 23 and draft.sections.count() == 4
    assert client.post(f"{base}/items/99/delete/").status_code == 404


def test_editing_a_version_in_use_makes_the_next_draft_and_scores_stay(world: World, rounds: RoundWorld) -> None:
    draft = _copy(world.school_staff, ganyu_version(), f"school:{world.school_a.pk}")
    services.rubric_version_activate(actor=world.school_staff, version=draft)
    draft.refresh_from_db()
    rnd = rounds.round
    rnd.version = draft
    rnd.save()
    score_all(rnd, rounds.raters[0], rounds.subjects[0], D("0.8"))
    before = list(Score.objects.order_by("id").values_list("item_id", "points"))
    items_before = list(draft.items.order_by("number").values_list("pk", "text", "max_points"))
    client = client_for(world.school_staff)
    assert client.get(f"/evaluation/rubrics/versions/{draft.uid}/edit/").status_code == 200  # the confirmation
    response = client.post(f"/evaluation/rubrics/versions/{draft.uid}/edit/")
    nxt = draft.rubric.versions.get(number=2)
    assert response.status_code == 302 and response["Location"].endswith(f"/versions/{nxt.uid}/edit/")
    assert nxt.status == "draft" and nxt.items.count() == 23
    data = {
        "section": nxt.sections.get(position=1).pk,
        "number": 1,
        "text": "新的第一条",
        "max_points": "6",
        "scoring": "manual",
    }
    assert client.post(f"/evaluation/rubrics/versions/{nxt.uid}/items/1/", data).status_code == 302
    # Editing again opens the same draft.
    assert client.post(f"/evaluation/rubrics/versions/{draft.uid}/edit/")["Location"].endswith(
        f"/versions/{nxt.uid}/edit/"
    )
    assert list(draft.items.order_by("number").values_list("pk", "text", "max_points")) == items_before
    assert list(Score.objects.order_by("id").values_list("item_id", "points")) == before
    with pytest.raises(TransitionRefused):
        services.rubric_item_delete(actor=world.school_staff, item=draft.items.get(number=1))
    services.rubric_version_activate(actor=world.school_staff, version=nxt)
    draft.refresh_from_db()
    assert draft.status == "retired" and RubricItem.objects.filter(version=draft).count() == 23
