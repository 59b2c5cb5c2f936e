"""Lesson and class-meeting observations: the organiser creates one with observers; each observer
scores on their sheet (bounds refused, input kept); closing combines the observers, stores the
total and files an evaluation record in the observed teacher's archive; the teacher then sees it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused, transitions_of
from hts.evaluation.observations import services
from hts.evaluation.observations.models import Observation, ObservationScore, Observer
from hts.evaluation.rubrics.models import RubricVersion
from hts.studios.models import Membership
from testkit import World, client_for, make_running_studio, make_teacher, make_user

HELD_ON = dt.date(2026, 10, 15)


@pytest.fixture
def lesson() -> RubricVersion:
    return RubricVersion.objects.get(rubric__builtin_code="lesson", number=1)


@pytest.fixture
def observers(world: World) -> list[Any]:
    return [
        make_user("obs1", teacher=make_teacher(world.school_a, "周听课", mobile="13800000201")),
        make_user("obs2", teacher=make_teacher(world.school_a, "吴听课", mobile="13800000202")),
        make_user("obs3", teacher=make_teacher(world.school_a, "郑听课", mobile="13800000203")),
    ]


def _create(world: World, lesson: RubricVersion, observers: list[Any], **extra: Any) -> Observation:
    data = {
        "teacher": world.teacher_a,
        "version": lesson,
        "studio": None,
        "topic": "诚信伴我行",
        "class_name": "三年级1班",
        "held_on": HELD_ON,
        "combination": "mean",
        "observers": observers,
        **extra,
    }
    return services.observation_create(actor=world.school_staff, data=data)


def _sheet(items: list[Any], values: list[str], comment: str = "") -> dict[str, str]:
    return {**{f"item_{item.pk}": value for item, value in zip(items, values, strict=True)}, "comment": comment}


def test_school_staff_create_an_observation_through_the_page(
    world: World, lesson: RubricVersion, observers: list[Any]
) -> None:
    client = client_for(world.school_staff)
    picker = client.get("/evaluation/observations/new/?q=李")
    assert picker.status_code == 200
    assert world.teacher_a.name in picker.content.decode()
    url = f"/evaluation/observations/new/?teacher={world.teacher_a.uid}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": str(lesson.pk),
            "topic": "诚信伴我行",
            "class_name": "三年级1班",
            "held_on": "2026-10-15",
            "combination": "trimmed",
            "observers": [str(u.pk) for u in observers],
        },
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/evaluation/observations/{observation.uid}/"
    assert observation.school == world.school_a
    assert observation.organised_by == world.school_staff
    assert set(observation.observers.values_list("user", flat=True)) == {u.pk for u in observers}
    assert AuditEntry.objects.filter(action="evaluation.observation.created").exists()
    assert transitions_of(observation).get().to_state == "open"


def test_the_observed_teacher_cannot_observe_themself(world: World, lesson: RubricVersion) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _create(world, lesson, [world.teacher_user])
    assert not Observation.objects.exists()


def test_a_head_teacher_rubric_is_refused(world: World, observers: list[Any]) -> None:
    from django.core.exceptions import ValidationError

    ganyu = RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)
    with pytest.raises(ValidationError):
        _create(world, ganyu, observers)


def test_outsiders_cannot_organise_for_a_teacher_outside_their_scope(world: World) -> None:
    url = f"/evaluation/observations/new/?teacher={world.teacher_a.uid}"
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.teacher_user).get(url).status_code == 403
    assert client_for(world.district_staff).get(url).status_code == 200


def test_observers_score_and_bad_points_are_refused_with_the_input_kept(
    world: World, lesson: RubricVersion, observers: list[Any]
) -> None:
    observation = _create(world, lesson, observers)
    items = list(lesson.items.order_by("number"))
    client = client_for(observers[0])
    url = f"/evaluation/observations/{observation.uid}/sheet/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'max="20' in page.content.decode()
    too_much = client.post(url, _sheet(items, ["21", "18", "25", "-1"], "很好"))
    assert too_much.status_code == 400
    body = too_much.content.decode()
    assert 'value="21"' in body and "很好" in body
    assert not ObservationScore.objects.exists()
    ok = client.post(url, _sheet(items, ["18", "17.5", "27", "26"], "目标明确，互动充分"))
    assert ok.status_code == 302
    observer = Observer.objects.get(user=observers[0])
    assert observer.submitted_at is not None
    assert observer.comment == "目标明确，互动充分"
    assert sorted(observer.scores.values_list("points", flat=True)) == [
        Decimal("17.5"),
        Decimal("18"),
        Decimal("26"),
        Decimal("27"),
    ]
    # A changed score is in the history.
    client.post(url, _sheet(items, ["19", "17.5", "27", "26"], "目标明确，互动充分"))
    score = observer.scores.get(item=items[0])
    assert score.points == Decimal("19")
    assert score.history.count() == 2


def test_only_observers_reach_the_sheet(world: World, lesson: RubricVersion, observers: list[Any]) -> None:
    observation = _create(world, lesson, observers[:1])
    url = f"/evaluation/observations/{observation.uid}/sheet/"
    assert client_for(observers[1]).get(url).status_code == 404
    assert client_for(world.school_staff).get(url).status_code == 404  # the organiser is not an observer
    assert client_for(world.teacher_user).get(url).status_code == 404
    assert client_for(world.outsider_teacher_user).post(url, {"comment": "x"}).status_code == 404


def test_closing_combines_the_observers_and_files_the_result(
    world: World, lesson: RubricVersion, observers: list[Any]
) -> None:
    observation = _create(world, lesson, observers, combination="trimmed")
    items = list(lesson.items.order_by("number"))
    sheets = [["18", "16", "27", "24"], ["20", "18", "29", "26"], ["10", "17", "28", "30"]]
    for user, values, comment in zip(observers, sheets, ["评语一", "评语二", "<script>x</script>评语三"], strict=True):
        assert (
            client_for(user)
            .post(f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, values, comment))
            .status_code
            == 302
        )
    organiser = client_for(world.school_staff)
    # The observed teacher does not see an open observation.
    assert client_for(world.teacher_user).get(f"/evaluation/observations/{observation.uid}/").status_code == 404
    response = organiser.post(f"/evaluation/observations/{observation.uid}/close/")
    assert response.status_code == 302
    observation.refresh_from_db()
    # Trimmed mean per item: 18, 17, 28, 26.
    assert observation.status == "closed"
    assert observation.total == Decimal("89.00")
    item = observation.archive_item
    assert item is not None
    assert (item.owner_teacher, item.kind, item.visibility) == (
        world.teacher_a,
        ItemKind.EVALUATION,
        Visibility.PRIVATE,
    )
    assert item.date == HELD_ON
    for text in ("89.00", "评语一", "评语二", "评语三", "周听课", "吴听课"):
        assert text in item.body
    assert "<script" not in item.body
    assert transitions_of(observation).filter(to_state="closed").count() == 1
    assert AuditEntry.objects.filter(action="evaluation.observation.closed").exists()
    # The observed teacher now sees the closed result, with each observer's comments.
    page = client_for(world.teacher_user).get(f"/evaluation/observations/{observation.uid}/")
    assert page.status_code == 200
    assert "89.00" in page.content.decode() and "评语二" in page.content.decode()
    # Sheets no longer change, and closing again is refused.
    again = organiser.post(f"/evaluation/observations/{observation.uid}/close/")
    assert again.status_code == 400
    with pytest.raises(TransitionRefused):
        services.observation_score(actor=observers[0], observation=observation, points={}, comment="晚了")
    assert ArchiveItem.objects.count() == 1


def test_a_stale_close_is_refused_by_the_claim(world: World, lesson: RubricVersion, observers: list[Any]) -> None:
    """Two organisers closing at once: the second read the observation open, but the claim fails."""
    observation = _create(world, lesson, observers[:1])
    items = list(lesson.items.order_by("number"))
    client_for(observers[0]).post(f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, ["1"] * 4))
    stale = Observation.objects.get(pk=observation.pk)
    services.observation_close(actor=world.school_staff, observation=observation)
    original = services.can_close
    services.can_close = lambda obs, user: (True, "")  # type: ignore[assignment]
    try:
        with pytest.raises(TransitionRefused):
            services.observation_close(actor=world.district_staff, observation=stale)
    finally:
        services.can_close = original  # type: ignore[assignment]
    assert ArchiveItem.objects.count() == 1
    assert transitions_of(observation).filter(to_state="closed").count() == 1


def test_closing_needs_a_complete_sheet(world: World, lesson: RubricVersion, observers: list[Any]) -> None:
    observation = _create(world, lesson, observers)
    items = list(lesson.items.order_by("number"))
    client_for(observers[0]).post(
        f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, ["5", "", "", ""])
    )
    response = client_for(world.school_staff).post(f"/evaluation/observations/{observation.uid}/close/")
    assert response.status_code == 400
    observation.refresh_from_db()
    assert observation.status == "open"
    assert not ArchiveItem.objects.exists()


def test_an_observer_cannot_close(world: World, lesson: RubricVersion, observers: list[Any]) -> None:
    observation = _create(world, lesson, observers)
    response = client_for(observers[0]).post(f"/evaluation/observations/{observation.uid}/close/")
    assert response.status_code == 403  # a teacher has no observation.organise
    observation.refresh_from_db()
    assert observation.status == "open"


def test_a_studio_host_observes_a_member_and_the_record_is_visible_to_the_studio(
    world: World, lesson: RubricVersion
) -> None:
    studio = make_running_studio(world)  # world.teacher_user hosts it
    member = make_teacher(world.school_b, "成员乙", mobile="13800000301")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    mentor_teacher = make_teacher(world.school_a2, "导师丙", mobile="13800000302")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor_teacher, status="active")
    mentor = make_user("mentor_c", teacher=mentor_teacher)
    host = client_for(world.teacher_user)
    url = f"/evaluation/observations/new/?teacher={member.uid}"
    form_page = host.get(url)
    assert form_page.status_code == 200
    base = {"version": str(lesson.pk), "topic": "班会：感恩", "held_on": "2026-10-15", "combination": "mean"}
    # Without the studio the host has no standing over a teacher of another school.
    refused = host.post(url, {**base, "observers": [str(mentor.pk)]})
    assert refused.status_code == 400
    created = host.post(url, {**base, "studio": str(studio.pk), "observers": [str(mentor.pk)]})
    assert created.status_code == 302
    observation = Observation.objects.get()
    assert observation.studio == studio and observation.school == world.school_b
    items = list(lesson.items.order_by("number"))
    client_for(mentor).post(
        f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, ["20", "20", "30", "30"])
    )
    assert host.post(f"/evaluation/observations/{observation.uid}/close/").status_code == 302
    observation.refresh_from_db()
    assert observation.archive_item.visibility == Visibility.STUDIO
    assert observation.archive_item.studio == studio
    # A host cannot reach a teacher outside their studio.
    assert host.get(f"/evaluation/observations/new/?teacher={world.teacher_b.uid}").status_code == 404


def test_list_and_detail_are_scoped_and_within_budget(
    world: World, lesson: RubricVersion, observers: list[Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        _create(world, lesson, observers, topic=f"课{n}")
    other = services.observation_create(
        actor=world.district_b_staff,
        data={
            "teacher": world.teacher_b,
            "version": lesson,
            "topic": "南山的课",
            "held_on": HELD_ON,
            "combination": "mean",
            "observers": [world.district_b_staff],
        },
    )
    client = client_for(world.school_staff)
    client.get("/evaluation/observations/")
    # session, user, roles, studio grants, count, page of observations (joined)
    with django_assert_max_num_queries(8):
        response = client.get("/evaluation/observations/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "课0" in body and "南山的课" not in body
    assert client.get(f"/evaluation/observations/{other.uid}/").status_code == 404
    # An observer sees the observations they are in; the district B staff see only theirs.
    assert "课1" in client_for(observers[0]).get("/evaluation/observations/").content.decode()
    assert "课1" not in client_for(world.district_b_staff).get("/evaluation/observations/").content.decode()
    observation = Observation.objects.get(topic="课0")
    items = list(lesson.items.order_by("number"))
    for user in observers:
        client_for(user).post(f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, ["10"] * 4, "好"))
    client.get(f"/evaluation/observations/{observation.uid}/")
    # session, user, roles, studio grants, observation, organiser check, observers (is_observer),
    # can_close (submitted), items, observers, scores
    with django_assert_max_num_queries(14):
        detail = client.get(f"/evaluation/observations/{observation.uid}/")
    assert detail.status_code == 200
    assert detail.context["can_close"]


def test_the_audit_log_reads_a_scored_and_closed_observation_by_item_number_and_title(
    world: World, lesson: RubricVersion, observers: list[Any]
) -> None:
    observation = _create(world, lesson, observers[:1])
    items = list(lesson.items.order_by("number"))
    client_for(observers[0]).post(
        f"/evaluation/observations/{observation.uid}/sheet/", _sheet(items, ["18", "17", "27", "26"])
    )
    client_for(world.school_staff).post(f"/evaluation/observations/{observation.uid}/close/")
    page = client_for(world.admin).get("/accounts/audit/", {"event": "evaluation.observation"}).content.decode()
    table = page.split('data-testid="audit-entries"')[1].split("</table>")[0]
    # Each item by its number on the sheet, the archive item by its title: no database ids, no keys.
    assert f"评分项 {items[0].number}：— → 18" in table
    observation.refresh_from_db()
    assert observation.archive_item is not None
    assert f"{observation.archive_item.title}" in table
    assert str(observation.archive_item.uid) not in table and "其他信息" not in table
    # On a phone each cell names its column.
    assert 'data-label="操作人"' in table
