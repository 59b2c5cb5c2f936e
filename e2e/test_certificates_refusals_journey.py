"""A bureau previews a batch in which one teacher has not passed the pre-service course: the preview
warns, before the confirm button, who will be refused and why; the button issues to the other only.
Desktop and 375 px."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import Course, CourseKind, Enrolment
from testkit import PASSWORD, World, make_teacher

SHOTS = Path("/tmp/shots")  # noqa: S108


def test_the_preview_warns_of_the_refused_before_confirming(page: Page, live_server: Any, world: World) -> None:
    from hts.studios.policy_templates.ganyu import CORPS

    SHOTS.mkdir(exist_ok=True)
    CorpsPolicy.objects.create(region=world.city, **CORPS)
    course = Course.objects.create(kind=CourseKind.PRE_SERVICE, title="2025年县岗前培训", year=2025,
                                   region=world.district_a, pass_mark=Decimal(60))  # fmt: skip
    Enrolment.objects.create(course=course, teacher=world.teacher_a, theory_score=80, practice_score=80)
    untrained = make_teacher(world.school_a, "钱芳")
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 1366:
            sign_in(page, live_server.url, "district", PASSWORD)
        page.goto(f"{live_server.url}/corps/certificates/issue/{world.district_a.uid}/")
        page.select_option("#id_kind", "training")
        page.check(f"#t{world.teacher_a.pk}")
        page.check(f"#t{untrained.pk}")
        page.get_by_test_id("preview-issue").click()
        warning = page.get_by_test_id("issue-refusals")
        expect(warning).to_contain_text("钱芳")
        expect(warning).to_contain_text("没有通过县级岗前培训")
        expect(page.get_by_test_id("confirm-issue")).to_contain_text("其余 1 位")
        assert warning.bounding_box()["y"] < page.get_by_test_id("confirm-issue").bounding_box()["y"]  # type: ignore[index]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"certs_refusals_{width}.png"), full_page=True)
    page.get_by_test_id("confirm-issue").click()
    expect(page.get_by_test_id("certificate-list")).to_contain_text(world.teacher_a.name)
    assert list(Certificate.objects.values_list("holder__name", flat=True)) == [world.teacher_a.name]
