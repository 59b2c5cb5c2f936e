"""The bureau's pages for its portal (site layout, signed in): brand, notices, featured items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.forms import submit
from hts.portal.home import selectors, services
from hts.portal.home.forms import BrandForm, NoticeForm
from hts.portal.home.models import Notice

MANAGE = selectors.MANAGE
FEATURABLE_PER_PAGE = 30


@action_required(MANAGE)
def manage_list(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.managed_regions(request.user)[:200])
    if len(regions) == 1:
        return redirect("portal-home-region", code=regions[0].code)
    return render(request, "portal/home/manage_list.html", {"regions": regions})


@action_required(MANAGE)
def manage_region(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.managed_region(request.user, code)
    context = {
        "region": region,
        "brand": selectors.brand_of(region),
        "notices": list(selectors.notices_of(region)[:50]),
        "featured": list(selectors.featurable(region).filter(featured=True)[:20]),
    }
    return render(request, "portal/home/manage.html", context)


@action_required(MANAGE)
def brand_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.managed_region(request.user, code)
    brand = selectors.brand_of(region)
    initial = {"name": brand.name, "footer": brand.footer, "filing_number": brand.filing_number} if brand else {}
    form = BrandForm(request.POST or None, request.FILES or None, initial=initial or {"name": region.bureau.name})
    saved = submit(
        request,
        form,
        lambda d: services.brand_save(
            actor=request.user,  # type: ignore[arg-type]
            region=region,
            name=d["name"],
            footer=d["footer"],
            filing_number=d["filing_number"],
            logo=d["logo"],
            remove_logo=d["remove_logo"],
        ),
    )
    if saved is not None:
        messages.success(request, _("The portal's brand is saved."))
        return redirect("portal-home-region", code=region.code)
    return render(
        request,
        "portal/home/brand_form.html",
        {"region": region, "form": form, "brand": brand},
        status=400 if request.method == "POST" else 200,
    )


def _notice_form(request: HttpRequest, code: str, notice: Notice | None) -> HttpResponse:
    region = selectors.managed_region(request.user, code)
    if notice is not None and notice.region_id != region.pk:
        raise Http404
    initial = {"title": notice.title, "body": notice.body} if notice else {}
    form = NoticeForm(request.POST or None, request.FILES or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda d: services.notice_save(
            actor=request.user,  # type: ignore[arg-type]
            region=region,
            notice=notice,
            title=d["title"],
            body=d["body"],
            attachment=d["attachment"],
            remove_attachment=d["remove_attachment"],
        ),
    )
    if saved is not None:
        messages.success(request, _("The notice is saved."))
        return redirect("portal-home-notice-edit", code=region.code, uid=saved.uid)
    return render(
        request,
        "portal/home/notice_form.html",
        {"region": region, "form": form, "notice": notice, "attachment": selectors.attachment_of(notice)},
        status=400 if request.method == "POST" else 200,
    )


@action_required(MANAGE)
def notice_new(request: HttpRequest, code: str) -> HttpResponse:
    return _notice_form(request, code, None)


def _notice(request: HttpRequest, code: str, uid: str) -> Notice:
    region = selectors.managed_region(request.user, code)
    notice = selectors.notices_of(region).select_related("region").filter(uid=uid).first()
    if notice is None:
        raise Http404
    return notice


@action_required(MANAGE)
def notice_edit(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    return _notice_form(request, code, _notice(request, code, uid))


def _step(request: HttpRequest, code: str, uid: str, step: str) -> HttpResponse:
    notice = _notice(request, code, uid)
    try:
        if step == "publish":
            services.notice_publish(actor=request.user, notice=notice)  # type: ignore[arg-type]
            messages.success(request, _("The notice is on the portal."))
        else:
            services.notice_unpublish(actor=request.user, notice=notice)  # type: ignore[arg-type]
            messages.success(request, _("The notice is a draft again and off the portal."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("portal-home-notice-edit", code=code, uid=notice.uid)


@require_POST
@action_required(MANAGE)
def notice_publish(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    return _step(request, code, uid, "publish")


@require_POST
@action_required(MANAGE)
def notice_unpublish(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    return _step(request, code, uid, "unpublish")


@action_required(MANAGE)
def featured(request: HttpRequest, code: str) -> HttpResponse:
    """The published items of the region's studios, featured first; a button features or stops featuring one."""
    region = selectors.managed_region(request.user, code)
    if request.method == "POST":
        publication = selectors.featurable(region).filter(uid=request.POST.get("publication")).first()
        if publication is None:
            raise Http404
        try:
            services.publication_feature(
                actor=request.user,  # type: ignore[arg-type]
                region=region,
                publication=publication,
                featured=request.POST.get("featured") == "1",
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        return redirect("portal-home-featured", code=region.code)
    page = Paginator(selectors.featurable(region), FEATURABLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/home/featured.html", {"region": region, "page": page})
