"""Comment pages. The threads live on the studio's website and the bureau's portal (`{% comments_thread %}`);
here: the form fragment they load from an uncached address (it holds a CSRF token) and the first uid
addresses, now redirects. For moderators: the queue, approve, reject, delete and reply. For a bureau: its portal policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, get_scoped_or_404, principal
from hts.core.forms import add_errors, submit
from hts.core.ratelimit import client_ip, hit
from hts.org.models import Region
from hts.portal.comments import guards, selectors, services
from hts.portal.comments.forms import CommentForm, PolicyForm, RejectForm, ReplyForm, form_token
from hts.portal.comments.models import Comment
from hts.portal.comments.targets import BUREAU, PUBLICATION, STUDIO, Target, target_for, target_of
from hts.portal.models import PortalPolicy
from hts.portal.words import portal_policy_for

MODERATE = services.MODERATE
HOUR = 3600


def _moved(target: Target) -> HttpResponse:
    """The first addresses by uid now lead to the threads' real homes (the studio's website, the bureau's portal)."""
    url = target.public_url()
    if not url:
        raise Http404
    return HttpResponsePermanentRedirect(url)


def studio_board(request: HttpRequest, studio_uid: str) -> HttpResponse:
    return _moved(target_for(STUDIO, studio_uid))


def bureau_board(request: HttpRequest, region_uid: str) -> HttpResponse:
    return _moved(target_for(BUREAU, region_uid))


def publication_comments(request: HttpRequest, studio_uid: str, uid: str) -> HttpResponse:
    target = target_for(PUBLICATION, uid)
    # Nothing of an unpublished or withdrawn item is answered, not even where it went.
    if not target.publication.is_public or str(target.studio.uid) != str(studio_uid):  # type: ignore[union-attr]
        raise Http404
    return _moved(target)


def hourly_limit(target: Target) -> int:
    policy = portal_policy_for(target.policy_region)
    if policy is not None:
        return int(policy.comments_per_hour)
    return int(PortalPolicy._meta.get_field("comments_per_hour").get_default())


def _rate_key(request: HttpRequest, teacher: Any) -> str:
    """Per address for the public; a signed-in teacher by their account, since a school's teachers share
    one NAT address (as the sign-in lockout is per account, not per address)."""
    if teacher is not None:
        return f"portal.comments:user:{request.user.pk}"
    return f"portal.comments:ip:{client_ip(request)}"


@never_cache
def comment_form(request: HttpRequest, kind: str, uid: str) -> HttpResponse:
    """The form, as a fragment for htmx or as a page of its own (the link without JavaScript). Every
    refusal brings the form back filled; a bot that fills the honeypot is told nothing."""
    target = target_for(kind, uid)
    ok, refusal = guards.can_receive(target)
    user = request.user
    teacher = getattr(user, "teacher", None) if user.is_authenticated else None
    form: CommentForm | None = None
    sent, status = False, 200
    if not ok:
        status = 403 if request.method == "POST" else 200
    elif request.method == "POST":
        form = CommentForm(request.POST, key=target.key, teacher=teacher)
        if form.is_bot:
            sent, form = True, None
        elif not form.is_valid():
            status = 400
        elif not hit(_rate_key(request, teacher), hourly_limit(target), HOUR):
            form.add_error(
                None, _("Too many comments and messages from your address in the last hour: please try later.")
            )
            status = 429
        else:
            try:
                services.comment_submit(
                    target=target,
                    user=user,
                    name=form.cleaned_data.get("name", ""),
                    contact=form.cleaned_data.get("contact", ""),
                    body=form.cleaned_data["body"],
                )
                sent, form = True, None
            except ValidationError as error:
                add_errors(form, error)
                status = 400
        if form is not None:
            form.fresh_token()
    else:
        form = CommentForm(initial={"token": form_token(target.key)}, key=target.key, teacher=teacher)
    # A refused target keeps the visitor's text too, to copy elsewhere.
    kept = request.POST.get("body", "") if not ok else ""
    context = {"target": target, "form": form, "sent": sent, "refusal": refusal, "teacher": teacher, "kept": kept}
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers: the refusal is in the fragment itself.
        return render(request, "portal/comments/_form.html", context)
    return render(request, "portal/comments/form_page.html", context, status=status)


