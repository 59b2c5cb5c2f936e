"""The trainee year's section of the head teacher's work archive (registered in CorpsConfig.ready)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.corps.archive.sections import ArchiveRow, ArchiveSection
from hts.corps.selectors import policy_for
from hts.corps.trainee.selectors import months_between, posts_of_teacher, trainee_months


def trainee_section(teacher: Any, on: dt.date) -> ArchiveSection:
    posts = [post for post in posts_of_teacher(teacher) if post.started_on <= on]
    rows = []
    for post in posts:
        end = min(post.ended_on or on, on)
        months, _days = months_between(post.started_on, end)
        period = f"{post.started_on.isoformat()}–{post.ended_on.isoformat() if post.ended_on else pgettext('period end', 'present')}"
        rows.append(
            ArchiveRow(
                cells=(
                    post.get_kind_display(),
                    f"{post.school_class.school.name} {post.school_class}",
                    period,
                    str(months),
                ),
                source=_("%(post)s record of %(class)s from %(date)s")
                % {"post": post.get_kind_display(), "class": post.school_class, "date": post.started_on.isoformat()},
            )
        )
    total = trainee_months([(post.started_on, post.ended_on) for post in posts], on)
    policy = policy_for(teacher.school.region)
    need = policy.trainee_months if policy is not None else None
    title = _("Trainee and assistant posts")
    if rows:
        title = (
            _("Trainee and assistant posts: %(months)s months of %(need)s") % {"months": total, "need": need}
            if need
            else _("Trainee and assistant posts: %(months)s months") % {"months": total}
        )
    return ArchiveSection(
        key="corps.trainee",
        title=title,
        columns=(pgettext("trainee", "post"), _("class"), _("Post period"), _("months")),
        rows=rows,
        empty_text=_("No trainee or assistant post is recorded."),
    )
