"""Issue 13, point 2: the host standard's research rule reads verified records; what the applicant
declares is 待核实 until the bureau checks it in the material check (003 四(三)2(3): 主持或参与过市级以上
德育课题研究). The rule's three states, the apply and review pages, the check and who may make it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from hts.accounts.models import Role
from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.org.models import Honour
from hts.studios import rules, services
from hts.studios.models import Batch, BatchPolicy, ReviewStep, Studio, Tier
from hts.studios.policy_templates import policy_values
from testkit import World, client_for, make_teacher, make_user

# The rule, without a database -------------------------------------------------------------------


def _research(facts: rules.PersonFacts, template: str = "shenzhen") -> rules.RuleResult | None:
    policy = BatchPolicy(**policy_values(template))
    with translation.override("zh-hans"):
        return next((r for r in rules.host_standard(policy, facts) if r.code == "host.research"), None)


def _facts(found: str = "", declared: str = "", check: str = "") -> rules.PersonFacts:
    return rules.PersonFacts(
        service_years=10,
        serving=True,
        research_level=found,
        declared_research_level=declared,
        declared_research_title="小学德育课题",
        research_check=check or ("pending" if declared else ""),
    )


@pytest.mark.parametrize(
    ("found", "declared", "check", "state"),
    [
        ("city", "", "", "met"),  # a verified city-level record (Shenzhen asks 市级及以上)
        ("national", "", "", "met"),
        ("county", "", "", "unmet"),  # a verified district-level record is below the policy's level
        ("", "", "", "unmet"),
        ("", "city", "pending", "pending"),  # typing 市级 on the application: 待核实, not ✓
        ("", "province", "pending", "pending"),
        ("county", "city", "pending", "pending"),
        ("", "county", "pending", "unmet"),  # a declaration below the level fails whatever the check
        ("", "city", "verified", "met"),  # the bureau verified the declaration
        ("", "city", "rejected", "unmet"),  # the bureau did not
        ("city", "city", "rejected", "met"),  # a verified record stands on its own
    ],
)
def test_the_research_rule_reads_verified_records_and_holds_declarations_pending(
    found: str, declared: str, check: str, state: str
) -> None:
    rule = _research(_facts(found, declared, check))
    assert rule is not None
    assert (rule.met, rule.pending) == {"met": (True, False), "pending": (False, True), "unmet": (False, False)}[state]
    assert (rule in rules.unmet([rule])) == (state == "unmet")
    if state == "pending":
        assert "待核实（由教育局在材料审核中核实）" in rule.detail and "小学德育课题" in rule.detail
    assert rule.as_dict()["pending"] == (state == "pending")


def test_a_policy_without_a_research_condition_has_no_research_rule() -> None:
    assert _research(_facts(declared="city"), template="zaozhuang") is None


# Pages -------------------------------------------------------------------------------------------

APPLICATION = {
    "name": "向阳花工作室",
    "stage": "primary",
    "theme": "家校共育",
    "plan": "三年规划",
    "research_title": "小学德育课题",
    "research_level": "city",
}


@pytest.fixture
def batch(world: World) -> Batch:
    return services.batch_create(
        actor=world.city_staff, region=world.city, name="深圳市第三批名班主任工作室", tier=Tier.CITY,
        start_year=2026, cycle_years=None, template="shenzhen",
    )  # fmt: skip


def _qualify(teacher: Any) -> None:
    Honour.objects.create(
        teacher=teacher, kind="personal", title="市优秀", level="city", awarded_on=dt.date(2020, 9, 1)
    )
    Honour.objects.create(teacher=teacher, kind="class", title="区先进", level="county", awarded_on=dt.date(2021, 9, 1))


def _state(body: str, code: str = "host.research") -> str:
    marker = f'data-testid="rule-{code}" data-state="'
    assert marker in body, body
    return body.split(marker, 1)[1].split('"', 1)[0]


@pytest.fixture
def applied(world: World, batch: Batch) -> Studio:
    _qualify(world.teacher_a)
    response = client_for(world.teacher_user).post("/studios/apply/", {**APPLICATION, "batch": str(batch.uid)})
    assert response.status_code == 302
    return Studio.objects.get()


def test_the_apply_page_shows_a_typed_level_as_awaiting_verification(world: World, batch: Batch) -> None:
    _qualify(world.teacher_a)
    client = client_for(world.teacher_user)
    # The form comes back (no name) with the check of what was typed: 待核实, not ✓, and no refusal.
    page = client.post("/studios/apply/", {**APPLICATION, "name": "", "batch": str(batch.uid)})
    body = page.content.decode()
    assert page.status_code == 400
    assert _state(body) == "pending" and "待核实" in body
    assert 'data-testid="standard-pending"' in body and 'data-testid="standard-not-met"' not in body
    # Without a declaration, and no verified record, the rule is not met.
    plain = client.post("/studios/apply/", {**APPLICATION, "name": "", "research_level": "", "batch": str(batch.uid)})
    assert _state(plain.content.decode()) == "unmet"


def test_the_applicant_and_the_bureau_see_the_declared_research_awaiting_the_check(
    world: World, applied: Studio
) -> None:
    mine = client_for(world.teacher_user).get(f"/studios/{applied.uid}/").content.decode()
    assert 'data-testid="applicant-check"' in mine and _state(mine) == "pending"
    assert 'data-testid="research-check-form"' not in mine
    review = client_for(world.city_staff).get(f"/studios/{applied.uid}/").content.decode()
    assert _state(review) == "pending"
    assert 'data-testid="research-check-form"' in review and 'data-testid="research-records"' in review


def test_the_bureau_verifies_the_declaration_and_the_rule_reads_met(
    world: World, applied: Studio, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/studios/{applied.uid}/review/research/", {"verified": "1", "note": "已查验市级课题结题证书"}
        )
    assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.research_check == "verified"
    assert applied.research_checked_by == world.city_staff and applied.research_checked_at is not None
    assert applied.research_check_note == "已查验市级课题结题证书"
    # The stored check (printed on the application form) follows.
    assert next(r for r in applied.standard_check if r["code"] == "host.research")["met"]
    assert AuditEntry.objects.filter(action="studios.research.verified", actor=world.city_staff).exists()
    body = client.get(f"/studios/{applied.uid}/").content.decode()
    assert _state(body) == "met" and 'data-testid="research-check-form"' not in body
    assert "已核实" in body and "已查验市级课题结题证书" in body
    assert Notification.objects.filter(recipient=world.teacher_user, title__contains="已核实").exists()
    # Now the material check passes.
    passed = client.post(f"/studios/{applied.uid}/review/material/", {"passed": "1"})
    assert passed.status_code == 302
    applied.refresh_from_db()
    assert applied.status == Studio.Status.UNDER_REVIEW


def test_a_rejected_declaration_reads_not_met_and_needs_a_reason(world: World, applied: Studio) -> None:
    client = client_for(world.city_staff)
    blank = client.post(f"/studios/{applied.uid}/review/research/", {"verified": "0", "note": ""})
    assert blank.status_code == 400 and "原因" in blank.content.decode()
    applied.refresh_from_db()
    assert applied.research_check == "pending"
    client.post(f"/studios/{applied.uid}/review/research/", {"verified": "0", "note": "无结题证书"})
    applied.refresh_from_db()
    assert applied.research_check == "rejected"
    body = client.get(f"/studios/{applied.uid}/").content.decode()
    assert _state(body) == "unmet"
    # The standard is not met: the material check cannot pass (it may fail).
    refused = client.post(f"/studios/{applied.uid}/review/material/", {"passed": "1"})
    assert refused.status_code == 400 and "主持或参与课题研究" in refused.content.decode()
    applied.refresh_from_db()
    assert applied.status == Studio.Status.APPLIED
    # Checked once: a second check is refused.
    again = client.post(f"/studios/{applied.uid}/review/research/", {"verified": "1", "note": ""})
    assert again.status_code == 400 and "已核实过" in again.content.decode()


def test_the_material_check_cannot_pass_while_the_research_awaits_the_check(world: World, applied: Studio) -> None:
    response = client_for(world.city_staff).post(f"/studios/{applied.uid}/review/material/", {"passed": "1"})
    assert response.status_code == 400
    assert "待核实" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == Studio.Status.APPLIED and not applied.review_steps.exists()


def test_approval_is_refused_while_the_research_awaits_the_check(world: World, applied: Studio) -> None:
    # An application that passed its material check before the check existed (the migration marks
    # its declaration 待核实) reaches the decision with the rule pending.
    Studio.objects.filter(pk=applied.pk).update(status=Studio.Status.UNDER_REVIEW)
    applied.refresh_from_db()
    ReviewStep.objects.create(studio=applied, step="material", outcome="pass", by=world.city_staff)
    services.studio_defence_record(actor=world.city_staff, studio=applied, passed=True, score=Decimal(90))
    for i in range(3):
        reviewer = make_user(f"r{i}", Role.BUREAU_STAFF, region=world.city)
        services.review_score_submit(actor=reviewer, studio=applied, score=Decimal(85))
    client = client_for(world.city_staff)
    refused = client.post(f"/studios/{applied.uid}/review/decide/", {"approve": "1", "reason": ""})
    assert refused.status_code == 400
    assert "待核实" in refused.content.decode()
    applied.refresh_from_db()
    assert applied.status == Studio.Status.UNDER_REVIEW
    # Checked during the review, the decision goes through.
    assert client.post(f"/studios/{applied.uid}/review/research/", {"verified": "1"}).status_code == 302
    assert client.post(f"/studios/{applied.uid}/review/decide/", {"approve": "1"}).status_code == 302
    applied.refresh_from_db()
    assert applied.status == Studio.Status.APPROVED


@pytest.mark.parametrize(
    "who", ["teacher_user", "school_staff", "legal_rep", "outsider_teacher_user", "district_b_staff"]
)
def test_only_the_reviewing_bureau_checks_the_declared_research(world: World, applied: Studio, who: str) -> None:
    response = client_for(getattr(world, who)).post(
        f"/studios/{applied.uid}/review/research/", {"verified": "1", "note": "自己核实"}
    )
    assert response.status_code in {403, 404}
    applied.refresh_from_db()
    assert applied.research_check == "pending" and applied.research_checked_by is None


def test_bureau_staff_do_not_check_their_own_application(world: World, batch: Batch) -> None:
    teacher = make_teacher(world.school_b, "赵敏", serving_since=dt.date(2012, 9, 1))
    _qualify(teacher)
    own = make_user("bureau_teacher", Role.BUREAU_STAFF, region=world.city, teacher=teacher)
    studio = services.studio_apply(actor=own, batch=batch, teacher=teacher, data=APPLICATION)
    response = client_for(own).post(f"/studios/{studio.uid}/review/research/", {"verified": "1"})
    assert response.status_code == 400 and "不能核实本人的申报" in response.content.decode()
    studio.refresh_from_db()
    assert studio.research_check == "pending"


def test_after_the_selection_the_page_shows_the_check_as_it_was_decided(world: World, applied: Studio) -> None:
    client = client_for(world.city_staff)
    client.post(f"/studios/{applied.uid}/review/research/", {"verified": "1", "note": "结题证书"})
    Studio.objects.filter(pk=applied.pk).update(status=Studio.Status.ACTIVE)
    applied.refresh_from_db()
    page = client.get(f"/studios/{applied.uid}/")
    assert page.context["check"] == applied.standard_check
    body = page.content.decode()
    assert _state(body) == "met" and 'data-testid="research-records"' not in body
    assert (
        'data-testid="applicant-check"'
        not in client_for(world.teacher_user).get(f"/studios/{applied.uid}/").content.decode()
    )
