"""How an audit entry reads to an auditor: an event name, field labels, value labels, no markup.

Entries store codes (`funds.expense.signed`, `{"status": ["draft", "host_signed"]}`) so that they never
change when a label does. This module turns them into words at reading time:

* the event: an exact label for the action if one is registered, else "<subject>: <verb>" from the
  subject (`funds.expense`) and verb (`signed`) tables, else a generic name; never the code itself;
* a changed field: the `verbose_name` of the target model's field, else the FIELDS table, else a
  generic "detail";
* a value: the label of the field's choice, yes/no, dates as they are, text without HTML tags.

Apps above `core` add their names with `register_audit_labels` (from their AppConfig.ready); the
tables below name the events that exist today in one place, so an auditor's vocabulary reads as one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

SUBJECTS: dict[str, Any] = {
    "accounts.role": gettext_lazy("Role"),
    "accounts.signin": gettext_lazy("Sign-in"),
    "accounts.user": gettext_lazy("Account"),
    "activities.activity": gettext_lazy("Activity"),
    "activities.attachment": gettext_lazy("Activity attachment"),
    "activities.attendance": gettext_lazy("Attendance"),
    "activities.plan": gettext_lazy("Work plan"),
    "activities.quota_rule": gettext_lazy("Task quota"),
    "archives.file": gettext_lazy("Archive attachment"),
    "archives.item": gettext_lazy("Archive item"),
    "core.export_job": gettext_lazy("Export"),
    "evaluation.democratic": gettext_lazy("Democratic rating"),
    "evaluation.failure": gettext_lazy("Yearly failure"),
    "evaluation.grade": gettext_lazy("Semester grade"),
    "evaluation.objection": gettext_lazy("Objection"),
    "evaluation.observation": gettext_lazy("Lesson observation"),
    "evaluation.rater": gettext_lazy("Rater"),
    "evaluation.result": gettext_lazy("Evaluation result"),
    "evaluation.round": gettext_lazy("Evaluation round"),
    "evaluation.rubric": gettext_lazy("Evaluation rubric"),
    "evaluation.scores": gettext_lazy("Scores"),
    "evaluation.sheet": gettext_lazy("Score sheet"),
    "evaluation.subject": gettext_lazy("Person evaluated"),
    "funds.budget": gettext_lazy("Budget"),
    "funds.expense": gettext_lazy("Expense"),
    "funds.grant": gettext_lazy("Grant"),
    "funds.policy": gettext_lazy("Funding rules"),
    "funds.receipt": gettext_lazy("Receipt"),
    "notifications.reminders": gettext_lazy("Reminders"),
    "org.bureau": gettext_lazy("Bureau"),
    "org.class": gettext_lazy("Class"),
    "org.honour": gettext_lazy("Honour"),
    "org.region": gettext_lazy("Region"),
    "org.roster": gettext_lazy("Roster"),
    "org.school": gettext_lazy("School"),
    "org.school_year": gettext_lazy("School year"),
    "org.semester": gettext_lazy("Semester"),
    "org.service_record": gettext_lazy("Head-teacher service"),
    "org.teacher": gettext_lazy("Teacher"),
    "research.achievement": gettext_lazy("Research achievement"),
    "research.document": gettext_lazy("Project document"),
    "research.evidence": gettext_lazy("Achievement evidence"),
    "research.project": gettext_lazy("Research project"),
    "research.weights": gettext_lazy("Level weights"),
    "studios.assessment": gettext_lazy("Studio assessment"),
    "studios.batch": gettext_lazy("Batch"),
    "studios.membership": gettext_lazy("Membership"),
    "studios.policy": gettext_lazy("Batch policy"),
    "studios.region_policy": gettext_lazy("Region policy"),
    "studios.research": gettext_lazy("Declared research"),
    "studios.review": gettext_lazy("Studio review"),
    "studios.rule": gettext_lazy("Policy rule"),
    "studios.studio": gettext_lazy("Studio"),
}

VERBS: dict[str, Any] = {
    "acknowledged": pgettext_lazy("audit event", "acknowledged"),
    "activated": pgettext_lazy("audit event", "activated"),
    "active": pgettext_lazy("audit event", "started"),
    "added": pgettext_lazy("audit event", "added"),
    "admitted": pgettext_lazy("audit event", "admitted"),
    "applied": pgettext_lazy("audit event", "applied"),
    "approve": pgettext_lazy("audit event", "approved"),
    "approved": pgettext_lazy("audit event", "approved"),
    "booked": pgettext_lazy("audit event", "booked"),
    "cancelled": pgettext_lazy("audit event", "cancelled"),
    "checked_in": pgettext_lazy("audit event", "checked in"),
    "closed": pgettext_lazy("audit event", "closed"),
    "commented": pgettext_lazy("audit event", "commented"),
    "completed": pgettext_lazy("audit event", "completed its cycle"),
    "conclude": pgettext_lazy("audit event", "concluded"),
    "confirmed": pgettext_lazy("audit event", "confirmed"),
    "copied": pgettext_lazy("audit event", "copied"),
    "corrected": pgettext_lazy("audit event", "corrected"),
    "created": pgettext_lazy("audit event", "created"),
    "defence": pgettext_lazy("audit event", "defence recorded"),
    "deleted": pgettext_lazy("audit event", "deleted"),
    "dismissed": pgettext_lazy("audit event", "dismissed"),
    "evaluated": pgettext_lazy("audit event", "evaluated on site"),
    "expired": pgettext_lazy("audit event", "cycle ended"),
    "failed": pgettext_lazy("audit event", "failed"),
    "filed": pgettext_lazy("audit event", "filed"),
    "final": pgettext_lazy("audit event", "end-of-cycle grade recorded"),
    "finalised": pgettext_lazy("audit event", "finalised"),
    "from_template": pgettext_lazy("audit event", "created from a template"),
    "graduated": pgettext_lazy("audit event", "graduated"),
    "granted": pgettext_lazy("audit event", "granted"),
    "imported": pgettext_lazy("audit event", "imported"),
    "invited": pgettext_lazy("audit event", "invited"),
    "item_added": pgettext_lazy("audit event", "item added"),
    "item_changed": pgettext_lazy("audit event", "item changed"),
    "item_removed": pgettext_lazy("audit event", "item removed"),
    "left": pgettext_lazy("audit event", "left"),
    "liaison": pgettext_lazy("audit event", "liaison changed"),
    "locked_out": pgettext_lazy("audit event", "locked out"),
    "marked": pgettext_lazy("audit event", "marked by hand"),
    "midterm": pgettext_lazy("audit event", "mid-term review started"),
    "opened": pgettext_lazy("audit event", "opened"),
    "overridden": pgettext_lazy("audit event", "overridden"),
    "password_changed": pgettext_lazy("audit event", "password changed"),
    "password_reset": pgettext_lazy("audit event", "password reset"),
    "presenters": pgettext_lazy("audit event", "presenters set"),
    "published": pgettext_lazy("audit event", "published"),
    "raised": pgettext_lazy("audit event", "raised"),
    "recorded": pgettext_lazy("audit event", "recorded"),
    "refused": pgettext_lazy("audit event", "refused"),
    "reject": pgettext_lazy("audit event", "not approved"),
    "rejected": pgettext_lazy("audit event", "rejected"),
    "removed": pgettext_lazy("audit event", "removed"),
    "reported": pgettext_lazy("audit event", "reported"),
    "reversed": pgettext_lazy("audit event", "reversed"),
    "revoked": pgettext_lazy("audit event", "revoked"),
    "rotated_out": pgettext_lazy("audit event", "rotated out"),
    "saved": pgettext_lazy("audit event", "saved"),
    "scored": pgettext_lazy("audit event", "scored"),
    "section_added": pgettext_lazy("audit event", "section added"),
    "section_changed": pgettext_lazy("audit event", "section changed"),
    "section_removed": pgettext_lazy("audit event", "section removed"),
    "sent": pgettext_lazy("audit event", "sent"),
    "signed": pgettext_lazy("audit event", "signed"),
    "started": pgettext_lazy("audit event", "started"),
    "status": pgettext_lazy("audit event", "status changed"),
    "subjects_filled": pgettext_lazy("audit event", "people filled in"),
    "submitted": pgettext_lazy("audit event", "submitted"),
    "succeeded": pgettext_lazy("audit event", "succeeded"),
    "summary_created": pgettext_lazy("audit event", "summary created"),
    "terminate": pgettext_lazy("audit event", "terminated"),
    "tokens_issued": pgettext_lazy("audit event", "links issued"),
    "under_review": pgettext_lazy("audit event", "sent for review"),
    "updated": pgettext_lazy("audit event", "updated"),
    "upheld": pgettext_lazy("audit event", "upheld"),
    "verified": pgettext_lazy("audit event", "verified"),
    "viewed": pgettext_lazy("audit event", "viewed"),
    "exported": pgettext_lazy("audit event", "exported"),
    "version_created": pgettext_lazy("audit event", "version created"),
    "withdrawn": pgettext_lazy("audit event", "withdrawn"),
    "yearly": pgettext_lazy("audit event", "yearly grade recorded"),
    "yellow_card": pgettext_lazy("audit event", "yellow card"),
}

# Whole events whose "<subject>: <verb>" would read wrongly or that have no subject.
ACTIONS: dict[str, Any] = {
    "accounts.signout": gettext_lazy("Sign-out"),
    "studios.studio.rejected": gettext_lazy("Studio: not selected"),
    "studios.studio.approved": gettext_lazy("Studio: selected"),
    "funds.expense.rejected": gettext_lazy("Expense: returned"),
}

# Keys of `changes` that are not fields of the target's model.
FIELDS: dict[str, Any] = {
    "added": gettext_lazy("Added"),
    "activities": gettext_lazy("Activities"),
    "amount": gettext_lazy("Amount"),
    "category": gettext_lazy("Category"),
    "quotas": gettext_lazy("Quotas"),
    "school": gettext_lazy("School"),
    "studio": gettext_lazy("Studio"),
    "version": gettext_lazy("Version"),
    "archive_item": gettext_lazy("Archive item"),
    "copied_from": gettext_lazy("Copied from"),
    "created": pgettext_lazy("audit field", "Created"),
    "day": gettext_lazy("Day"),
    "from": pgettext_lazy("audit field", "From"),
    "grade": pgettext_lazy("result", "grade"),
    "host": gettext_lazy("Host"),
    "item": gettext_lazy("Item"),
    "items": gettext_lazy("Items"),
    "kind": gettext_lazy("Kind"),
    "level": gettext_lazy("Level"),
    "name": gettext_lazy("Name"),
    "note": gettext_lazy("Note"),
    "outcome": gettext_lazy("Outcome"),
    "owner": gettext_lazy("Owner"),
    "per_subject": gettext_lazy("Per person"),
    "presenters": gettext_lazy("Presenters"),
    "quota": gettext_lazy("Quota"),
    "rater": gettext_lazy("Rater"),
    "reason": gettext_lazy("Reason"),
    "role": gettext_lazy("Role"),
    "rules": gettext_lazy("Rules"),
    "scope": gettext_lazy("Scope"),
    "score": gettext_lazy("Score"),
    "scores": gettext_lazy("Scores"),
    "section": gettext_lazy("Section"),
    "sources": gettext_lazy("Sources"),
    "status": gettext_lazy("Status"),
    "teacher": gettext_lazy("Teacher"),
    "template": gettext_lazy("Template"),
    "title": gettext_lazy("Title"),
    "tokens": gettext_lazy("Links"),
    "total": gettext_lazy("Total"),
    "unchanged": gettext_lazy("Unchanged"),
    "updated": pgettext_lazy("audit field", "Updated"),
    "year": gettext_lazy("Year"),
}

# Labels of coded values by the key they are recorded under, where no model field's choices name them
# (a policy template's code): apps add theirs with `register_audit_labels(values=...)`.
VALUES: dict[str, dict[str, Any]] = {}
# Keys whose list value is a list of items, not a before → after pair.
LISTS: set[str] = set()

# Details an auditor does not need and that only hold internal codes (the object's name says it all).
HIDDEN: dict[str, set[str]] = {"core.export_job.started": {"kind", "params"}}

_CODE = re.compile(r"^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# A scoring sheet records each rubric item's points under "item:<number>" (its number in the rubric, as
# printed on the sheet); entries written before that used the item's database id, which means nothing
# to a reader.
_ITEM_KEY = re.compile(r"^item:(\S+)$")
VALUE_LIMIT = 300


def register_audit_labels(
    *,
    actions: dict[str, Any] | None = None,
    subjects: dict[str, Any] | None = None,
    verbs: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    values: dict[str, dict[str, Any]] | None = None,
    lists: Iterable[str] = (),
) -> None:
    """Called from an app's AppConfig.ready to name the events it records. `lists` names the keys whose
    value is a list of items (the fields an edit changed), never a before → after pair."""
    LISTS.update(lists)
    ACTIONS.update(actions or {})
    SUBJECTS.update(subjects or {})
    VERBS.update(verbs or {})
    FIELDS.update(fields or {})
    for key, labels in (values or {}).items():
        VALUES.setdefault(key, {}).update(labels)


@functools.cache
def _choices_by_field_name() -> dict[str, dict[str, Any]]:
    """{field name: {code: label}} over every model's fields with choices, for details recorded on
    another object than the one that holds the field (an assessment's grade logged on its studio)."""
    index: dict[str, dict[str, Any]] = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            for code, label in getattr(model_field, "flatchoices", None) or []:
                index.setdefault(model_field.name, {}).setdefault(str(code), label)
    return index


def action_label(action: str) -> str:
    """The event's name for people; never the stored code."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    subject, _dot, verb = action.rpartition(".")
    if subject in SUBJECTS:
        verb_label = VERBS.get(verb)
        if verb_label is None:
            return _("%(subject)s: other change") % {"subject": SUBJECTS[subject]}
        return _("%(subject)s: %(verb)s") % {"subject": SUBJECTS[subject], "verb": verb_label}
    return _("Other event")


def is_labelled(action: str) -> bool:
    """Whether the event reads by a name of its own rather than a generic one ("other change")."""
    subject, _dot, verb = action.rpartition(".")
    return action in ACTIONS or (subject in SUBJECTS and verb in VERBS)


def action_choices() -> list[tuple[str, str]]:
    """(subject prefix, label) for the event filter, sorted by label."""
    choices = [(f"{code}.", str(label)) for code, label in SUBJECTS.items()]
    choices += [(code, str(label)) for code, label in ACTIONS.items() if code.rpartition(".")[0] not in SUBJECTS]
    return sorted(choices, key=lambda choice: choice[1])


def _model(target_type: str) -> Any:
    if "." not in target_type:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: Any, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: Any, name: str) -> str:
    model_field = _field(model, name)
    # Only a verbose_name marked for translation: Django makes an English one from the field's name.
    if model_field is not None and isinstance(getattr(model_field, "verbose_name", None), Promise):
        label = str(model_field.verbose_name)
        return label[:1].upper() + label[1:]
    if name in FIELDS:
        return str(FIELDS[name])
    item = _ITEM_KEY.match(name)
    if item:
        return _("Rubric item %(number)s") % {"number": item.group(1)}
    if name.isdigit():
        return _("Rubric item")
    return _("Detail")


def value_text(model_field: Any, value: Any, name: str = "") -> str:
    """A stored value in words: choice labels, yes/no, lists joined, text without tags."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(value_text(model_field, item, name) for item in value) or "—"
    if isinstance(value, dict):
        return "；".join(
            f"{field_label(None, str(key))}：{value_text(None, item, str(key))}" for key, item in value.items()
        )
    choices = getattr(model_field, "flatchoices", None) if model_field is not None else None
    if choices:
        for code, label in choices:
            if str(code) == str(value):
                return str(label)
    elif name and str(value) in VALUES.get(name, {}):
        return str(VALUES[name][str(value)])
    elif name and str(value) in _choices_by_field_name().get(name, {}):
        return str(_choices_by_field_name()[name][str(value)])
    text = " ".join(strip_tags(str(value)).split())
    if _UUID.match(text):
        # A link to another record by its key: the entry's object and the other details name it.
        return _("(linked record)")
    if _CODE.match(text):
        # A code no choice names (a removed option, an internal key): say so rather than show it.
        return _("(coded value)")
    return Truncator(text).chars(VALUE_LIMIT)


@dataclass
class AuditChange:
    label: str
    before: str
    after: str
    single: bool  # a detail with one value (recorded as it was), not a before → after pair


@dataclass
class AuditRow:
    entry: Any
    event: str
    actor: str
    target: str
    changes: list[AuditChange] = field(default_factory=list)


def present(entry: Any) -> AuditRow:
    """One entry as an auditor reads it. `entry.actor` should be selected with it (no query)."""
    model = _model(entry.target_type)
    hidden = HIDDEN.get(entry.action, set())
    changes = []
    for name, change in (entry.changes or {}).items():
        if name in hidden:
            continue
        model_field = _field(model, name)
        label = field_label(model, name)
        if isinstance(change, list) and len(change) == 2 and name not in LISTS:
            before, after = value_text(model_field, change[0], name), value_text(model_field, change[1], name)
            changes.append(AuditChange(label, before, after, False))
        else:
            changes.append(AuditChange(label, "", value_text(model_field, change, name), True))
    actor = entry.actor
    if actor is not None:
        actor_name = getattr(actor, "display_name", "") or entry.actor_label
    elif entry.actor_label in ("", "system"):
        actor_name = _("System")  # scheduled tasks record no person
    else:
        actor_name = entry.actor_label  # the name typed at a failed sign-in
    return AuditRow(
        entry=entry,
        event=action_label(entry.action),
        actor=actor_name or "—",
        target=" ".join(strip_tags(entry.target_label or "").split()),
        changes=changes,
    )


def present_all(entries: Iterable[Any]) -> list[AuditRow]:
    return [present(entry) for entry in entries]
