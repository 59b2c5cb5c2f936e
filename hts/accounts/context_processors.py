"""The navigation: only the entries the signed-in user's roles may use."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hts.accounts.permissions import ACTIONS, ROLE_LABELS, principal_for

# (url name, label, action needed; None = every signed-in user)
NAVIGATION = [
    ("core-home", _("Home"), None),
    ("org-region-list", _("Regions"), "region.view"),
    ("org-school-list", _("Schools"), "school.view"),
    ("org-teacher-list", _("Teachers"), "teacher.view"),
    ("org-class-list", _("Classes"), "class.view"),
    ("org-roster-import", _("Roster import"), "roster.import"),
    ("studios-studio-list", _("Studios"), "studio.view"),
    ("studios-batch-list", _("Batches"), "batch.view"),
    ("activities-quota-matrix", _("Quotas"), "batch.view"),
    ("funds-home", _("Funds"), "funds.view"),
    ("studios-apply", _("Host a studio"), "studio.apply"),
    ("studios-directory", _("Join a studio"), "studio.join"),
    ("activities-transcript", _("My hours"), "activity.checkin"),
    ("accounts-user-list", _("Accounts"), "user.view"),
    ("accounts-audit-log", _("Audit log"), "audit.view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    principal = principal_for(user)
    # A plain teacher's "teachers" entry is their own profile, reached from the home page.
    own_only = principal.roles == {"teacher"}
    items = [
        (name, label)
        for name, label, action in NAVIGATION
        if action is None or (principal.can(action) and not (own_only and action == "teacher.view"))
    ]
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    return {
        "nav_items": items,
        "nav_current": current,
        "principal": principal,
        # can.teacher_edit etc.: what the role matrix allows, for showing or hiding buttons.
        "can": {action.replace(".", "_"): principal.can(action) for action in ACTIONS},
        "role_labels": sorted({str(ROLE_LABELS[g.role]) for g in principal.grants}),
    }
