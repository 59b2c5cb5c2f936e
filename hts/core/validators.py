"""Validators shared by several apps (the kernel: no app's models behind them)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A mainland mobile number, as accounts and teacher records both store it.
mobile_validator = RegexValidator(r"^1\d{10}$", _("A mobile number is 11 digits starting with 1."))


class NotBlankPasswordValidator:
    """A password must hold at least eight characters that are not spaces: eight spaces pass the length
    check but are no secret (and a phone keyboard makes them easy to type by mistake)."""

    def __init__(self, min_visible: int = 8) -> None:
        self.min_visible = min_visible

    def validate(self, password: str, user: object = None) -> None:
        if len("".join(password.split())) < self.min_visible:
            raise ValidationError(
                _("The password needs at least %(count)d characters that are not spaces."),
                code="password_blank",
                params={"count": self.min_visible},
            )

    def get_help_text(self) -> str:
        return str(
            _("The password needs at least %(count)d characters that are not spaces.") % {"count": self.min_visible}
        )
