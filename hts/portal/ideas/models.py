"""The suggestion box (金点子信箱, 001 9): a head teacher sends an idea or a request for support to their
school's office or to a bureau above their school, named or anonymous, and follows its answer.

| step     | from                  | to                  | who                                   |
| -------- | --------------------- | ------------------- | ------------------------------------- |
| send     | (none)                | received            | a teacher (``ideas.send``)            |
| consider | received              | under consideration | the receiver (``ideas.answer``)       |
| decide   | received, considering | adopted / declined  | the receiver, with the answer         |

How anonymity holds. ``sender`` is kept for every suggestion, because the sender follows it on "my
suggestions" and is notified of each change: that is the only use made of it. For an anonymous one:
* the receiver's pages and exports read suggestions only through ``hts.portal.ideas.selectors.inbox``
  and ``received``, which select named columns and leave ``sender`` (and everything reached from it)
  out unless the suggestion is named; their templates have no field that could show it;
* ``origin_school`` (the sender's school, for the bureau's counts) is left empty when an anonymous
  suggestion goes to a bureau: a count of one at a small school would name its sender. (One sent to
  the school's own office is counted under that school, which is the receiver anyway.);
* its audit entries name no actor and keep no address (the bureau reads its region's audit log), and
  the notification to the receivers names no one;
* the history the sender sees names the receivers' steps only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.models import TimeStampedModel
from hts.org.models import Region, School


class Suggestion(TimeStampedModel):
    class Kind(models.TextChoices):
        IDEA = "idea", _("An idea")
        SUPPORT = "support", _("A request for support")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("suggestion status", "Received")
        CONSIDERING = "considering", pgettext_lazy("suggestion status", "Under consideration")
        ADOPTED = "adopted", pgettext_lazy("suggestion status", "Adopted")
        DECLINED = "declined", pgettext_lazy("suggestion status", "Declined")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("heading"), max_length=120)
    body = models.TextField(_("text"), max_length=5000)
    # Exactly one receiver: a school's office, or a bureau (by its region).
    to_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # For the bureau's counts by school; empty for an anonymous suggestion to a bureau (see above).
    origin_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggestion")
        constraints = [
            models.CheckConstraint(
                name="suggestion_one_receiver",
                condition=Q(to_school__isnull=False, to_region__isnull=True)
                | Q(to_school__isnull=True, to_region__isnull=False),
            ),
            models.CheckConstraint(
                name="suggestion_decided_has_answer",
                condition=Q(status__in=["received", "considering"]) | ~Q(answer=""),
            ),
        ]
        indexes = [models.Index(fields=["sender", "-created_at"]), models.Index(fields=["origin_school", "status"])]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.to_school.region.path if self.to_school_id else self.to_region.path

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.CONSIDERING)


class SuggestionStep(models.Model):
    """One change of a suggestion's state by its receiver, with the note the sender reads."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=Suggestion.Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.status}"
