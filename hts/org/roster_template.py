"""The roster import templates, made for the person who downloads them.

A coded column gets a drop-down of exactly what the import accepts (genders, stages, the schools and
regions within the downloader's scope), and the example row is one that imports as downloaded: it
names the downloader's own school or region, and a key (mobile number, school code) that no record
holds yet, so importing the untouched template can never overwrite a real teacher or school.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from hts.accounts.permissions import principal_for
from hts.core.tabular import Heading, write_workbook
from hts.org.models import Region, School, Teacher
from hts.org.roster import ROSTERS, Column, importable_regions, importable_schools

EXAMPLE_MOBILE = 13800138000
# Candidates tried for an unused example key; a hundred earlier examples imported is already absurd.
CANDIDATES = 100


def _labels(objects: Iterable[Any]) -> list[str]:
    """Names as the import resolves them: a name two of them share would be refused as ambiguous,
    so those are offered by their code."""
    objects = list(objects)
    counts = Counter(obj.name for obj in objects)
    return [obj.name if counts[obj.name] == 1 else obj.code for obj in objects]


def _label_of(obj: Any, objects: Iterable[Any]) -> str:
    return obj.name if sum(1 for other in objects if other.name == obj.name) == 1 else obj.code


def _unused_mobile() -> str:
    candidates = [str(EXAMPLE_MOBILE + n) for n in range(CANDIDATES)]
    taken = set(Teacher.objects.filter(mobile__in=candidates).values_list("mobile", flat=True))
    return next((mobile for mobile in candidates if mobile not in taken), candidates[-1])


def _unused_school_code(region: Region | None) -> str:
    prefix = region.code if region else "SCHOOL"
    candidates = [f"{prefix}-{n:03d}" for n in range(1, CANDIDATES + 1)]
    taken = set(School.objects.filter(code__in=candidates).values_list("code", flat=True))
    return next((code for code in candidates if code not in taken), candidates[-1])


def _own_school(principal: Any, schools: list[School]) -> School | None:
    """The downloader's own school where they have one in scope, else the first they may fill in."""
    own = set(principal.school_ids_for("teacher.create"))
    return next((school for school in schools if school.pk in own), schools[0] if schools else None)


def _own_region(principal: Any, regions: list[Region]) -> Region | None:
    """The region of the downloader's role (the deepest, for someone with several), else a district."""
    paths = set(principal.region_paths_for("school.create"))
    own = [region for region in regions if region.path in paths]
    if own:
        return max(own, key=lambda region: region.depth)
    districts = [region for region in regions if region.kind == Region.Kind.DISTRICT]
    return (districts or regions or [None])[0]


def _teacher_example(principal: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    schools = list(importable_schools(principal).order_by("region__path", "name"))
    school = _own_school(principal, schools)
    example = {
        "mobile": _unused_mobile(),
        "school": _label_of(school, schools) if school else "",
        "service_from": dt.date(2015, 9, 1),
        "class_label": "三年级1班" if school and school.has_primary else "七年级3班",
    }
    return example, {"school": _labels(schools)}


def _school_example(principal: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    regions = list(importable_regions(principal).order_by("path"))
    region = _own_region(principal, regions)
    example = {
        "code": _unused_school_code(region),
        "name": f"{region.name}第一实验学校" if region else "",
        "region": _label_of(region, regions) if region else "",
        # A school directly under a city's bureau is what 市直属 means.
        "city_direct": "是" if region and region.kind == Region.Kind.CITY else "否",
        "address": f"{region.name}……" if region else "",
    }
    return example, {"region": _labels(regions)}


def _heading(column: Column, options: dict[str, list[str]]) -> Heading:
    return Heading(column.header + ("*" if column.required else ""), options=options.get(column.key, column.options))


def template_workbook(kind: str, *, actor: Any) -> bytes:
    principal = principal_for(actor)
    columns: list[Column] = ROSTERS[kind]["columns"]
    example, options = (_teacher_example if kind == "teachers" else _school_example)(principal)
    headings = [_heading(column, options) for column in columns]
    row = [example.get(column.key, column.example) for column in columns]
    notes = [(column.header, "必填" if column.required else "选填", column.note) for column in columns]
    return write_workbook(
        [
            (ROSTERS[kind]["title"], headings, [row]),
            ("填写说明", ["列名", "是否必填", "说明"], notes),
        ]
    )
