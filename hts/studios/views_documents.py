"""Downloads of a studio's official documents and of a batch's review scores.

Each view checks the action (403 without it), fetches the object within the user's scope (404
outside it), and hands the bytes built by `documents` back as an attachment.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from hts.accounts.access import action_required, get_scoped_or_404, principal
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.core.word import DOCX_CONTENT_TYPE
from hts.studios import documents
from hts.studios.models import Batch, Studio


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    # The documents hold personal data: no shared cache may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _studio(request: HttpRequest, uid: UUID, queryset: QuerySet[Studio]) -> Studio:
    return get_scoped_or_404(request.user, "studio.export", queryset, uid=uid)


@action_required("studio.export")
def application_docx(request: HttpRequest, uid: UUID) -> HttpResponse:
    studio = _studio(request, uid, documents.application_queryset())
    return _attachment(documents.application_docx(studio), DOCX_CONTENT_TYPE, f"{studio.name}-申报表.docx")


@action_required("studio.export")
def application_pdf(request: HttpRequest, uid: UUID) -> HttpResponse:
    studio = _studio(request, uid, documents.application_queryset())
    return _attachment(documents.application_pdf(studio), PDF_CONTENT_TYPE, f"{studio.name}-申报表.pdf")


@action_required("studio.export")
def roster_docx(request: HttpRequest, uid: UUID) -> HttpResponse:
    studio = _studio(request, uid, documents.roster_queryset())
    return _attachment(documents.roster_docx(studio), DOCX_CONTENT_TYPE, f"{studio.name}-成员名册.docx")


@action_required("studio.export")
def roster_pdf(request: HttpRequest, uid: UUID) -> HttpResponse:
    studio = _studio(request, uid, documents.roster_queryset())
    return _attachment(documents.roster_pdf(studio), PDF_CONTENT_TYPE, f"{studio.name}-成员名册.pdf")


@action_required("studio.export")
def roster_xlsx(request: HttpRequest, uid: UUID) -> HttpResponse:
    studio = _studio(request, uid, documents.roster_queryset())
    return _attachment(documents.roster_xlsx(studio), XLSX_CONTENT_TYPE, f"{studio.name}-成员名册.xlsx")


@action_required("studio.review")
def review_scores_xlsx(request: HttpRequest, uid: UUID) -> HttpResponse:
    batch = get_scoped_or_404(request.user, "batch.view", Batch.objects.all(), uid=uid)
    # A reviewer sees the scores of the studios their review scope reaches, even in a wider batch.
    studios = principal(request).scoped("studio.review", documents.review_queryset(batch))
    return _attachment(documents.review_scores_xlsx(studios), XLSX_CONTENT_TYPE, f"{batch.name}-评审评分.xlsx")


urlpatterns: list[URLPattern] = [
    path("<uuid:uid>/application.docx", application_docx, name="studios-application-docx"),
    path("<uuid:uid>/application.pdf", application_pdf, name="studios-application-pdf"),
    path("<uuid:uid>/roster.docx", roster_docx, name="studios-roster-docx"),
    path("<uuid:uid>/roster.pdf", roster_pdf, name="studios-roster-pdf"),
    path("<uuid:uid>/roster.xlsx", roster_xlsx, name="studios-roster-xlsx"),
    path("batches/<uuid:uid>/review-scores.xlsx", review_scores_xlsx, name="studios-review-scores-xlsx"),
]
