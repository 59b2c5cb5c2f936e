"""Form helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import BaseForm, BaseModelForm, DateInput, IntegerField
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

T = TypeVar("T")


class IsoDateInput(DateInput):
    """A browser date picker. Its value must be yyyy-mm-dd whatever the language's date format
    (zh-hans renders 2026/11/27, which the picker shows as empty)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def bounds_from_model(form: BaseModelForm) -> None:
    """Each number input of a model form bounded as its model field's validators are: a positive
    field's form field alone offers min="0" where the model refuses anything under 1."""
    model = form._meta.model
    for name, field in form.fields.items():
        if not isinstance(field, IntegerField):  # DecimalField is one too
            continue
        for validator in model._meta.get_field(name).validators:
            if isinstance(validator, MinValueValidator):
                field.widget.attrs["min"] = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                field.widget.attrs["max"] = validator.limit_value
            else:
                continue
            if validator not in field.validators:
                field.validators.append(validator)


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal beside the fields it names (or above the form), keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refuse(form: BaseForm, error: PermissionDenied) -> None:
    """A service said the user may not do this: the reason above the form, what was typed kept."""
    form.add_error(None, str(error) or _("You do not have permission to do this."))


def submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """On a POST with a valid form, call the service; its result, or None when the page must show
    the form again (invalid input or a refusal, with the reasons on the form).

    Every refusal comes back the same way: a rule's (`ValidationError`) beside the fields it names,
    a permission's (`PermissionDenied`) above the form. An object outside the user's scope stays a
    404 (`Http404`), the same as a missing one."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
    except Http404:
        raise
    except PermissionDenied as error:
        refuse(form, error)
    return None
