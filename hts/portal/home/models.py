"""The bureau portal's own rows (issue 16 point 3): a region's brand and its notices (通知公告).

A notice is a draft until the bureau publishes it; only a published notice of the region shown is
public. A brand belongs to one region; its subregions use their nearest ancestor's (``branding``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import Region


class PortalBrand(TimeStampedModel):
    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("portal name"), max_length=60)
    footer = models.CharField(_("footer text"), max_length=200, blank=True)
    # 备案号 (ICP filing number) shown in the footer, linked to the filing site.
    filing_number = models.CharField(_("filing number (备案号)"), max_length=60, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("portal brand")
        verbose_name_plural = _("portal brands")

    def __str__(self) -> str:
        return self.name

    def audit_region_path(self) -> str:
        return self.region.path


class BrandLogo(StoredFileBase):
    """The brand's logo, public by nature: served to anyone, cached by browsers for a day."""

    file_use = FileUse("portal.logo", kinds=("jpeg", "png"), thumbnail=True, cache_control="public, max-age=86400")

    brand = models.OneToOneField(PortalBrand, on_delete=models.CASCADE, related_name="logo")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("portal logo")

    def storage_folder(self) -> str:
        return f"portal/brand/{self.brand.uid}"


class Notice(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("notice status", "Draft")
        PUBLISHED = "published", pgettext_lazy("notice status", "Published")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("heading"), max_length=120)
    # Sanitised HTML (hts.archives.sanitise.clean_html), cleaned by the service before it is saved.
    body = models.TextField(_("text"), max_length=50_000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["region", "status", "published_on"])]
        constraints = [
            models.CheckConstraint(
                name="portal_notice_published_has_date",
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.region.path

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class NoticeAttachment(StoredFileBase):
    """A notice's one attachment (a PDF, a Word or Excel form, a picture): public with its notice only."""

    file_use = FileUse("portal.notice", kinds=("pdf", "docx", "xlsx", "jpeg", "png"))

    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="attachment")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("notice attachment")

    def storage_folder(self) -> str:
        return f"portal/notice/{self.notice.uid}"
