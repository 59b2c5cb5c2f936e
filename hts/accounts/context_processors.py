"""The navigation: only the entries the signed-in user's roles may use."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hts.accounts.permissions import ACTIONS, ROLE_LABELS, Principal, principal_for

# (url name, label, action needed (None: every signed-in user), menu group (None: on the bar itself)).
# A group the user has two or more entries of is a drop-down menu, so a bureau's bar stays one line.
PEOPLE, OVERSIGHT, EVALUATION, SYSTEM = "people", "oversight", "evaluation", "system"
# A head teacher's own corps pages (mentoring, applications, nominations): one menu, so their bar,
# which already carries studios, hours and archive, stays one line.
MY_CORPS = "my_corps"
GROUP_LABELS = {
    PEOPLE: _("People and schools"),
    MY_CORPS: _("My head-teacher work"),
    OVERSIGHT: _("Oversight"),
    EVALUATION: _("Evaluations"),
    SYSTEM: _("System"),
}
NAVIGATION = [
    ("core-home", _("Home"), None, None),
    ("org-region-list", _("Regions"), "region.view", PEOPLE),
    ("org-school-list", _("Schools"), "school.view", PEOPLE),
    ("org-teacher-list", _("Teachers"), "teacher.view", PEOPLE),
    ("org-class-list", _("Classes"), "class.view", PEOPLE),
    ("org-roster-import", _("Roster import"), "roster.import", PEOPLE),
    ("corps-structure-home", _("School head-teacher structure"), "corps.structure.manage", PEOPLE),
    ("corps-trainee-home", _("Trainee and assistant posts"), "corps.trainee.manage", PEOPLE),
    ("corps-gates-home", _("Titles, promotion and honours gates"), "corps.gates.view", PEOPLE),
    ("corps-archive-home", _("Head-teacher work archives"), "corps.archive.view", PEOPLE),
    ("corps-appointment-home", _("Competitive appointment of head teachers"), "corps.appointment.manage", PEOPLE),
    ("corps-ranks-home", _("Head-teacher ranks and allowance"), "corps.ranks.view", PEOPLE),
    ("corps-honours-home", _("Honours selection"), "corps.honours.organise", PEOPLE),
    ("corps-training-home", _("Head-teacher training"), "corps.training.manage", PEOPLE),
    ("classwork-classes", _("Classes' work logs"), "classwork.view", PEOPLE),
    ("studios-studio-list", _("Studios"), "studio.view", None),
    ("studios-batch-list", _("Batches"), "batch.view", OVERSIGHT),
    ("activities-quota-matrix", _("Quotas"), "batch.view", OVERSIGHT),
    ("funds-home", _("Funds"), "funds.view", OVERSIGHT),
    ("research-project-list", _("Research projects"), "research.approve", OVERSIGHT),
    ("research-verification", _("Verify achievements"), "achievement.verify", OVERSIGHT),
    ("research-weights-home", _("Level weights"), "weights.manage", OVERSIGHT),
    ("corps-policy-home", _("Corps policy"), "corps.policy.manage", OVERSIGHT),
    ("classwork-policy-home", _("Class work policy"), "classwork.policy.manage", OVERSIGHT),
    (
        "classwork-leftbehind-counts",
        _("Left-behind children's files by school"),
        "classwork.leftbehind.counts",
        OVERSIGHT,
    ),
    ("corps-certificate-list", _("Head-teacher certificates"), "corps.certificate.issue", OVERSIGHT),
    # Portal · comments and messages (issue 16 point 4): the moderators' queue, a region's portal policy.
    ("portal-comments-queue", _("Comments and messages to moderate"), "portal.comments.moderate", OVERSIGHT),
    ("portal-comments-policy-home", _("Portal policy"), "portal.policy.manage", OVERSIGHT),
    ("studios-apply", _("Host a studio"), "studio.apply", None),
    ("studios-directory", _("Join a studio"), "studio.join", None),
    ("activities-transcript", _("My hours"), "activity.checkin", None),
    ("research-my-achievements", _("My achievements"), "achievement.record", None),
    ("archives-mine", _("My archive"), "archive.write", None),
    ("corps-archive-home", _("My head-teacher work archive"), "corps.archive.view", MY_CORPS),
    ("corps-structure-mine", _("My mentoring pairs"), "corps.guidance.record", MY_CORPS),
    ("corps-appointment-mine", _("My head-teacher applications"), "corps.appointment.apply", MY_CORPS),
    ("corps-honours-mine", _("My nominations and public notices"), "corps.honours.object", MY_CORPS),
    ("classwork-classes", _("Class work log"), "classwork.view", MY_CORPS),
    # Guardian consents (issue 16 point 8): a class's head teacher or deputy, and its school's office.
    ("portal-consent-classes", _("Guardian consents"), "portal.consent.manage", MY_CORPS),
    # The head-teacher forum and the suggestion box (issue 16 points 5 and 6).
    ("portal-forum-boards", _("Head-teacher forum"), "forum.take_part", MY_CORPS),
    ("portal-ideas-mine", _("Suggestion box"), "ideas.send", MY_CORPS),
    ("portal-ideas-inbox", _("Suggestions received"), "ideas.answer", OVERSIGHT),
    ("portal-ideas-counts", _("Suggestions by school"), "ideas.counts", OVERSIGHT),
    # 我的考评 stands alone on a plain teacher's bar (their only entry of the group) and sits in the
    # menu for everyone else.
    ("evaluation-mine", _("My evaluations"), "evaluation.own", EVALUATION),
    ("evaluation-round-list", _("Rounds and results"), "evaluation.view", EVALUATION),
    ("evaluation-sheet-list", _("My scoring sheets"), "evaluation.rate", EVALUATION),
    ("evaluation-rubric-list", _("Evaluation rubrics"), "rubric.view", EVALUATION),
    ("evaluation-observation-list", _("Observations"), "observation.organise", EVALUATION),
    ("evaluation-failure-list", _("Failing yearly results"), "failure.review", EVALUATION),
    ("accounts-user-list", _("Accounts"), "user.view", SYSTEM),
    ("accounts-audit-log", _("Audit log"), "audit.view", SYSTEM),
    # The bureau portal's settings, and the essay contest (issue 16 points 3 and 7): organisers find it under
    # oversight, head teachers (authors, judges) under their own work.
    ("portal-home-manage", _("Public portal"), "portal.home.manage", OVERSIGHT),
    ("portal-contest-home", _("Essay contests"), "portal.contest.organise", OVERSIGHT),
    ("portal-contest-home", _("Essay contests"), "portal.contest.enter", MY_CORPS),
]
_OWN_ONLY_HIDDEN = {"teacher.view", "evaluation.rate"}
# The work archives are every head teacher's for staff (in the people menu) and one's own for anyone
# else (in 我的班主任工作): whoever sees the school list is staff.
_FOR_STAFF = {
    ("corps-archive-home", PEOPLE): True,
    ("corps-archive-home", MY_CORPS): False,
    # A school's office finds its classes' logs among its people; a head teacher in 我的班主任工作.
    ("classwork-classes", PEOPLE): True,
    ("classwork-classes", MY_CORPS): False,
    ("portal-contest-home", OVERSIGHT): True,
    ("portal-contest-home", MY_CORPS): False,
}

# Entries an app above shows only to some of those who hold the action, by what only it knows (the
# class work log to a teacher who heads or deputises a class): (url name, group) → check(request,
# principal). A check runs only for users the entry would otherwise show to, on every page: it should
# cost no query (read what the session remembers).
_NAV_CHECKS: dict[tuple[str, str | None], Callable[[HttpRequest, Principal], bool]] = {}


def register_nav_check(name: str, group: str | None, check: Callable[[HttpRequest, Principal], bool]) -> None:
    _NAV_CHECKS[(name, group)] = check


def _bar(entries: list[tuple[str, Any, str | None]]) -> list[dict[str, Any]]:
    """The bar in order: single links, and a drop-down at the place of a group's first entry."""
    counts: dict[str, int] = {}
    for _name, _label, group in entries:
        if group:
            counts[group] = counts.get(group, 0) + 1
    bar: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for name, label, group in entries:
        if group and counts[group] > 1:
            if group not in menus:
                menus[group] = {"label": GROUP_LABELS[group], "group": group, "links": []}
                bar.append(menus[group])
            menus[group]["links"].append((name, label))
        else:
            bar.append({"name": name, "label": label})
    return bar


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    principal = principal_for(user)
    # A plain teacher's "teachers" entry is their own profile, and their scoring sheets (if they rate
    # at all) are on the home page and on 我的考评: their bar stays short.
    own_only = principal.roles == {"teacher"}
    staff = principal.can("school.view")
    entries = [
        (name, label, group)
        for name, label, action, group in NAVIGATION
        if (action is None or (principal.can(action) and not (own_only and action in _OWN_ONLY_HIDDEN)))
        and _FOR_STAFF.get((name, group), staff) == staff
        and ((name, group) not in _NAV_CHECKS or _NAV_CHECKS[(name, group)](request, principal))
    ]
    items = [(name, label) for name, label, _group in entries]
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    return {
        "nav_items": items,
        "nav_bar": _bar(entries),
        "nav_current": current,
        "principal": principal,
        # can.teacher_edit etc.: what the role matrix allows, for showing or hiding buttons.
        "can": {action.replace(".", "_"): principal.can(action) for action in ACTIONS},
        "role_labels": sorted({str(ROLE_LABELS[g.role]) for g in principal.grants}),
    }
