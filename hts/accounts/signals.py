"""Sign-in events into the audit log.

Django and django-axes announce sign-ins, failures and lockouts only as signals, so these
receivers are the one place signals write: they record, they decide nothing.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hts.accounts.backends import find_user
from hts.core.audit import audit_record


@receiver(user_logged_in)
def audit_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="accounts.signin.succeeded", target=user)


@receiver(user_logged_out)
def audit_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="accounts.signout", target=user)


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    login = str(credentials.get("username", ""))[:150]
    user = find_user(login)
    audit_record(
        actor=login or "?",
        action="accounts.signin.failed",
        target=user,
        target_label=login,
        region_path=user.audit_region_path() if user else "",
    )


@receiver(user_locked_out)
def audit_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    user = find_user(username)
    audit_record(
        actor=username or "?",
        action="accounts.signin.locked_out",
        target=user,
        target_label=username,
        region_path=user.audit_region_path() if user else "",
    )
