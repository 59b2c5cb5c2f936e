"""The class log's 导出工作手册 form, kept out of the log's view: the semesters of the class's school
year (two queries), the running one chosen."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from hts.classwork import handbook

register = template.Library()


@register.inclusion_tag("classwork/handbook_export.html")
def handbook_export(school_class: Any) -> dict[str, Any]:
    today = timezone.localdate()
    semesters = handbook.semester_choices(school_class, today)
    return {"school_class": school_class, "semesters": semesters, "chosen": handbook.default_semester(semesters, today)}
