"""The head teacher's two certificates of 001 4: the 培训合格证 and the 任职资格证 (7: renewed every
three years; 10: revoked after a confirmed failing year). Each is a record with its number, issuer,
dates and the evidence it was issued on; its state is computed from the dates and the revocation."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import Region, Teacher


def verify_token() -> str:
    # What the QR code carries instead of the number: numbers run in sequence and would let anyone
    # walk through every holder's name.
    return secrets.token_urlsafe(24)


class CertificateKind(models.TextChoices):
    TRAINING = "training", _("Head-teacher training certificate")
    QUALIFICATION = "qualification", _("Head-teacher qualification certificate")


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(TimeStampedModel):
    kind = models.CharField(_("certificate type"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("certificate number"), max_length=40)
    holder = models.ForeignKey(
        Teacher, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="corps_certificates"
    )
    issuer = models.ForeignKey(Region, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("issue date"))
    # Empty: the certificate does not expire (the training certificate).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # A note beside the passed course results it was issued on (training.CertificateCourse); where the
    # policy sets no course pass mark there are none and this text is the evidence.
    evidence = models.TextField(_("note on the evidence"), max_length=2000, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    token = models.CharField(max_length=40, unique=True, default=verify_token, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                name="corps_certificate_number_unique",
                violation_error_message=_("A certificate of this type with this number already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def audit_region_path(self) -> str:
        return self.issuer.path

    def state(self, today: dt.date, expiring_within_days: int | None) -> str:
        """Revoked before anything else; then by the dates; `expiring_within_days` from the policy
        (None: no such warning)."""
        if self.revoked_at is not None:
            return CertificateState.REVOKED
        if self.valid_until is None:
            return CertificateState.VALID
        if self.valid_until < today:
            return CertificateState.EXPIRED
        if expiring_within_days is not None and (self.valid_until - today).days <= expiring_within_days:
            return CertificateState.EXPIRING
        return CertificateState.VALID


class CertificateSequence(models.Model):
    """The last number issued per region, year and type. The row is locked while a number is taken,
    and the unique number on Certificate holds even if that lock were missed."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=CertificateKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "kind"], name="corps_certificate_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}/{self.kind}: {self.last}"