@action_required(MODERATE)
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Comment.Status.HELD)
    if status not in Comment.Status.values:
        status = Comment.Status.HELD
    rows = list(selectors.queue(request.user, status)[: selectors.QUEUE_SHOWN])
    for row in rows:
        # Where the thread shows to the public: the item's page, the studio's or the bureau's board.
        row.public_url = target_of(row).public_url()
    return render(
        request,
        "portal/comments/queue.html",
        {"rows": rows, "status": status, "statuses": Comment.Status.choices, "reject_form": RejectForm()},
    )


def _comment(request: HttpRequest, uid: str) -> Comment:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        request.user, MODERATE, Comment.objects.select_related("publication", "studio", "region"), uid=uid
    )


def _back(comment: Comment) -> HttpResponse:
    return redirect(reverse("portal-comments-queue") + f"?status={comment.status}")


@require_POST
@action_required(MODERATE)
def approve(request: HttpRequest, uid: str) -> HttpResponse:
    services.comment_approve(actor=request.user, comment=_comment(request, uid))
    messages.success(request, _("Approved: it now shows on the public page."))
    return redirect(reverse("portal-comments-queue") + "?status=held")


@action_required(MODERATE)
def reject(request: HttpRequest, uid: str) -> HttpResponse:
    comment = _comment(request, uid)
    form = RejectForm(request.POST or None)
    done = submit(
        request, form, lambda data: services.comment_reject(actor=request.user, comment=comment, reason=data["reason"])
    )
    if done is not None:
        messages.success(request, _("Rejected: it does not show on the public page."))
        return redirect(reverse("portal-comments-queue") + "?status=held")
    return render(
        request,
        "portal/comments/decide.html",
        {"comment": comment, "form": form, "what": "reject"},
        status=400 if request.method == "POST" else 200,
    )


@action_required(MODERATE)
def delete(request: HttpRequest, uid: str) -> HttpResponse:
    comment = _comment(request, uid)
    if request.method == "POST":
        status = comment.status
        services.comment_delete(actor=request.user, comment=comment)
        messages.success(request, _("Deleted."))
        return redirect(reverse("portal-comments-queue") + f"?status={status}")
    return render(request, "portal/comments/decide.html", {"comment": comment, "form": None, "what": "delete"})


@action_required(MODERATE)
def reply(request: HttpRequest, uid: str) -> HttpResponse:
    comment = _comment(request, uid)
    form = ReplyForm(request.POST or None, initial={"reply": comment.reply})
    done = submit(
        request, form, lambda data: services.comment_reply(actor=request.user, comment=comment, reply=data["reply"])
    )
    if done is not None:
        messages.success(request, _("The reply is saved."))
        return _back(done)
    ok, refusal = guards.can_reply(comment)
    return render(
        request,
        "portal/comments/decide.html",
        {"comment": comment, "form": form if ok else None, "refusal": refusal, "what": "reply"},
        status=400 if request.method == "POST" else 200,
    )


@action_required("portal.policy.manage")
def policy_home(request: HttpRequest) -> HttpResponse:
    region = principal(request).scoped("portal.policy.manage", Region.objects.all()).order_by("depth", "path").first()
    if region is None:
        raise Http404
    return redirect("portal-comments-policy", region_uid=region.uid)


@action_required("portal.policy.manage")
def policy_edit(request: HttpRequest, region_uid: str) -> HttpResponse:
    region = get_scoped_or_404(request.user, "portal.policy.manage", Region.objects.all(), uid=region_uid)
    effective = portal_policy_for(region)
    own = effective if effective is not None and effective.region_id == region.pk else None
    initial: dict[str, Any] = model_to_dict(effective, fields=services.POLICY_FIELDS) if effective else {}
    form = PolicyForm(request.POST or None, instance=own or PortalPolicy(region=region), initial=initial)
    saved = submit(
        request, form, lambda data: services.portal_policy_save(actor=request.user, region=region, data=data)
    )
    if saved is not None:
        messages.success(request, _("The portal policy of %(region)s is saved.") % {"region": region.name})
        return redirect("portal-comments-policy", region_uid=region.uid)
    return render(
        request,
        "portal/comments/policy.html",
        {"region": region, "form": form, "effective": effective, "own": own},
        status=400 if request.method == "POST" else 200,
    )
