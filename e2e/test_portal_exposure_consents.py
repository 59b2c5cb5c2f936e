"""Issue 16 point 8 in a browser: a head teacher, on a phone (375 px), goes from the class's pupils to its
guardian consents, records one for a pupil and one for the class this semester, then withdraws the
pupil's, whose confirm page names the album that will be taken down."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import a_running_semester, serious_accessibility_violations, sign_in
from hts.classwork.models import Pupil
from hts.portal.models import GuardianConsent, Publication, PublicationPhoto
from testkit import PASSWORD, World, make_running_studio


def test_record_and_withdraw_consents_on_a_phone(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    a_running_semester(world.city)
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F")
    Pupil.objects.create(school_class=world.class_a, name="刘子轩", gender="M")
    studio = make_running_studio(world)

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/pupils/")
    page.get_by_test_id("portal-consents-link").click()
    form = page.get_by_test_id("portal-consent-form")
    form.get_by_label("学生").select_option(label="陈小雨")
    form.get_by_label("范围").select_option(label="在工作室网站展示照片和姓名")
    form.get_by_label("同意日期").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    form.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("portal-consent-table")).to_contain_text("陈小雨")

    form = page.get_by_test_id("portal-consent-form")
    form.get_by_label("学期").select_option(index=1)
    form.get_by_label("同意日期").fill(dt.date.today().isoformat())
    form.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("portal-consent-table")).to_contain_text("全班")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "portal-consents-375.png"), full_page=True)

    consent = GuardianConsent.objects.get(pupil=pupil)
    album = Publication.objects.create(
        studio=studio, section="album", status="published", title="秋游相册", published_at=timezone.now()
    )
    PublicationPhoto.objects.create(
        publication=album, file="portal/x.jpg", original_name="x.jpg", content_type="image/jpeg",
        kind="jpeg", size=10, is_image=True, shows_pupils=True, consent=consent,
    )  # fmt: skip
    page.get_by_test_id("portal-consent-row").filter(has_text="陈小雨").get_by_role("link", name="撤回").click()
    expect(page.get_by_test_id("portal-consent-publications")).to_contain_text("秋游相册")
    page.screenshot(path=str(artifacts / "portal-consent-withdraw-375.png"), full_page=True)
    page.get_by_test_id("portal-consent-withdraw-form").get_by_role("button", name="撤回").click()
    expect(page.get_by_test_id("portal-consent-table")).to_contain_text("撤回")
    album.refresh_from_db()
    assert album.status == "withdrawn"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    page.screenshot(path=str(artifacts / "portal-consents-desktop.png"), full_page=True)


def test_the_publish_step_checks_each_pupil_on_a_phone(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    """The host ticks the pupils in an activity's photo: one without a consent is named and the photo
    refused; with him unticked it is covered by the other's consent, recorded on the photo, and withdrawing
    that consent takes the news down. The signed form is attached on the consents page."""
    from hts.activities.models import Activity, ActivityAttachment
    from hts.core.files import stored_file_accept
    from hts.portal.sites.services import offer_activity
    from hts.portal.tests.sites_kit import png

    a_running_semester(world.city)
    chen = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F")
    Pupil.objects.create(school_class=world.class_a, name="刘子轩", gender="M")
    consent = GuardianConsent.objects.create(pupil=chen, given_on=dt.date.today() - dt.timedelta(days=20))
    studio = make_running_studio(world)
    starts = timezone.now() - dt.timedelta(days=2)
    activity = Activity.objects.create(
        studio=studio, kind="forum", title="读书沙龙", mode="offline", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="图书馆", minutes="沙龙纪要",
    )  # fmt: skip
    stored_file_accept(ActivityAttachment, png(), uploaded_by=world.teacher_user, activity=activity)
    news = offer_activity(actor=world.teacher_user, activity=activity)

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}{_publish_url(news)}")
    choice = page.get_by_test_id("photo-choice")
    choice.get_by_test_id("pupils-appear").check()
    choice.get_by_test_id("photo-class").select_option(value=str(world.class_a.pk))
    page.get_by_test_id("check").click()
    pupils = page.get_by_test_id("photo-pupils")
    pupils.get_by_label("陈小雨").check()
    pupils.get_by_label("刘子轩").check()
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("photo-refused")).to_contain_text("刘子轩")
    expect(page.get_by_test_id("photo-refused")).not_to_contain_text("陈小雨")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "portal-publish-pupils-375.png"), full_page=True)
    page.get_by_test_id("photo-pupils").get_by_label("刘子轩").uncheck()
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("photo-allowed")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("publish").click()
    page.wait_for_url(f"**/{studio.uid}/**")
    published = PublicationPhoto.objects.get(publication=news)
    assert list(published.consents.all()) == [consent]
    news.refresh_from_db()
    assert news.status == "published"

    page.goto(f"{live_server.url}/portal/consents/class/{world.class_a.uid}/")
    row = page.get_by_test_id("portal-consent-row").filter(has_text="陈小雨")
    row.get_by_role("link", name="附上").click()
    page.get_by_test_id("portal-consent-scan-form").locator("input[type=file]").set_input_files(
        files=[{"name": "同意书.png", "mimeType": "image/png", "buffer": png().read()}]
    )
    page.get_by_test_id("portal-consent-scan-form").get_by_role("button", name="附上").click()
    expect(page.get_by_test_id("portal-consent-row").filter(has_text="陈小雨")).to_contain_text("同意书.png")
    page.screenshot(path=str(artifacts / "portal-consent-scan-375.png"), full_page=True)
    page.get_by_test_id("portal-consent-row").filter(has_text="陈小雨").get_by_role("link", name="撤回").click()
    expect(page.get_by_test_id("portal-consent-publications")).to_contain_text("读书沙龙")
    page.get_by_test_id("portal-consent-withdraw-form").get_by_role("button", name="撤回").click()
    expect(page.get_by_test_id("portal-consent-table")).to_contain_text("撤回")
    news.refresh_from_db()
    assert news.status == "withdrawn"


def _publish_url(publication: Any) -> str:
    from django.urls import reverse

    return reverse("portal-sites-publish", args=[publication.uid])
