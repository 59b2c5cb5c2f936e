"""The data inventory: every personal field the platform keeps, why, who sees it and how long it is kept.

PIPL 第十七条 asks a handler to tell people what it processes, for what purpose and how long it keeps it;
this registry is where each app says so for its own models, from its AppConfig.ready
(`register_personal_data`), so that a new model's fields are listed by the app that owns them and
the inventory page (/privacy/) reads them all. `hts/core/tests/test_personal_data.py` checks that every
model field named here exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

TEACHERS = "teachers"
PUPILS = "pupils"
# People with no account: who leave a comment or a message on a public site.
VISITORS = "visitors"
SUBJECTS: dict[str, Any] = {
    TEACHERS: _("Teachers and staff"),
    PUPILS: _("Pupils (minors)"),
    VISITORS: _("Visitors of the public sites"),
}


@dataclass(frozen=True)
class PersonalDataSet:
    key: str
    subject: str  # TEACHERS, PUPILS or VISITORS
    title: Any
    # "app_label.Model" whose fields are listed; None for a set kept outside a model of this platform's
    # own (or not yet merged), whose fields then carry their own labels.
    model: str | None
    # Field names of `model`, or (name, label) pairs where the model's verbose name does not say it.
    fields: tuple[str | tuple[str, Any], ...]
    purpose: Any  # why it is kept: the policy paragraph
    seen_by: Any
    kept: Any  # how long, and what happens then
    sensitive: bool = False  # sensitive personal information (PIPL 第二十八条: every minor's data is)

    def field_labels(self) -> list[str]:
        model = apps.get_model(self.model) if self.model else None
        labels = []
        for item in self.fields:
            if isinstance(item, tuple):
                labels.append(str(item[1]))
                continue
            if model is None:
                raise ValueError(f"{self.key}: the field {item!r} needs a model or a label")
            label = str(model._meta.get_field(item).verbose_name)
            labels.append(label[:1].upper() + label[1:])
        return labels

    def field_names(self) -> list[str]:
        return [item[0] if isinstance(item, tuple) else item for item in self.fields]


REGISTRY: dict[str, PersonalDataSet] = {}


def register_personal_data(
    key: str,
    *,
    subject: str,
    title: Any,
    model: str | None,
    fields: Sequence[str | tuple[str, Any]],
    purpose: Any,
    seen_by: Any,
    kept: Any,
    sensitive: bool = False,
) -> None:
    """Called from an app's AppConfig.ready for each model (or group of fields) holding personal data."""
    if subject not in SUBJECTS:
        raise ValueError(f"unknown subject {subject!r}")
    REGISTRY[key] = PersonalDataSet(
        key=key,
        subject=subject,
        title=title,
        model=model,
        fields=tuple(fields),
        purpose=purpose,
        seen_by=seen_by,
        kept=kept,
        sensitive=sensitive,
    )


def inventory() -> list[tuple[Any, list[PersonalDataSet]]]:
    """(subject label, its sets) with teachers first, each subject's sets in registration order."""
    return [
        (label, [entry for entry in REGISTRY.values() if entry.subject == subject])
        for subject, label in SUBJECTS.items()
    ]


# Phrases several apps' entries share, so the inventory reads as one document.
KEPT_WITH_ACCOUNT = _(
    "While the person holds an account or a post in the region's schools; a system administrator removes it. "
    "The platform deletes none of it by itself."
)
KEPT_AS_CORPS_RECORD = _(
    "As part of the head teacher's corps record (years of service, gates, ranks and honours read it) for as long as "
    "the region keeps that record; not deleted automatically."
)
SEEN_BY_TEACHER_AND_OFFICES = _(
    "The person, their school's office and the bureaus above the school (mobile numbers masked in lists), and system "
    "administrators."
)


def register_core() -> None:
    """The audit log's own entry (CoreConfig.ready)."""
    register_personal_data(
        "core.audit",
        subject=TEACHERS,
        title=_("Audit log"),
        model="core.AuditEntry",
        fields=(
            ("actor", _("Who acted")),
            ("actor_label", _("Username, or the name typed at a failed sign-in")),
            ("at", _("When")),
            ("ip", _("Network address")),
            "changes",
        ),
        purpose=_(
            "A trace of who did what, and who read whose personal data (PIPL 第五十一条; 网络安全法 第二十一条 asks "
            "that logs be kept at least six months). It stores no pupil's name."
        ),
        seen_by=_("System administrators, and bureau staff for their region."),
        kept=_("At least six months; not deleted automatically."),
    )
