"""Certificates (001 4, 7, 10): the bureau issues them in a batch after a preview, numbered in sequence;
the qualification is valid for the policy's years; revocation and reinstatement are kept in history;
a confirmed failing year revokes the qualification; the public page shows four fields only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache

from hts.core.models import AuditEntry
from hts.corps.certificates import services
from hts.corps.certificates.models import Certificate, CertificateState
from hts.corps.models import CorpsPolicy
from hts.evaluation.grades.models import YearlyFailure
from hts.evaluation.tests.test_grades import yearly_failure  # noqa: F401 (a fixture)
from hts.notifications.models import Notification
from testkit import World, client_for, make_teacher

EVIDENCE = "2026年县班主任岗前培训（2026-07-10 结业），理论考试86分，专业测试合格，教育局审核通过"


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    return CorpsPolicy.objects.create(
        region=world.city, qualification_valid_years=3, expiring_within_days=90, failing_year_revokes_qualification=True
    )


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _issue(world: World, *teachers: Any, kind: str = "qualification", **extra: Any) -> Any:
    data = {"kind": kind, "issued_on": "2026-08-01", "evidence": EVIDENCE, "number": "",
            "teachers": [t.pk for t in teachers], **extra}  # fmt: skip
    client = client_for(world.district_staff)
    url = f"/corps/certificates/issue/{world.district_a.uid}/"
    before = Certificate.objects.count()
    preview = client.post(url, data)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert Certificate.objects.count() == before  # the preview stores nothing
    return client.post(url, {**data, "confirm": "1"})


def test_a_bureau_issues_a_batch_numbered_in_sequence(world: World, policy: CorpsPolicy) -> None:
    other = make_teacher(world.school_a2, "赵敏")
    response = _issue(world, world.teacher_a, other)
    assert response.status_code == 302
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == ["440304-2026-ZG0001", "440304-2026-ZG0002"]
    first = Certificate.objects.get(holder=world.teacher_a)
    # 001 7: valid three years (the policy's number).
    assert first.valid_until == dt.date(2029, 8, 1) and first.issuer == world.district_a
    assert first.evidence == EVIDENCE and first.issued_by == world.district_staff
    assert AuditEntry.objects.filter(action="corps.certificate.issued").count() == 2
    assert Notification.objects.filter(recipient=world.teacher_user, title__contains="440304-2026-ZG0001").exists()
    # The training certificate never expires and has its own sequence.
    _issue(world, world.teacher_a, kind="training")
    training = Certificate.objects.get(kind="training")
    assert training.number == "440304-2026-PX0001" and training.valid_until is None


def test_the_policys_years_set_the_validity(world: World, policy: CorpsPolicy) -> None:
    policy.qualification_valid_years = 5
    policy.save()
    _issue(world, world.teacher_a)
    assert Certificate.objects.get().valid_until == dt.date(2031, 8, 1)


def test_evidence_is_required_and_nothing_is_issued_without_it(world: World, policy: CorpsPolicy) -> None:
    url = f"/corps/certificates/issue/{world.district_a.uid}/"
    page = client_for(world.district_staff).get(url).content.decode()
    assert "尚未" in page or "培训记录" in page  # the form says training records are typed for now
    response = client_for(world.district_staff).post(
        url,
        {
            "kind": "qualification",
            "issued_on": "2026-08-01",
            "evidence": "",
            "teachers": [world.teacher_a.pk],
            "confirm": "1",
        },
    )
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_a_duplicate_number_is_refused_in_chinese(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a, number="赣榆资字001号")
    other = make_teacher(world.school_a, "赵敏")
    response = _issue(world, other, number="赣榆资字001号")
    assert response.status_code == 400
    assert "已存在" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_states_from_dates_and_revocation(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a)
    certificate = Certificate.objects.get()
    assert certificate.state(dt.date(2029, 5, 2), 90) == CertificateState.VALID
    assert certificate.state(dt.date(2029, 5, 3), 90) == CertificateState.EXPIRING
    assert certificate.state(dt.date(2029, 8, 2), 90) == CertificateState.EXPIRED
    assert certificate.state(dt.date(2029, 5, 3), None) == CertificateState.VALID


def test_revoke_shows_the_reason_to_the_holder_and_reinstate_keeps_history(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a)
    certificate = Certificate.objects.get()
    url = f"/corps/certificates/{certificate.uid}/"
    client = client_for(world.district_staff)
    client.post(url + "revoke/", {"reason": "材料不实"})  # not confirmed
    assert Certificate.objects.get().revoked_at is None
    client.post(url + "revoke/", {"reason": "材料不实", "confirmed": "on"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_reason == "材料不实"
    holder = client_for(world.teacher_user)
    assert "材料不实" in holder.get(url).content.decode()
    assert "材料不实" in holder.get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert Notification.objects.filter(recipient=world.teacher_user, title__contains="撤销").exists()
    # The public check says revoked, and nothing of a validity it no longer has.
    from django.test import Client

    public = Client().get(f"/corps/verify/{certificate.token}/").content.decode()
    assert "已撤销" in public and "至 " not in public and "长期有效" not in public
    client.post(url + "reinstate/", {"reason": "复核后恢复", "confirmed": "on"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    reasons = list(certificate.history.values_list("history_change_reason", flat=True))
    assert "材料不实" in reasons and "复核后恢复" in reasons
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "corps.certificate.revoked", "corps.certificate.reinstated"}  # fmt: skip


def test_a_confirmed_failing_year_revokes_the_qualification(
    world: World,
    policy: CorpsPolicy,
    yearly_failure: YearlyFailure,  # noqa: F811
) -> None:
    _issue(world, world.teacher_a)
    _issue(world, world.teacher_a, kind="training")
    client_for(world.district_staff).post(
        f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "confirm"}
    )
    qualification = Certificate.objects.get(kind="qualification")
    assert qualification.revoked_at is not None and yearly_failure.school_year.label in qualification.revocation_reason
    assert Certificate.objects.get(kind="training").revoked_at is None


def test_the_rule_off_leaves_the_certificate(
    world: World,
    policy: CorpsPolicy,
    yearly_failure: YearlyFailure,  # noqa: F811
) -> None:
    policy.failing_year_revokes_qualification = False
    policy.save()
    _issue(world, world.teacher_a)
    client_for(world.district_staff).post(
        f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "confirm"}
    )
    assert Certificate.objects.get().revoked_at is None


def test_the_verification_page_shows_four_fields_and_is_rate_limited(world: World, policy: CorpsPolicy) -> None:
    world.teacher_a.birth_year = 1985
    world.teacher_a.save()
    _issue(world, world.teacher_a)
    certificate = Certificate.objects.get()
    from django.test import Client

    anonymous = Client()
    url = f"/corps/verify/{certificate.token}/"
    page = anonymous.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert world.teacher_a.name in body and certificate.number in body and "任职资格证" in body and "有效" in body
    for secret in (world.school_a.name, world.teacher_a.mobile, "1985", EVIDENCE[:10], world.district_a.name):
        assert secret not in body
    assert anonymous.get(f"/corps/verify/{certificate.number}/").status_code == 404
    for _i in range(18):
        assert anonymous.get(url).status_code == 200
    refused = anonymous.get(url)  # the 21st in the minute
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    # In the site's layout, in Chinese, with a way home; and still nothing of the certificate.
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "<main" in page and "/static/js/app.js" in page and "请求过于频繁" in page and "请一分钟后再试。" in page
    assert '<a href="/" data-testid="back-home">返回首页</a>' in page
    assert world.teacher_a.name not in page and certificate.number not in page


def test_the_pdf_is_a4_with_the_qr_code(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a)
    certificate = Certificate.objects.get()
    response = client_for(world.teacher_user).get(f"/corps/certificates/{certificate.uid}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_refusals(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a)
    certificate = Certificate.objects.get()
    url = f"/corps/certificates/{certificate.uid}/"
    issue_a = f"/corps/certificates/issue/{world.district_a.uid}/"
    data = {"kind": "training", "issued_on": "2026-08-01", "evidence": EVIDENCE, "teachers": [world.teacher_a.pk],
            "confirm": "1"}  # fmt: skip
    # The bureau of another district: not found.
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.district_b_staff).post(issue_a, data).status_code == 404
    assert (
        client_for(world.district_b_staff).post(url + "revoke/", {"reason": "x", "confirmed": "on"}).status_code == 404
    )
    # The teacher of another district is not in this bureau's issue list.
    response = client_for(world.district_staff).post(issue_a, {**data, "teachers": [world.teacher_b.pk]})
    assert response.status_code == 400
    # School staff see their own school's certificates but issue and revoke nothing; another school's staff see none.
    assert client_for(world.school_staff).get(url).status_code == 200
    for user in (world.school_staff, world.teacher_user, world.outsider_teacher_user):
        assert client_for(user).post(issue_a, data).status_code == 403
        assert client_for(user).post(url + "revoke/", {"reason": "x", "confirmed": "on"}).status_code == 403
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    assert client_for(world.nobody).get("/corps/certificates/").status_code == 403
    assert Certificate.objects.count() == 1 and Certificate.objects.get().revoked_at is None


def test_list_query_budget(world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any) -> None:
    teachers = [make_teacher(world.school_a, f"教师{i}") for i in range(8)]
    _issue(world, *teachers)
    client = client_for(world.district_staff)
    client.get("/home/")
    with django_assert_max_num_queries(10):
        page = client.get("/corps/certificates/")
    assert page.status_code == 200 and "教师7" in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(f"/corps/certificates/{Certificate.objects.first().uid}/").status_code == 200  # type: ignore[union-attr]


def test_expiring_notice_once(world: World, policy: CorpsPolicy) -> None:
    _issue(world, world.teacher_a)
    assert services.notify_expiring(dt.date(2029, 1, 1)) == 0
    assert services.notify_expiring(dt.date(2029, 6, 1)) == 1
    assert services.notify_expiring(dt.date(2029, 6, 2)) == 0


def test_issue_page_query_budget(world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any) -> None:
    for i in range(12):
        make_teacher(world.school_a, f"教师{i}")
    client = client_for(world.district_staff)
    client.get("/home/")
    # session, user, roles, region, teachers with their schools.
    with django_assert_max_num_queries(8):
        page = client.get(f"/corps/certificates/issue/{world.district_a.uid}/")
    assert page.status_code == 200 and "教师11" in page.content.decode()
