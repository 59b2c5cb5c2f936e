"""The corps policy pages: a bureau sets its region's numbers; subregions inherit them."""

from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hts.accounts.access import action_required, can, get_scoped_or_404, principal
from hts.core.forms import submit
from hts.corps import services
from hts.corps.forms import CorpsPolicyForm
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.org.models import Region

HISTORY_SHOWN = 20
SUBREGIONS_SHOWN = 50


@action_required("corps.policy.manage")
def policy_home(request: HttpRequest) -> HttpResponse:
    """The user's own top region (a system administrator: the root)."""
    region = principal(request).scoped("corps.policy.manage", Region.objects.all()).order_by("depth", "path").first()
    if region is None:
        raise Http404
    return redirect("corps-policy", region_uid=region.uid)


@action_required("corps.policy.manage")
def policy_edit(request: HttpRequest, region_uid: str) -> HttpResponse:
    region = get_scoped_or_404(
        request.user, "corps.policy.manage", Region.objects.select_related("parent"), uid=region_uid
    )
    effective = policy_for(region)
    own = effective if effective is not None and effective.region_id == region.pk else None
    # A region without its own policy starts from the one it inherits, so a bureau changes one number
    # rather than typing them all.
    initial = model_to_dict(effective, fields=services.FIELDS) if effective is not None else {}
    form = CorpsPolicyForm(request.POST or None, instance=own or CorpsPolicy(region=region), initial=initial)
    saved = submit(request, form, lambda data: services.corps_policy_save(actor=request.user, region=region, data=data))
    if saved is not None:
        messages.success(request, _("The corps policy of %(region)s is saved.") % {"region": region.name})
        return redirect("corps-policy", region_uid=region.uid)
    history = list(own.history.select_related("history_user").order_by("-history_date")[:HISTORY_SHOWN]) if own else []
    return render(
        request,
        "corps/policy.html",
        {
            "region": region,
            "form": form,
            "effective": effective,
            "own": own,
            "history": history,
            "children": list(region.children.order_by("path")[:SUBREGIONS_SHOWN]),
            # A county bureau may not manage its city's policy: the parent is named, linked only when it may.
            "parent_manageable": region.parent is not None and can(request.user, "corps.policy.manage", region.parent),
        },
        status=400 if request.method == "POST" else 200,
    )
