"""Form helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

T = TypeVar("T")


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal beside the fields it names (or above the form), keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """On a POST with a valid form, call the service; its result, or None when the page must show
    the form again (invalid input or a refusal, with the reasons on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
