from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts import guards, selectors, services
from hts.accounts.access import action_required, get_scoped_or_404, principal
from hts.accounts.export_jobs import KIND as AUDIT_EXPORT
from hts.accounts.export_jobs import audit_params
from hts.accounts.forms import AuditFilterForm, RoleGrantForm, SignInForm
from hts.accounts.models import RoleAssignment, User
from hts.core.audit_labels import present_all
from hts.core.decorators import signed_in
from hts.core.forms import submit
from hts.core.jobs import export_job_start
from hts.core.pagination import paginate, querystring_without_page


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core-home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password has been changed."))
        return response


@action_required("user.view")
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.user_list(request.user, search=request.GET.get("q", "").strip())
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": paginate(request, users),
            "querystring": querystring_without_page(request),
            "q": request.GET.get("q", ""),
        },
    )


@action_required("user.view")
def user_detail(request: HttpRequest, uid: str) -> HttpResponse:
    target = selectors.user_get(request.user, uid)
    grant_form = RoleGrantForm(actor=request.user) if principal(request).can("role.grant") else None
    return render(request, "accounts/user_detail.html", _user_context(request, target, grant_form))


def _user_context(request: HttpRequest, target: Any, grant_form: RoleGrantForm | None) -> dict[str, Any]:
    p = principal(request)
    can_manage, manage_reason = guards.can_manage_user(request.user, target) if p.can("user.manage") else (False, "")
    return {
        "target": target,
        "assignments": RoleAssignment.objects.filter(user=target).select_related("region", "school", "granted_by"),
        "grant_form": grant_form,
        "can_manage": can_manage,
        "manage_reason": manage_reason,
    }


@require_POST
@action_required("user.manage")
def user_reset_password(request: HttpRequest, uid: str) -> HttpResponse:
    target = selectors.user_get(request.user, uid, action="user.manage")
    password = services.user_reset_password(actor=request.user, target=target)
    return render(request, "accounts/temporary_password.html", {"target": target, "password": password})


@require_POST
@action_required("user.manage")
def user_open_for_teacher(request: HttpRequest, teacher_uid: str) -> HttpResponse:
    # The teacher model is org's (above accounts): reached through the account's link, scoped as org's pages do.
    teachers = User._meta.get_field("teacher").related_model.objects.select_related("school__region")
    teacher = get_scoped_or_404(request.user, "teacher.edit", teachers, uid=teacher_uid)
    try:
        user, password = services.user_open_for_teacher(actor=request.user, teacher=teacher)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("org-teacher-detail", uid=teacher.uid)
    return render(request, "accounts/temporary_password.html", {"target": user, "password": password})


@require_POST
@action_required("role.grant")
def role_grant(request: HttpRequest, uid: str) -> HttpResponse:
    target = selectors.user_get(request.user, uid)
    form = RoleGrantForm(request.POST, actor=request.user)
    if submit(request, form, lambda data: services.role_grant(actor=request.user, user=target, **data)) is not None:
        messages.success(request, _("Role granted."))
        return redirect("accounts-user-detail", uid=target.uid)
    return render(request, "accounts/user_detail.html", _user_context(request, target, form), status=400)


@require_POST
@action_required("role.grant")
def role_revoke(request: HttpRequest, uid: str, assignment_uid: str) -> HttpResponse:
    target = selectors.user_get(request.user, uid)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("region", "school__region"), user=target, uid=assignment_uid
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts-user-detail", uid=target.uid)


@action_required("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    if "event" not in query and "action" in query:  # the filter's earlier name, kept for bookmarks
        query["event"] = query["action"]
    form = AuditFilterForm(query)
    filters = form.filters()
    entries = selectors.audit_list(request.user, search=request.GET.get("q", "").strip(), **filters)
    page = paginate(request, entries, per_page=50)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": present_all(page.object_list),
            "querystring": querystring_without_page(request),
        },
    )


@require_POST
@action_required("audit.view")
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as Excel, built in the background; the job's page shows its progress."""
    form = AuditFilterForm(request.POST)
    job = export_job_start(
        actor=request.user, kind=AUDIT_EXPORT, label=_("Audit log (Excel)"), params=audit_params(form.filters())
    )
    return redirect(job)


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"roles": principal(request).grants})
