"""Funds exports: a studio's year as Excel and as the yearly use report (PDF), and the bureau's
overview as Excel. Same scope checks as the pages (403 without the action, 404 outside)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from hts.accounts.access import action_required
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.funds import documents, selectors

# The overview export is bounded: a province filters by search first.
OVERVIEW_EXPORT_LIMIT = 5000


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or ""
    patch_cache_control(response, private=True, no_store=True)
    return response


@action_required("funds.view")
def studio_xlsx(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid)
    year = selectors.parse_year(request.GET.get("year"), studio)
    summary, entries, assets = documents.studio_documents(studio, year)
    return _attachment(
        documents.ledger_xlsx(summary, entries, assets), XLSX_CONTENT_TYPE, documents.filename(summary, "xlsx")
    )


@action_required("funds.view")
def studio_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid)
    year = selectors.parse_year(request.GET.get("year"), studio)
    summary, entries, assets = documents.studio_documents(studio, year)
    return _attachment(
        documents.use_report_pdf(summary, entries, assets), PDF_CONTENT_TYPE, documents.filename(summary, "pdf")
    )


@action_required("funds.view")
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    from hts.funds.views import _year

    year = _year(request)
    studios = [
        selectors.settle(studio)
        for studio in selectors.overview(
            request.user, year=year, search=request.GET.get("q", "").strip(), short_only=request.GET.get("short") == "1"
        )[:OVERVIEW_EXPORT_LIMIT]
    ]
    return _attachment(documents.overview_xlsx(studios, year), XLSX_CONTENT_TYPE, f"{year}年工作室经费汇总.xlsx")


urlpatterns: list[URLPattern] = [
    path("studio/<uuid:uid>/ledger.xlsx", studio_xlsx, name="funds-studio-xlsx"),
    path("studio/<uuid:uid>/report.pdf", studio_pdf, name="funds-studio-pdf"),
    path("overview.xlsx", overview_xlsx, name="funds-overview-xlsx"),
]
