"""The consent pages: a class's guardian consents, recorded and withdrawn by its head teacher or deputy or
its school's office. Everyone else gets 404, so no page says whom a class holds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hts.accounts.access import action_required, can, declares
from hts.core.forms import submit
from hts.portal.exposure import selectors
from hts.portal.exposure.forms import ConsentForm, ScanForm
from hts.portal.exposure.services import (
    MANAGE,
    class_of,
    consent_record,
    consent_scan_attach,
    consent_withdraw,
    publications_relying_on,
    semesters_for,
)
from hts.portal.models import ConsentScan

CLASSES_SHOWN = 200


@action_required(selectors.VIEW)
def class_list(request: HttpRequest) -> HttpResponse:
    classes = list(selectors.classes_for(request.user)[:CLASSES_SHOWN])
    return render(request, "portal/exposure/classes.html", {"classes": classes})


@declares(selectors.VIEW)
def consent_list(request: HttpRequest, uid: Any) -> HttpResponse:
    school_class = selectors.class_for(request.user, selectors.VIEW, uid)
    may_manage = can(request.user, MANAGE, school_class)
    form = None
    if may_manage:
        semesters = semesters_for(school_class).order_by("-starts_on")
        form = ConsentForm(request.POST or None, request.FILES or None, school_class=school_class, semesters=semesters)
        saved = submit(
            request,
            form,
            lambda data: consent_record(actor=request.user, school_class=school_class, **data),
        )
        if saved is not None:
            messages.success(request, _("The consent is recorded."))
            return redirect("portal-consents", uid=school_class.uid)
    return render(
        request,
        "portal/exposure/consents.html",
        {
            "school_class": school_class,
            "consents": selectors.consents_of(school_class),
            "form": form,
            "may_manage": may_manage,
        },
        status=400 if request.method == "POST" else 200,
    )


@declares(MANAGE)
def consent_withdraw_confirm(request: HttpRequest, uid: Any) -> HttpResponse:
    consent = selectors.consent_for(request.user, MANAGE, uid)
    school_class = class_of(consent)
    error = ""
    if request.method == "POST" and consent.withdrawn_on is None:
        try:
            withdrawn = consent_withdraw(actor=request.user, consent=consent)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("The consent is withdrawn; %(count)d publication(s) that showed a photo under it were taken down.")
                % {"count": len(withdrawn)},
            )
            return redirect("portal-consents", uid=school_class.uid)
    return render(
        request,
        "portal/exposure/consent_withdraw.html",
        {
            "consent": consent,
            "school_class": school_class,
            "publications": list(publications_relying_on(consent).select_related("studio")),
            "error": error,
        },
        status=400 if error else 200,
    )


@declares(MANAGE)
def consent_scan_upload(request: HttpRequest, uid: Any) -> HttpResponse:
    """Attach the signed form to a consent recorded earlier (the class's head teacher, deputy, office)."""
    consent = selectors.consent_for(request.user, MANAGE, uid)
    school_class = class_of(consent)
    form = ScanForm(request.POST or None, request.FILES or None)
    saved = submit(
        request, form, lambda data: consent_scan_attach(actor=request.user, consent=consent, upload=data["file"])
    )
    if saved is not None:
        messages.success(request, _("The signed form is attached."))
        return redirect("portal-consents", uid=school_class.uid)
    return render(
        request,
        "portal/exposure/consent_scan.html",
        {"consent": consent, "school_class": school_class, "form": form, "scans": list(consent.scans.all())},
        status=400 if request.method == "POST" else 200,
    )


@declares(selectors.VIEW)
def consent_scan_file(request: HttpRequest, uid: Any, file_uid: Any) -> HttpResponse:
    """A signed form, for those who may view the class's consents only (404 for everyone else)."""
    from hts.core.files import serve_stored

    consent = selectors.consent_for(request.user, selectors.VIEW, uid)
    return serve_stored(get_object_or_404(ConsentScan, uid=file_uid, consent=consent))
