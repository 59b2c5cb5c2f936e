"""Small template helpers for the Bootstrap layout."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
    "radioselect": "",
    "checkboxselectmultiple": "",
}


@register.filter
def bs(field: BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap classes, marked invalid when it has errors."""
    css = _WIDGET_CLASSES.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.simple_tag(takes_context=True)
def page_url(context: Any, number: int) -> str:
    querystring = context.get("querystring", "")
    return f"?{querystring}&page={number}" if querystring else f"?page={number}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def join_key(*parts: Any) -> str:
    return ":".join(str(part) for part in parts)
