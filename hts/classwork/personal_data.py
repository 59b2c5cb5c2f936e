"""What personal data of pupils classwork keeps, for the data inventory (registered in ClassworkConfig.ready).

Pupils are minors: all of it is sensitive personal information (PIPL 第二十八条), kept to what the class
work needs (PIPL 第六条) and for the time the region's policy sets (第十九条).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import PUPILS, TEACHERS, register_personal_data

SEEN_BY_CLASS = _(
    "The class's head teacher and deputy, and the school's office staff with the right; nobody else by name "
    "(bureaus see counts only)."
)
KEPT_UNTIL_ANONYMISED = _(
    "While the pupil is in the class, then the number of days the region's class work policy sets after the pupil "
    "leaves (365 on the Ganyu template), when a daily task anonymises it; earlier on a verified request to the "
    "school's office."
)


def register() -> None:
    register_personal_data(
        "classwork.pupil",
        subject=PUPILS,
        title=_("Pupil"),
        model="classwork.Pupil",
        fields=(
            "school_class",
            ("name", _("Pupil's name")),
            "gender",
            "left_behind",
            "special_family",
            "learning_difficulty",
            "left_on",
            "anonymised_on",
        ),
        purpose=_(
            "The class list the head teacher's work is held to: every pupil visited each semester (001 附件1 16, "
            "附件2 10). The three flags say whom to visit first: 001 附件1 16 names left-behind pupils, pupils of "
            "special families and pupils with learning difficulties. No ID number, address or parents' phone."
        ),
        seen_by=SEEN_BY_CLASS,
        kept=KEPT_UNTIL_ANONYMISED,
        sensitive=True,
    )
    register_personal_data(
        "classwork.entry",
        subject=PUPILS,
        title=_("Log entries naming a pupil"),
        model="classwork.LogEntry",
        fields=("pupil", "on", "visit_mode", "title", "notes", "follow_up"),
        purpose=_(
            "Home visits (what was learnt, the follow-up) and incidents, the evidence of rubric items 9 and 10 "
            "(001 附件2)."
        ),
        seen_by=SEEN_BY_CLASS,
        kept=_(
            "The entry stays for the class's record; with the pupil's anonymisation the name goes and the text of "
            "the pupil's home visits is cleared."
        ),
        sensitive=True,
    )
    register_personal_data(
        "classwork.left_behind_file",
        subject=PUPILS,
        title=_("Left-behind child's file (留守儿童档案)"),
        model="classwork.LeftBehindFile",
        fields=(
            "guardian_name",
            "guardian_relation",
            "parents_work",
            "contact_plan",
            ("activities", _("Activities held for the child")),
            ("notes", _("Support notes")),
        ),
        purpose=_("The files for left-behind children of rubric item 11 (001 附件2), for flagged pupils only."),
        seen_by=_(
            "The pupil's head teacher and deputy and the school's office staff with the right; every read is audited "
            "with its reason. Bureaus see only counts per school."
        ),
        kept=KEPT_UNTIL_ANONYMISED,
        sensitive=True,
    )
    register_personal_data(
        "classwork.visit_contact",
        subject=PUPILS,
        title=_("Contact for home visits"),
        model="classwork.PupilContact",
        fields=("name", "phone"),
        purpose=_(
            "A parent's name and mobile number, added only if the head teacher needs them to arrange a home visit "
            "(001 附件1 16)."
        ),
        seen_by=_("The class's head teacher and deputy only; not the school's office, which makes no visits."),
        kept=_("Until the head teacher removes it, or the pupil's records are anonymised, when it is deleted."),
        sensitive=True,
    )
    register_personal_data(
        "classwork.photo",
        subject=PUPILS,
        title=_("Photos of class meetings"),
        model="classwork.LogPhoto",
        fields=("original_name", ("file", _("Photo"))),
        purpose=_("Evidence of theme class meetings (001 附件1 9, 附件2 item 4); pupils may appear in them."),
        seen_by=_("The class's head teacher and deputy and the school's office staff with the right; nobody else."),
        kept=_("With the class's log; a photo is not one pupil's record, so leaving does not remove it."),
        sensitive=True,
    )
    register_personal_data(
        "classwork.policy",
        subject=TEACHERS,
        title=_("Class work log (the head teacher's own entries)"),
        model="classwork.LogEntry",
        fields=(("recorded_by", _("Recorded by")), "kind", "on"),
        purpose=_("The head teacher's work, counted against the region's class work policy and the rubric."),
        seen_by=_("The class's head teacher and deputy and the school's office."),
        kept=_("With the class's record; not deleted automatically."),
    )
