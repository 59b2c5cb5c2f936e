"""The left-behind files of the class work demo: each flagged pupil of the demo class gets a file (an
invented guardian and parents' work place), an activity and a support note dated inside the semester
up to today. Idempotent: a pupil who has a file is left as they are."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from hts.classwork.models import LeftBehindActivity, LeftBehindFile, LeftBehindNote, Pupil
from hts.org.calendar import semester_on
from hts.org.models import SchoolClass

FILES = [
    ("李桂芳", "祖母", "父母在广东东莞电子厂务工", "每两周与父母视频通话一次；每月与祖母面谈一次。"),
    ("张建国", "祖父", "父亲在浙江宁波建筑工地，母亲在当地餐馆", "每周与父亲电话联系一次；学期中家访一次。"),
]
ACTIVITIES = [("生日会", "班级为孩子过生日，与父母视频连线。"), ("亲情电话", "在学校与父母通话二十分钟。")]
NOTES = ["作业按时完成，情绪稳定，安排同桌结对帮扶。", "近期思念父母，已请心理老师谈话。"]


def seed(school_class: SchoolClass, today: dt.date) -> int:
    pupils = list(
        Pupil.objects.filter(school_class=school_class, left_behind=True, left_behind_file__isnull=True).order_by("id")
    )
    user = get_user_model().objects.filter(teacher_id=school_class.head_teacher_id).first()
    semester = semester_on(school_class.school.region, today)
    made = 0
    for index, pupil in enumerate(pupils):
        guardian, relation, work, plan = FILES[index % len(FILES)]
        file = LeftBehindFile.objects.create(
            pupil=pupil,
            guardian_name=guardian,
            guardian_relation=relation,
            parents_work=work,
            contact_plan=plan,
            updated_by=user,
        )
        made += 1
        if semester is None:
            continue
        day = min(semester.starts_on + dt.timedelta(days=14 + index * 7), today)
        title, notes = ACTIVITIES[index % len(ACTIVITIES)]
        LeftBehindActivity.objects.create(file=file, on=day, title=title, notes=notes, recorded_by=user)
        LeftBehindNote.objects.create(file=file, on=day, text=NOTES[index % len(NOTES)], recorded_by=user)
        made += 2
    return made
