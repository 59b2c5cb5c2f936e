"""Validators shared by several apps (the kernel: no app's models behind them)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A mainland mobile number, as accounts and teacher records both store it.
mobile_validator = RegexValidator(r"^1\d{10}$", _("A mobile number is 11 digits starting with 1."))
