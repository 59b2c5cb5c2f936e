"""Offer → publish step → public page, through the pages a member and the host use (issue 16 points 1, 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.portal.models import Publication, PublicationPhoto
from hts.portal.sites.models import StudioSite
from hts.portal.tests.sites_kit import (
    PUPIL,
    Site,
    add_photo,
    make_item,
    site_fixture,  # noqa: F401  (the fixture)
)
from testkit import client_for, make_user

pytestmark = pytest.mark.django_db


def offer_url(site: Site, kind: str, uid: object) -> str:
    return reverse("portal-sites-offer", args=[site.studio.uid, kind, uid])


def offer_case(site: Site) -> Publication:
    response = client_for(site.member).post(offer_url(site, "item", site.case.uid))
    assert response.status_code == 302
    return Publication.objects.get(archive_item=site.case)


def publish(site: Site, publication: Publication, **extra: str) -> object:
    return client_for(site.host).post(
        reverse("portal-sites-publish", args=[publication.uid]), {"publish": "1", **extra}, follow=True
    )


def site_slug(site: Site) -> str:
    return StudioSite.objects.get(studio=site.studio).slug


def test_a_member_offers_a_case_and_the_host_is_told(site: Site) -> None:
    publication = offer_case(site)
    assert publication.status == "offered"
    assert publication.section == "case"
    assert publication.author == site.member_teacher
    note = Notification.objects.get(recipient=site.host)
    assert publication.title in note.title
    assert note.url == reverse("portal-sites-queue", args=[site.studio.uid])
    assert AuditEntry.objects.filter(action="portal.publication.offered").exists()
    queue = client_for(site.host).get(reverse("portal-sites-queue", args=[site.studio.uid]))
    assert publication.title in queue.content.decode()


def test_the_publish_step_shows_the_masked_text_and_publishing_copies_it(site: Site) -> None:
    publication = offer_case(site)
    host = client_for(site.host)
    step = host.get(reverse("portal-sites-publish", args=[publication.uid])).content.decode()
    assert "张*明在班会上主动发言" in step
    assert PUPIL in step  # listed for the host among the masked names, never on the public page
    publish(site, publication)
    publication.refresh_from_db()
    assert publication.status == "published" and publication.masked_names == [PUPIL]
    page = client_for(site.member).get(reverse("portal-site-item", args=[site_slug(site), publication.uid]))
    anonymous = host.__class__().get(reverse("portal-site-item", args=[site_slug(site), publication.uid]))
    for response in (page, anonymous):
        text = response.content.decode()
        assert "张*明在班会上主动发言" in text
        assert PUPIL not in text and "<script>alert" not in text
    # A later edit of the source never reaches the public page.
    site.case.body = "<p>改过的正文</p>"
    site.case.save()
    again = host.__class__().get(reverse("portal-site-section", args=[site_slug(site), "case"]))
    assert publication.title in again.content.decode()
    item = host.__class__().get(reverse("portal-site-item", args=[site_slug(site), publication.uid]))
    assert "改过的正文" not in item.content.decode()
    assert AuditEntry.objects.filter(action="portal.publication.published", target_id=str(publication.uid)).exists()
    assert Notification.objects.filter(recipient=site.member, title__contains="published").exists() or (
        Notification.objects.filter(recipient=site.member).count() == 1
    )


def test_a_photo_with_pupils_and_no_consent_is_left_out_with_the_reason(site: Site) -> None:
    add_photo(site.case, site.member)
    publication = offer_case(site)
    key = str(site.case.files.get().uid)
    host = client_for(site.host)
    checked = host.post(
        reverse("portal-sites-publish", args=[publication.uid]),
        {"check": "1", f"include-{key}": "on", f"pupils-{key}": "on"},
    )
    assert "no guardian consent covers them" in checked.content.decode() or "监护人" in checked.content.decode()
    response = publish(site, publication, **{f"include-{key}": "on", f"pupils-{key}": "on"})
    assert response.status_code == 200
    publication.refresh_from_db()
    assert publication.status == "published"
    assert not PublicationPhoto.objects.filter(publication=publication).exists()
    assert AuditEntry.objects.get(action="portal.publication.published").changes["photos_refused"] == 1


def test_a_photo_with_blurred_faces_or_without_pupils_is_copied(site: Site) -> None:
    add_photo(site.case, site.member)
    add_photo(site.case, site.member)
    publication = offer_case(site)
    first, second = (str(f.uid) for f in site.case.files.order_by("id"))
    publish(
        site,
        publication,
        **{f"include-{first}": "on", f"pupils-{first}": "on", f"blur-{first}": "on", f"include-{second}": "on"},
    )
    photos = list(PublicationPhoto.objects.filter(publication=publication).order_by("id"))
    assert [(p.shows_pupils, p.faces_blurred) for p in photos] == [(True, True), (False, False)]
    anonymous = client_for(site.member).__class__()
    assert anonymous.get(reverse("portal-site-photo-thumb", args=[photos[0].uid])).status_code == 200


def test_a_class_consent_covers_a_photo_with_pupils(site: Site) -> None:
    import datetime as dt

    from hts.portal.models import GuardianConsent
    from testkit import make_school_year

    # The case (and its photo) dates from an autumn semester; the class's consent covers that semester.
    semester = make_school_year(site.world.city, 2025).semesters.get(kind="autumn")
    site.case.date = dt.date(2025, 11, 3)
    site.case.save()
    consent = GuardianConsent.objects.create(
        school_class=site.world.class_a, semester=semester, given_on=semester.starts_on
    )
    add_photo(site.case, site.member)
    publication = offer_case(site)
    key = str(site.case.files.get().uid)
    publish(
        site, publication, **{f"include-{key}": "on", f"pupils-{key}": "on", f"class-{key}": str(site.world.class_a.pk)}
    )
    photo = PublicationPhoto.objects.get(publication=publication)
    assert photo.consent == consent and photo.shows_pupils and not photo.faces_blurred


def test_a_private_item_cannot_be_offered_and_the_page_says_why(site: Site) -> None:
    private = make_item(site.member_teacher, title="私人的随笔", kind="narrative", visibility="private")
    member = client_for(site.member)
    page = member.get(reverse("portal-sites-mine")).content.decode()
    assert "私人的随笔" in page and 'data-testid="offer-private"' in page
    response = member.post(offer_url(site, "item", private.uid), follow=True)
    assert "private" in response.content.decode().lower() or "仅自己可见" in response.content.decode()
    assert not Publication.objects.filter(archive_item=private).exists()


def test_a_non_member_cannot_offer_to_the_studio(site: Site) -> None:
    outsider_item = make_item(site.world.teacher_b, title="别人的案例")
    response = client_for(site.world.outsider_teacher_user).post(
        offer_url(site, "item", outsider_item.uid), follow=True
    )
    assert response.status_code == 200
    assert not Publication.objects.filter(archive_item=outsider_item).exists()


def test_another_studios_host_and_another_regions_bureau_get_404(site: Site) -> None:
    from testkit import make_running_studio

    publication = offer_case(site)
    other = make_running_studio(site.world, name="另一个工作室")
    other.host = site.world.teacher_b
    other.host_school = site.world.school_b
    other.save()
    other.memberships.update(teacher=site.world.teacher_b)
    for user in (site.world.outsider_teacher_user, site.world.district_b_staff):
        client = client_for(user)
        assert client.get(reverse("portal-sites-publish", args=[publication.uid])).status_code == 404
        assert client.get(reverse("portal-sites-queue", args=[site.studio.uid])).status_code == 404
        assert client.post(reverse("portal-sites-withdraw", args=[publication.uid])).status_code == 404
    # The member who offered it cannot publish it herself.
    assert (
        client_for(site.member)
        .post(reverse("portal-sites-publish", args=[publication.uid]), {"publish": "1"})
        .status_code
        == 403
    )
    publication.refresh_from_db()
    assert publication.status == "offered"


def test_return_with_a_note_tells_the_author_and_a_reoffer_reuses_the_row(site: Site) -> None:
    publication = offer_case(site)
    host = client_for(site.host)
    empty = host.post(reverse("portal-sites-return", args=[publication.uid]), {"note": ""})
    assert empty.status_code == 302
    publication.refresh_from_db()
    assert publication.status == "offered"
    host.post(reverse("portal-sites-return", args=[publication.uid]), {"note": "请补充班会后的反思"})
    publication.refresh_from_db()
    assert publication.status == "returned" and publication.return_note == "请补充班会后的反思"
    assert Notification.objects.filter(recipient=site.member).exists()
    mine = client_for(site.member).get(reverse("portal-sites-mine")).content.decode()
    assert "请补充班会后的反思" in mine
    again = offer_case(site)
    assert again.pk == publication.pk and again.status == "offered"


def test_withdrawal_by_the_author_after_a_confirmation_removes_the_page(site: Site) -> None:
    publication = offer_case(site)
    publish(site, publication)
    url = reverse("portal-site-item", args=[site_slug(site), publication.uid])
    member = client_for(site.member)
    confirm = member.get(reverse("portal-sites-withdraw", args=[publication.uid]))
    assert confirm.status_code == 200 and 'data-testid="withdraw-confirm"' in confirm.content.decode()
    member.post(reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "需要修改"})
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    assert member.__class__().get(url).status_code == 404
    assert AuditEntry.objects.filter(action="portal.publication.withdrawn").exists()


def test_the_bureau_withdraws_and_an_unrelated_teacher_cannot(site: Site) -> None:
    publication = offer_case(site)
    publish(site, publication)
    stranger = make_user("stranger", teacher=None)
    assert client_for(stranger).post(reverse("portal-sites-withdraw", args=[publication.uid])).status_code == 404
    client_for(site.world.district_staff).post(
        reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "x"}
    )
    publication.refresh_from_db()
    assert publication.status == "withdrawn"


def test_the_host_writes_news_through_the_same_publish_step(site: Site) -> None:
    from hts.portal.tests.sites_kit import png

    host = client_for(site.host)
    response = host.post(
        reverse("portal-sites-news", args=[site.studio.uid]),
        {"title": "工作室开展读书会", "body": f"<p>{PUPIL}的家长也来了</p>", "photos": [png()]},
    )
    publication = Publication.objects.get(title="工作室开展读书会")
    assert response.url == reverse("portal-sites-publish", args=[publication.uid])
    assert publication.status == "offered"
    key = str(publication.photos.get().uid)
    # Before the publish step the upload is no public photo.
    assert host.__class__().get(reverse("portal-site-photo", args=[key])).status_code == 404
    publish(site, publication, **{f"include-{key}": "on"})
    publication.refresh_from_db()
    assert publication.status == "published" and "张*明" in publication.body
    assert publication.photos.count() == 1 and str(publication.photos.get().uid) != key
    home = host.__class__().get(reverse("portal-site-home", args=[site_slug(site)])).content.decode()
    assert "工作室开展读书会" in home


def test_a_text_holding_a_sensitive_word_is_not_published_and_the_word_is_named(site: Site) -> None:
    from hts.portal.models import PortalPolicy

    PortalPolicy.objects.create(region=site.world.city, sensitive_words="赌博\n")
    site.case.body = "<p>班会讨论了网络赌博的危害。</p>"
    site.case.save()
    publication = offer_case(site)
    response = publish(site, publication)
    assert "赌博" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == "offered"


def test_a_verified_achievement_goes_to_the_research_page_and_a_pending_one_cannot_be_offered(site: Site) -> None:
    import datetime as dt

    from hts.research.models import Achievement

    def achievement(title: str, status: str) -> Achievement:
        return Achievement.objects.create(
            owner=site.member_teacher, kind="paper_published", title=title, level="city",
            achieved_on=dt.date(2026, 5, 1), issuer="《班主任之友》", status=status,
        )  # fmt: skip

    verified, pending = achievement("论文已核实", "verified"), achievement("论文待核实", "pending")
    member = client_for(site.member)
    member.post(offer_url(site, "achievement", verified.uid))
    member.post(offer_url(site, "achievement", pending.uid))
    assert not Publication.objects.filter(achievement=pending).exists()
    publication = Publication.objects.get(achievement=verified)
    assert publication.section == "research"
    publish(site, publication)
    page = client_for(site.member).__class__().get(reverse("portal-site-research", args=[site_slug(site)]))
    assert "论文已核实" in page.content.decode() and "论文待核实" not in page.content.decode()


def test_the_host_publishes_the_compilation_of_results_through_the_publish_step(site: Site) -> None:
    host = client_for(site.host)
    response = host.post(reverse("portal-sites-compilation", args=[site.studio.uid]))
    publication = Publication.objects.get(section="compilation")
    assert response.url == reverse("portal-sites-publish", args=[publication.uid])
    assert "陈静" in publication.body and "一次班会的案例" in publication.body
    publish(site, publication)
    page = host.__class__().get(reverse("portal-site-section", args=[site_slug(site), "compilation"]))
    assert publication.title in page.content.decode()
    # A member may not.
    assert client_for(site.member).post(reverse("portal-sites-compilation", args=[site.studio.uid])).status_code in (
        403,
        404,
    )
