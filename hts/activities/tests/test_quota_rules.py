"""Bureau staff edit a batch's task quotas; everyone else who sees the batch only reads them."""

from __future__ import annotations

from typing import Any

from hts.activities.models import QuotaRule
from hts.core.models import AuditEntry
from hts.studios import services
from hts.studios.models import Batch
from testkit import World, client_for

NEW_RULE = {
    "label": "每月读书会", "code": "reading_monthly", "period": "month", "minimum": "1", "counts_for": "studio",
    "kinds": ["reading_club"], "mode": "",
}  # fmt: skip


def _batch(world: World) -> Batch:
    return services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2026,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip


def test_the_bureau_adds_edits_and_removes_a_quota(world: World) -> None:
    batch = _batch(world)
    staff = client_for(world.city_staff)
    url = f"/activities/batches/{batch.uid}/quotas/"
    page = staff.get(url)
    assert page.status_code == 200 and "主持人每年参加市级培训" in page.content.decode()
    # The rules table names each quota; its internal code is not shown.
    table = page.content.decode().split('data-testid="quota-rules"')[1].split("</table>")[0]
    assert "online_weekly" not in table and "host_city_training_yearly" not in table

    assert staff.post(url, NEW_RULE).status_code == 302
    rule = QuotaRule.objects.get(policy__batch=batch, code="reading_monthly")
    assert rule.kinds == ["reading_club"] and rule.period == "month"

    edit = f"/activities/quota-rules/{rule.uid}/edit/"
    assert staff.post(edit, {**NEW_RULE, "minimum": "2"}).status_code == 302
    rule.refresh_from_db()
    assert rule.minimum == 2
    assert AuditEntry.objects.get(action="activities.quota_rule.updated").changes["minimum"] == [1, 2]
    assert rule.history.count() == 2  # simple-history keeps every version of the policy

    delete = f"/activities/quota-rules/{rule.uid}/delete/"
    confirm = staff.get(delete)
    assert confirm.status_code == 200 and "每月读书会" in confirm.content.decode()
    assert QuotaRule.objects.filter(pk=rule.pk).exists()  # asking is not removing
    assert staff.post(delete).status_code == 302
    assert not QuotaRule.objects.filter(pk=rule.pk).exists()
    assert AuditEntry.objects.filter(action="activities.quota_rule.deleted").exists()


def test_bad_quotas_are_refused_beside_the_field_with_the_input_kept(world: World) -> None:
    batch = _batch(world)
    staff = client_for(world.city_staff)
    url = f"/activities/batches/{batch.uid}/quotas/"
    duplicate = staff.post(url, {**NEW_RULE, "code": "online_weekly"})
    assert duplicate.status_code == 400
    assert "online_weekly" in duplicate.context["form"].errors["code"][0]
    zero = staff.post(url, {**NEW_RULE, "minimum": "0"})
    assert zero.status_code == 400 and "minimum" in zero.context["form"].errors
    assert "每月读书会" in zero.content.decode()
    assert not QuotaRule.objects.filter(code="reading_monthly").exists()


def test_only_bureau_staff_over_the_batch_region_edit_its_quotas(world: World) -> None:
    batch = _batch(world)
    rule = QuotaRule.objects.filter(policy__batch=batch).first()
    assert rule is not None
    url = f"/activities/batches/{batch.uid}/quotas/"
    # District staff neither see nor change the city's batch: the same 404 as a missing one.
    district = client_for(world.district_staff)
    assert district.get(url).status_code == 404
    assert district.post(url, NEW_RULE).status_code == 404
    assert district.get(f"/activities/quota-rules/{rule.uid}/edit/").status_code == 404
    assert district.post(f"/activities/quota-rules/{rule.uid}/delete/").status_code == 404
    for user in (world.school_staff, world.teacher_user, world.nobody):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).get(f"/activities/quota-rules/{rule.uid}/edit/").status_code == 403
    assert QuotaRule.objects.filter(pk=rule.pk).exists()


def test_the_quota_list_stays_within_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    batch = _batch(world)
    client = client_for(world.city_staff)
    client.get("/home/")
    # session, user, roles, the batch with its policy, whether the user manages it, its rules, the
    # notification badge, session save (3).
    with django_assert_max_num_queries(10):
        response = client.get(f"/activities/batches/{batch.uid}/quotas/")
    assert response.status_code == 200
