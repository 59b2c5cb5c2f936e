"""The guardian consents in the data inventory (registered from PortalConfig._ready_exposure)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import PUPILS, register_personal_data


def register() -> None:
    register_personal_data(
        "portal.guardian_consent",
        subject=PUPILS,
        title=_("Guardian consents to show pupils on the public sites"),
        model="portal.GuardianConsent",
        fields=(
            ("pupil", _("Pupil")),
            ("school_class", _("Class")),
            ("semester", _("Semester")),
            "scope",
            "given_on",
            "withdrawn_on",
        ),
        purpose=_(
            "A photo in which pupils appear is published on a studio's website only under a guardian's consent "
            "(per pupil, or for the class in a semester) or with the faces blurred (issue 16; PIPL 第三十一条: a "
            "minor's data needs the guardian's consent); withdrawing the consent takes such photos down."
        ),
        seen_by=_(
            "The class's head teacher and deputy and the school's office, who record and withdraw them; nobody else "
            "by name (the public sees only the photo the consent allowed)."
        ),
        kept=_(
            "While in force and after its withdrawal as the record of what was shown; with the pupil's anonymisation "
            "a pupil's consent is withdrawn, and deleted unless a photo was published under it."
        ),
        sensitive=True,
    )
