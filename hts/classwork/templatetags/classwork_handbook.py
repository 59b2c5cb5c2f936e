"""The class log's 导出工作手册 form, kept out of the log's view: the semesters begun (two queries), the
one the log page shows chosen."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from hts.classwork import handbook

register = template.Library()


@register.inclusion_tag("classwork/handbook_export.html")
def handbook_export(school_class: Any, shown: Any = None) -> dict[str, Any]:
    semesters = handbook.semester_choices(school_class, timezone.localdate())
    return {"school_class": school_class, "semesters": semesters, "chosen": handbook.default_semester(semesters, shown)}
