"""Labels on the training pages name a year once: a course whose title already says "2026年…" or
"2026学年…" is not shown as "2026 2026学年…" (its name in archive sources, audit and certificates)."""

from __future__ import annotations

import re

from django.utils import timezone

from hts.accounts.models import User
from hts.corps.certificates import demo as certificates_demo
from hts.corps.tests.test_demo_seeds import county  # noqa: F401 (a fixture)
from hts.corps.training import demo as training_demo
from hts.corps.training.models import Course, Enrolment
from hts.org.models import Region, School
from testkit import client_for

# A year, then within a few characters that are not digits, the same year again.
REPEATED_YEAR = re.compile(r"(20\d\d)[^\d<>]{0,4}\1")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_no_training_page_repeats_a_year(county: Region) -> None:  # noqa: F811
    today = timezone.localdate()
    certificates_demo.seed(county, today)
    training_demo.seed(county, today)
    bureau = client_for(User.objects.get(username="bureau"))
    office = client_for(User.objects.get(username="office"))
    school = School.objects.get(code="T-01")
    pages = [(bureau, "/corps/training/"), (office, "/corps/training/"),
             (bureau, f"/corps/training/behind/region/{county.uid}/"),
             (office, f"/corps/training/behind/school/{school.uid}/"),
             (office, f"/corps/training/meetings/{school.uid}/")]  # fmt: skip
    for course in Course.objects.exclude(school__in=School.objects.exclude(pk=school.pk)):
        pages.append((office if course.school_id else bureau, f"/corps/training/courses/{course.uid}/"))
    for teacher_id in set(Enrolment.objects.values_list("teacher__uid", flat=True)):
        pages.append((bureau, f"/corps/archive/{teacher_id}/"))
    found = []
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found += [(url, m.group(0)) for m in REPEATED_YEAR.finditer(_text(response.content.decode()))]
    assert found == [], sorted({f[1] for f in found})
    assert all(str(course).count(str(course.year)) == 1 for course in Course.objects.all())
