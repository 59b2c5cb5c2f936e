"""Writes on rubrics: copy a version into one's own region or school, edit a draft, activate it.

A built-in rubric is never edited (copy only). An active version is never edited: "editing" it makes
the next draft version. A version used by a round or an observation is never changed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.permissions import principal_for
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.rubrics.guards import can_edit_version
from hts.evaluation.rubrics.models import Rubric, RubricItem, RubricSection, RubricVersion
from hts.evaluation.rubrics.selectors import section_totals, version_in_use
from hts.org.models import Region, School
from hts.studios.policy_templates import PolicyBundle

SECTION_FIELDS = ["title", "max_points", "method"]
ITEM_FIELDS = [
    "section",
    "number",
    "text",
    "max_points",
    "method",
    "scoring",
    "computation",
    "params",
    "level_weighted",
    "level_counting",
]


def check_manage(actor: Any, rubric: Rubric) -> None:
    """Refuses unless the actor may edit the rubric: a copy (never a built-in one) in their scope."""
    require(actor, "rubric.manage")
    if rubric.is_builtin:
        raise PermissionDenied(_("Built-in rubrics are read-only; copy one to change it."))
    require(actor, "rubric.manage", rubric)


def check_draft(actor: Any, version: RubricVersion) -> None:
    check_manage(actor, version.rubric)
    ok, reason = can_edit_version(version)
    if not ok:
        raise TransitionRefused(reason)


def _copy_content(source: RubricVersion, target: RubricVersion) -> None:
    sections = {}
    for section in source.sections.order_by("position"):
        sections[section.pk] = RubricSection.objects.create(
            version=target,
            position=section.position,
            title=section.title,
            max_points=section.max_points,
            method=section.method,
        )
    RubricItem.objects.bulk_create(
        [
            RubricItem(
                version=target,
                section=sections[item.section_id],
                number=item.number,
                text=item.text,
                max_points=item.max_points,
                method=item.method,
                scoring=item.scoring,
                computation=item.computation,
                params=item.params,
                level_weighted=item.level_weighted,
                level_counting=item.level_counting,
            )
            for item in source.items.order_by("number")
        ]
    )


@transaction.atomic
def rubric_copy(
    *, actor: Any, version: RubricVersion, region: Region | None = None, school: School | None = None, name: str = ""
) -> Rubric:
    """A new rubric of the actor's region (bureau staff) or school (school staff), with a draft version 1
    copied from `version`."""
    require(actor, "rubric.manage")
    principal = principal_for(actor)
    if (region is None) == (school is None):
        raise ValidationError(_("Choose the region or the school that will own the copy."))
    if region is not None and region.path not in principal.region_paths_for("rubric.manage"):
        raise PermissionDenied(_("You may copy rubrics only into your own region or school."))
    if school is not None and school.pk not in principal.school_ids_for("rubric.manage"):
        raise PermissionDenied(_("You may copy rubrics only into your own region or school."))
    rubric = Rubric(
        name=(name or version.rubric.name)[:100],
        kind=version.rubric.kind,
        region=region,
        school=school,
        source=version.rubric.source,
        copied_from=version,
        created_by=actor,
    )
    rubric.full_clean()
    rubric.save()
    draft = RubricVersion.objects.create(rubric=rubric, number=1, note=_("Copied from %(name)s") % {"name": version})
    _copy_content(version, draft)
    audit_record(
        actor=actor,
        action="evaluation.rubric.copied",
        target=rubric,
        changes={"copied_from": [None, str(version)], "owner": [None, str(region or school)]},
    )
    return rubric


def rubric_from_template(*, region: Region, bundle: PolicyBundle, actor: Any = None) -> Rubric | None:
    """The rubric part of a policy template, as a rubric of `region` whose version 1 is a copy of the
    built-in rubric, active at once: the template's rubric is the region's policy from the start
    (registered in EvaluationConfig.ready; the caller has checked the actor). A template that sets no
    rubric creates none, and a region that already has a copy of it keeps that one."""
    if bundle.rubric is None:
        return None
    code = bundle.rubric["code"]
    if Rubric.objects.filter(region=region, copied_from__rubric__builtin_code=code).exists():
        return None
    source = _builtin_version(code)
    rubric = Rubric(
        name=source.rubric.name,
        kind=source.rubric.kind,
        region=region,
        source=source.rubric.source,
        copied_from=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    rubric.full_clean()
    rubric.save()
    version = RubricVersion.objects.create(
        rubric=rubric, number=1, status=RubricVersion.Status.ACTIVE, note=_("Copied from %(name)s") % {"name": source}
    )
    _copy_content(source, version)
    log_transition(target=version, from_state="draft", to_state="active", actor=actor)
    audit_record(
        actor=actor,
        action="evaluation.rubric.from_template",
        target=rubric,
        changes={"template": [None, bundle.code], "copied_from": [None, str(source)], "owner": [None, str(region)]},
    )
    return rubric


def _builtin_version(code: str) -> RubricVersion:
    """The active version of a built-in rubric, installed first if the database lacks it."""
    found = RubricVersion.objects.select_related("rubric").filter(
        rubric__builtin_code=code, status=RubricVersion.Status.ACTIVE
    )
    version = found.order_by("-number").first()
    if version is None:
        install_builtin(django_apps)
        version = found.order_by("-number").get()
    return version


@transaction.atomic
def rubric_version_edit(*, actor: Any, version: RubricVersion) -> RubricVersion:
    """The draft to edit: the version itself when it is a draft not in use, else the rubric's newest
    draft, else a new draft (a copy of `version`, numbered after the newest)."""
    rubric = Rubric.objects.select_for_update().get(pk=version.rubric_id)
    check_manage(actor, rubric)
    if version.status == RubricVersion.Status.DRAFT and not version_in_use(version):
        return version
    existing = rubric.versions.filter(status=RubricVersion.Status.DRAFT).order_by("-number").first()
    if existing is not None and not version_in_use(existing):
        return existing
    number = (rubric.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = RubricVersion.objects.create(
        rubric=rubric, number=number, note=_("Based on version %(number)s") % {"number": version.number}
    )
    _copy_content(version, draft)
    audit_record(
        actor=actor, action="evaluation.rubric.version_created", target=draft, changes={"from": [None, str(version)]}
    )
    return draft


@transaction.atomic
def rubric_version_activate(*, actor: Any, version: RubricVersion) -> RubricVersion:
    """Put a draft in use; the version in use before is retired (rounds that used it keep it)."""
    check_draft(actor, version)
    totals = section_totals(version)
    if not totals:
        raise TransitionRefused(_("A rubric needs at least one section with items."))
    wrong = [
        _("%(section)s: %(points)s points, its items add up to %(sum)s")
        % {"section": section.title, "points": section.max_points, "sum": total}
        for section, total in totals
        if total != section.max_points
    ]
    if wrong:
        raise TransitionRefused(
            _("Each section's points must equal the sum of its items. %(details)s") % {"details": "; ".join(wrong)}
        )
    if not claim(RubricVersion, pk=version.pk, expected=RubricVersion.Status.DRAFT, new=RubricVersion.Status.ACTIVE):
        raise TransitionRefused(stale_message())
    for old in version.rubric.versions.filter(status=RubricVersion.Status.ACTIVE).exclude(pk=version.pk):
        if claim(RubricVersion, pk=old.pk, expected=RubricVersion.Status.ACTIVE, new=RubricVersion.Status.RETIRED):
            log_transition(target=old, from_state="active", to_state="retired", actor=actor)
    log_transition(target=version, from_state="draft", to_state="active", actor=actor)
    version.refresh_from_db()
    audit_record(
        actor=actor,
        action="evaluation.rubric.activated",
        target=version,
        changes={"total": [None, str(sum((t for _s, t in totals), Decimal("0")))]},
    )
    return version


@transaction.atomic
def rubric_section_save(
    *, actor: Any, version: RubricVersion, data: dict[str, Any], section: RubricSection | None = None
) -> RubricSection:
    check_draft(actor, version)
    if section is None:
        position = (version.sections.aggregate(n=Max("position"))["n"] or 0) + 1
        section = RubricSection(version=version, position=position)
        action = "evaluation.rubric.section_added"
    else:
        action = "evaluation.rubric.section_changed"
    return save_audited(actor=actor, instance=section, data=data, action=action, fields=SECTION_FIELDS)


@transaction.atomic
def rubric_section_delete(*, actor: Any, section: RubricSection) -> None:
    check_draft(actor, section.version)
    audit_record(
        actor=actor,
        action="evaluation.rubric.section_removed",
        target=section.version,
        changes={"section": [section.title, None], "items": [section.items.count(), 0]},
    )
    section.delete()


@transaction.atomic
def rubric_item_save(
    *, actor: Any, version: RubricVersion, data: dict[str, Any], item: RubricItem | None = None
) -> RubricItem:
    check_draft(actor, version)
    data = dict(data)
    if data.get("section") is not None and data["section"].version_id != version.pk:
        raise ValidationError({"section": _("Choose a section of this version.")})
    if data.get("scoring") == RubricItem.Scoring.MANUAL:
        data["computation"] = ""
    elif data.get("scoring") == RubricItem.Scoring.COMPUTED and not data.get("computation"):
        raise ValidationError({"computation": _("A computed item needs the records it is computed from.")})
    if item is None:
        if not data.get("number"):
            data["number"] = (version.items.aggregate(n=Max("number"))["n"] or 0) + 1
        item = RubricItem(version=version)
        action = "evaluation.rubric.item_added"
    else:
        action = "evaluation.rubric.item_changed"
    if RubricItem.objects.filter(version=version, number=data.get("number", item.number)).exclude(pk=item.pk).exists():
        raise ValidationError({"number": _("Another item of this version has this number.")})
    return save_audited(actor=actor, instance=item, data=data, action=action, fields=ITEM_FIELDS)


@transaction.atomic
def rubric_item_delete(*, actor: Any, item: RubricItem) -> None:
    check_draft(actor, item.version)
    audit_record(
        actor=actor,
        action="evaluation.rubric.item_removed",
        target=item.version,
        changes={"item": [str(item), None]},
    )
    item.delete()
