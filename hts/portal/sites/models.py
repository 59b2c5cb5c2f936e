"""A studio's website (its address and intro) and a member's public page (photo, profile, e-mail by choice).

What the site shows is the studio's published ``Publication`` rows; these models only hold what the
host and the member set about the pages themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import Teacher
from hts.studios.models import Studio


class StudioSite(TimeStampedModel):
    studio = models.OneToOneField(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="site")
    # The readable address /s/<slug>/: from the studio name's pinyin, changed by the host.
    slug = models.SlugField(_("web address"), max_length=40, unique=True)
    intro = models.CharField(_("short introduction"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("studio website")

    def __str__(self) -> str:
        return self.slug

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path


class MemberProfile(TimeStampedModel):
    """What a member shows on their public page (会员博客): set by the member alone."""

    teacher = models.OneToOneField(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="public_profile"
    )
    profile = models.CharField(_("short profile"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # 002 asks for the e-mail to be published; the member decides.
    show_email = models.BooleanField(_("show my e-mail on my public page"), default=False)

    class Meta:
        verbose_name = _("member's public profile")

    def __str__(self) -> str:
        return str(self.teacher)

    def audit_region_path(self) -> str:
        return self.teacher.school.region.path


class MemberPhoto(StoredFileBase):
    file_use = FileUse(
        "portal.member_photo", kinds=("jpeg", "png"), thumbnail=True, cache_control="public, max-age=86400"
    )

    profile = models.OneToOneField(MemberProfile, on_delete=models.CASCADE, related_name="photo")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("member's photo")

    def storage_folder(self) -> str:
        return f"portal/members/{self.profile.uid}"
