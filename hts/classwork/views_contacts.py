"""The contact for home visits of one pupil: its class's head teacher and deputy only; everyone else,
the school office too, gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hts.accounts.access import can, declares, get_scoped_or_404
from hts.classwork.contacts import contact_remove, contact_save
from hts.classwork.forms import ContactForm
from hts.classwork.models import Pupil, PupilContact
from hts.core.forms import submit


@declares("classwork.log.write")
def pupil_contact(request: HttpRequest, uid: Any) -> HttpResponse:
    if not can(request.user, "classwork.log.write"):
        raise Http404
    pupil = get_scoped_or_404(
        request.user, "classwork.log.write", Pupil.objects.select_related("school_class__school"), uid=uid
    )
    contact = PupilContact.objects.filter(pupil=pupil).first()
    back = redirect("classwork-pupils", uid=pupil.school_class.uid)
    if request.method == "POST" and "remove" in request.POST:
        if contact_remove(actor=request.user, pupil=pupil):
            messages.success(request, _("The contact is removed."))
        return back
    form = ContactForm(request.POST or None, instance=contact or PupilContact(pupil=pupil))
    saved = submit(request, form, lambda data: contact_save(actor=request.user, pupil=pupil, **data))
    if saved is not None:
        messages.success(request, _("The contact for home visits is saved."))
        return back
    return render(
        request,
        "classwork/contact.html",
        {"pupil": pupil, "school_class": pupil.school_class, "form": form, "contact": contact},
        status=400 if request.method == "POST" else 200,
    )
