"""The certificates demo writes each certificate's evidence from the holder's records: the trainee year
only for a holder with a trainee or assistant post on record, the course they actually passed with its
scores, and nothing the records do not hold (no school recommendation is recorded anywhere)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.corps.certificates import demo as certificates_demo
from hts.corps.certificates.models import Certificate
from hts.corps.tests.test_demo_seeds import START, county  # noqa: F401 (a fixture)
from hts.corps.trainee.models import TraineeKind, TraineePost
from hts.org.models import Region, SchoolClass, Teacher

TODAY = timezone.localdate()


def test_the_evidence_follows_the_records(county: Region) -> None:  # noqa: F811
    trained = Teacher.objects.get(name="班主任3")  # heads a class since START - 7
    TraineePost.objects.create(school_class=SchoolClass.objects.get(), teacher=trained, kind=TraineeKind.TRAINEE,
                               started_on=dt.date(START - 8, 9, 1), ended_on=dt.date(START - 7, 8, 31))  # fmt: skip
    assert certificates_demo.seed(county, TODAY) > 0
    with_posts = set(TraineePost.objects.values_list("teacher_id", flat=True))
    for certificate in Certificate.objects.select_related("holder").prefetch_related("course_results__enrolment"):
        evidence = certificate.evidence
        assert ("见习" in evidence) == (certificate.kind == "qualification" and certificate.holder_id in with_posts)
        assert "学校推荐" not in evidence and evidence.endswith("赣榆县教育局审核通过")
        for link in certificate.course_results.all():
            course = link.enrolment.course
            assert f"{course.title}合格（理论考试 85 分，专业测试 82 分）" in evidence
    qualification = Certificate.objects.get(holder=trained, kind="qualification")
    assert qualification.evidence.startswith("见习班主任（班主任助理）满一年，")
    assert certificates_demo.seed(county, TODAY) == 0
