"""Issue 16 point 8: guardian consents, recorded and withdrawn by whom the class's pupils reach; withdrawing
one takes down what was published under it; a pupil's anonymisation takes their consents with it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import Pupil
from hts.classwork.retention import pupil_erase
from hts.classwork.tests.people import class_people
from hts.core.models import AuditEntry
from hts.core.personal_data import REGISTRY
from hts.notifications.models import Notification
from hts.org.models import Region, Semester
from hts.portal.exposure.services import consent_record
from hts.portal.models import GuardianConsent, Publication, PublicationPhoto
from hts.portal.public import GENERATION_KEY
from testkit import client_for, make_region, make_running_studio, make_school_year, world  # noqa: F401

TODAY = dt.date(2026, 11, 16)
NAME = "陈小雨"
ALLOWED = ("head", "deputy", "school_staff")
REFUSED = ("other_head", "other_school_staff", "bureau", "city", "plain", "admin")


@pytest.fixture
def setup(world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    make_school_year(world.city, 2026)
    people = class_people(world)
    pupil = Pupil.objects.create(school_class=world.class_a, name=NAME, gender="F")
    other_pupil = Pupil.objects.create(school_class=people["other_class"], name="钱小虎", gender="M")
    return {"pupil": pupil, "other_pupil": other_pupil, "autumn": Semester.objects.get(kind="autumn"), **people}


def _consent(setup, **extra):
    return GuardianConsent.objects.create(pupil=setup["pupil"], given_on=dt.date(2026, 9, 5), **extra)


def _post(user, school_class, **data):
    payload = {"pupil": "", "semester": "", "scope": "photos", "given_on": "2026-11-01", **data}
    return client_for(user).post(reverse("portal-consents", args=[school_class.uid]), payload)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALLOWED)
def test_the_class_head_teacher_deputy_and_school_office_see_and_record_consents(setup, world, role):  # noqa: F811
    consent = _consent(setup)
    client = client_for(setup[role])
    page = client.get(reverse("portal-consents", args=[world.class_a.uid]))
    assert page.status_code == 200 and NAME in page.content.decode()
    assert client.get(reverse("portal-consent-withdraw", args=[consent.uid])).status_code == 200
    assert str(world.class_a) in client.get(reverse("portal-consent-classes")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_gets_404_with_no_pupil_name(setup, world, role):  # noqa: F811
    consent = _consent(setup)
    client = client_for(setup[role])
    for url in (
        reverse("portal-consents", args=[world.class_a.uid]),
        reverse("portal-consent-withdraw", args=[consent.uid]),
    ):
        for answer in (client.get(url), client.post(url, {"scope": "photos", "given_on": "2026-11-01"})):
            assert answer.status_code == 404
            assert NAME not in answer.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None and GuardianConsent.objects.count() == 1


@pytest.mark.django_db
def test_a_consent_per_pupil_and_one_for_the_class_and_semester_are_recorded_and_audited(setup, world):  # noqa: F811
    answer = _post(setup["head"], world.class_a, pupil=str(setup["pupil"].uid), scope="photos_names")
    assert answer.status_code == 302
    answer = _post(setup["school_staff"], world.class_a, semester=str(setup["autumn"].uid))
    assert answer.status_code == 302
    pupil_consent = GuardianConsent.objects.get(pupil=setup["pupil"])
    assert (pupil_consent.scope, pupil_consent.school_class, pupil_consent.semester) == ("photos_names", None, None)
    class_consent = GuardianConsent.objects.get(school_class=world.class_a)
    assert class_consent.semester == setup["autumn"] and class_consent.given_on == dt.date(2026, 11, 1)
    entries = AuditEntry.objects.filter(action="portal.consent.recorded")
    assert entries.count() == 2
    # The audit log reaches bureaus: it names the class, never the pupil.
    assert all(NAME not in f"{e.target_label} {e.changes}" for e in entries)
    page = client_for(setup["deputy"]).get(reverse("portal-consents", args=[world.class_a.uid])).content.decode()
    assert NAME in page and str(setup["autumn"]) in page


@pytest.mark.django_db
def test_refused_a_pupil_of_another_class_another_regions_semester_a_future_date_and_a_duplicate(setup, world):  # noqa: F811
    elsewhere = make_region("东莞市", "441900", Region.Kind.CITY, world.province)
    make_school_year(elsewhere, 2026)
    foreign = Semester.objects.get(kind="autumn", school_year__region=elsewhere)
    head = setup["head"]
    assert _post(head, world.class_a, pupil=str(setup["other_pupil"].uid)).status_code == 400
    assert _post(head, world.class_a, semester=str(foreign.uid)).status_code == 400
    future = _post(head, world.class_a, pupil=str(setup["pupil"].uid), given_on="2026-11-17")
    assert future.status_code == 400 and "2026-11-17" in future.content.decode()
    assert _post(head, world.class_a).status_code == 400  # the whole class, but no semester
    # The service itself refuses what a form could be made to send.
    with pytest.raises(ValidationError) as refused:
        consent_record(
            actor=head, school_class=world.class_a, scope="photos", given_on=TODAY, pupil=setup["other_pupil"]
        )
    assert "pupil" in refused.value.message_dict
    with pytest.raises(ValidationError):
        consent_record(actor=head, school_class=world.class_a, scope="photos", given_on=TODAY, semester=foreign)
    assert GuardianConsent.objects.count() == 0
    assert _post(head, world.class_a, pupil=str(setup["pupil"].uid)).status_code == 302
    assert _post(head, world.class_a, semester=str(setup["autumn"].uid)).status_code == 302
    again = _post(head, world.class_a, pupil=str(setup["pupil"].uid), scope="photos_names")
    assert again.status_code == 400 and "请先撤回原同意书" in again.content.decode()
    assert _post(head, world.class_a, semester=str(setup["autumn"].uid)).status_code == 400
    assert GuardianConsent.objects.count() == 2


def _published(studio, consent, title, author):
    publication = Publication.objects.create(
        studio=studio, section="album", status="published", author=author, title=title,
        published_at=timezone.now(),
    )  # fmt: skip
    PublicationPhoto.objects.create(
        publication=publication, file="portal/x.jpg", original_name="x.jpg", content_type="image/jpeg",
        kind="jpeg", size=10, is_image=True, shows_pupils=True, consent=consent,
    )  # fmt: skip
    return publication


@pytest.mark.django_db
def test_withdrawing_a_consent_takes_down_what_showed_a_photo_under_it(
    setup,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    studio = make_running_studio(world)
    author = setup["plain"].teacher
    consent = _consent(setup)
    other = GuardianConsent.objects.create(
        school_class=world.class_a, semester=setup["autumn"], given_on=dt.date(2026, 9, 5)
    )
    relying = _published(studio, consent, "秋游相册", author)
    untouched = _published(studio, other, "运动会相册", author)
    cache.set(GENERATION_KEY, 5, None)
    url = reverse("portal-consent-withdraw", args=[consent.uid])
    confirm = client_for(setup["deputy"]).get(url).content.decode()
    assert "秋游相册" in confirm and "运动会相册" not in confirm
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(setup["deputy"]).post(url)
    assert answer.status_code == 302
    consent.refresh_from_db()
    relying.refresh_from_db()
    untouched.refresh_from_db()
    assert consent.withdrawn_on == TODAY and consent.withdrawn_by == setup["deputy"]
    assert relying.status == "withdrawn" and "2026-11-16" in relying.withdraw_reason
    assert untouched.status == "published"
    assert cache.get(GENERATION_KEY) == 6  # every cached public page is rendered afresh
    told = Notification.objects.filter(title__contains="秋游相册")
    assert {n.recipient for n in told} == {setup["plain"], world.teacher_user}  # the author and the host
    assert AuditEntry.objects.filter(action="portal.consent.withdrawn", target_id=str(consent.uid)).exists()
    assert AuditEntry.objects.filter(action="portal.publication.consent_withdrawn").count() == 1
    # Withdrawn once: the page says so and a second POST changes nothing.
    assert "2026-11-16" in client_for(setup["head"]).get(url).content.decode()
    client_for(setup["head"]).post(url)
    assert AuditEntry.objects.filter(action="portal.consent.withdrawn").count() == 1


@pytest.mark.django_db
def test_the_consent_list_keeps_its_queries_with_many_consents(setup, world, django_assert_max_num_queries):  # noqa: F811
    pupils = [Pupil.objects.create(school_class=world.class_a, name=f"学生{i}", gender="M") for i in range(30)]
    for i, pupil in enumerate(pupils):
        GuardianConsent.objects.create(pupil=pupil, given_on=dt.date(2026, 9, 5), withdrawn_on=TODAY if i % 3 else None)
    client = client_for(setup["head"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("portal-consents", args=[world.class_a.uid]))
    assert page.content.decode().count('data-testid="portal-consent-row"') == 30
    with django_assert_max_num_queries(10):
        assert client.get(reverse("portal-consent-classes")).status_code == 200


@pytest.mark.django_db
def test_a_pupils_erasure_takes_their_consents_and_what_relied_on_them(setup, world):  # noqa: F811
    studio = make_running_studio(world)
    used = _consent(setup)
    publication = _published(studio, used, "秋游相册", setup["plain"].teacher)
    pupil_erase(actor=setup["school_staff"], pupil=setup["pupil"], reference="REQ-1", note="家长到校核验")
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    # Kept, withdrawn, as the record of why the photo was shown; its pupil is anonymous now.
    used.refresh_from_db()
    assert used.withdrawn_on == TODAY and used.pupil.name.startswith("已匿名学生")
    unused_pupil = Pupil.objects.create(school_class=world.class_a, name="林小雨", gender="F")
    GuardianConsent.objects.create(pupil=unused_pupil, given_on=dt.date(2026, 9, 5))
    pupil_erase(actor=setup["school_staff"], pupil=unused_pupil, reference="REQ-2", note="家长到校核验")
    assert not GuardianConsent.objects.filter(pupil=unused_pupil).exists()


def test_consents_are_in_the_data_inventory():
    entry = REGISTRY["portal.guardian_consent"]
    assert entry.subject == "pupils" and entry.sensitive
    assert len(entry.field_labels()) == len(entry.fields)


@pytest.mark.django_db
def test_the_pupils_page_leads_to_the_consents_for_whom_they_reach(setup, world):  # noqa: F811
    url = reverse("classwork-pupils", args=[world.class_a.uid])
    consents = reverse("portal-consents", args=[world.class_a.uid])
    assert consents in client_for(setup["head"]).get(url).content.decode()
    assert consents in client_for(setup["school_staff"]).get(url).content.decode()
