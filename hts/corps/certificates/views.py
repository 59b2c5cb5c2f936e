"""Certificate pages: the bureau's list and batch issue (choose → preview → confirm), a certificate with
its history, revocation and reinstatement, its PDF, and the public verification a QR code opens."""

from __future__ import annotations

from itertools import pairwise

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, declares, get_scoped_or_404, principal
from hts.activities.checkin import qr_svg
from hts.core.pagination import paginate, querystring_without_page
from hts.core.pdf import PDF_CONTENT_TYPE, render_pdf
from hts.core.ratelimit import rate_limited
from hts.corps.certificates import selectors, services
from hts.corps.certificates.forms import IssueForm, ReasonForm
from hts.corps.certificates.guards import can_reinstate, can_revoke
from hts.corps.certificates.models import CertificateKind
from hts.org.models import Region

HISTORY_SHOWN = 20
# 001 asks only that anyone may check a certificate; twenty a minute is plenty for a person with a
# phone and too few to walk the token space.
VERIFY_PER_MINUTE = 20


@action_required("corps.certificate.view")
def certificate_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in CertificateKind.values else ""
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.certificates_for(request.user, kind=kind, query=query))
    selectors.with_states(list(page.object_list))
    return render(
        request,
        "corps/certificates/list.html",
        {
            "page": page,
            "kinds": CertificateKind.choices,
            "kind": kind,
            "q": query,
            "querystring": querystring_without_page(request),
            "may_issue": principal(request).can("corps.certificate.issue"),
        },
    )


@action_required("corps.certificate.issue")
def issue_home(request: HttpRequest) -> HttpResponse:
    region = (
        principal(request).scoped("corps.certificate.issue", Region.objects.all()).order_by("depth", "path").first()
    )
    if region is None:
        raise Http404
    return redirect("corps-certificate-issue", region_uid=region.uid)


@action_required("corps.certificate.issue")
def issue(request: HttpRequest, region_uid: str) -> HttpResponse:
    """Choose teachers and write the evidence → preview what will be issued → confirm. The preview posts
    the same fields back with `confirm`, so nothing is stored until then. The preview lists every teacher
    the issue would refuse with the rule; the issue is all or nothing, so its button posts only the others."""
    region = get_scoped_or_404(request.user, "corps.certificate.issue", Region.objects.all(), uid=region_uid)
    query = request.GET.get("q", "").strip()
    candidates = selectors.issue_candidates(request.user, region, query)
    form = IssueForm(request.POST or None, candidates=candidates)
    preview = None
    refusals: list[services.Refusal] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if "confirm" in request.POST:
                try:
                    issued = services.certificates_issue(
                        actor=request.user,
                        region=region,
                        kind=data["kind"],
                        teachers=form.chosen(),
                        issued_on=data["issued_on"],
                        evidence=data["evidence"],
                        number=data["number"],
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else []:
                        form.add_error(field if field in form.fields else None, errors)
                    if not hasattr(error, "error_dict"):
                        form.add_error(None, error.messages)
                else:
                    messages.success(request, _("%(count)d certificates issued.") % {"count": len(issued)})
                    return redirect("corps-certificate-list")
            else:
                preview = form.chosen()
                refusals = services.issue_refusals(
                    region=region, kind=data["kind"], teachers=preview, issued_on=data["issued_on"]
                )
                status = 200
    return render(
        request,
        "corps/certificates/issue.html",
        {
            "region": region,
            "form": form,
            "candidates": candidates,
            "preview": preview,
            "refusals": refusals,
            # What the confirm button issues: the chosen teachers less the refused ones.
            "accepted": [t for t in preview or [] if t.pk not in {r.teacher.pk for r in refusals}],
            "q": query,
        },
        status=status,
    )


@declares("corps.certificate.view")
def certificate_detail(request: HttpRequest, uid: str) -> HttpResponse:
    certificate = selectors.certificate_get(request.user, uid)
    may_manage = can(request.user, "corps.certificate.issue", certificate)
    history = list(certificate.history.select_related("history_user").order_by("-history_date")[:HISTORY_SHOWN])
    # A row that lifts the revocation of the row before it is the reinstatement, not an edit.
    for newer, older in pairwise(history):
        newer.reinstated = newer.revoked_at is None and older.revoked_at is not None  # type: ignore[attr-defined]
    return render(
        request,
        "corps/certificates/detail.html",
        {
            "certificate": certificate,
            "history": history,
            "course_results": list(certificate.course_results.select_related("enrolment__course")),
            "may_manage": may_manage,
            "revoke": can_revoke(certificate),
            "reinstate": can_reinstate(certificate),
            "form": ReasonForm(),
            "verify_url": request.build_absolute_uri(f"/corps/verify/{certificate.token}/"),
        },
    )


def _decide(request: HttpRequest, uid: str, write: object, done: str) -> HttpResponse:
    certificate = selectors.certificate_get(request.user, uid, "corps.certificate.issue")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason and tick the confirmation."))
        return redirect("corps-certificate", uid=certificate.uid)
    try:
        write(actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"])  # type: ignore[operator]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("corps-certificate", uid=certificate.uid)


@require_POST
@action_required("corps.certificate.issue")
def revoke(request: HttpRequest, uid: str) -> HttpResponse:
    return _decide(request, uid, services.certificate_revoke, _("The certificate is revoked."))


@require_POST
@action_required("corps.certificate.issue")
def reinstate(request: HttpRequest, uid: str) -> HttpResponse:
    return _decide(request, uid, services.certificate_reinstate, _("The certificate is reinstated."))


@declares("corps.certificate.view")
def certificate_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    certificate = selectors.certificate_get(request.user, uid)
    verify_url = request.build_absolute_uri(f"/corps/verify/{certificate.token}/")
    pdf = render_pdf(
        "corps/certificates/certificate_pdf.html",
        {"certificate": certificate, "qr": qr_svg(verify_url), "verify_url": verify_url},
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


@rate_limited("corps.verify", VERIFY_PER_MINUTE)
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone holding the QR code sees the four fields and nothing else."""
    certificate = selectors.certificate_by_token(token)
    response = render(request, "corps/certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response
