"""`submit` answers every refusal the same way: a rule's beside its fields, a permission's above the
form with what was typed kept, and an object outside the user's scope as a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from hts.core.forms import submit


class NameForm(forms.Form):
    name = forms.CharField()


def _post() -> Any:
    return RequestFactory().post("/", {"name": "李红"})


def _raise(error: Exception) -> Any:
    def save(data: dict[str, Any]) -> Any:
        raise error

    return save


def test_it_returns_the_services_result() -> None:
    form = NameForm({"name": "李红"})
    assert submit(_post(), form, lambda data: data["name"]) == "李红"


def test_a_refused_permission_comes_back_above_the_form_with_the_input_kept() -> None:
    form = NameForm({"name": "李红"})
    assert submit(_post(), form, _raise(PermissionDenied("只有主持人可以这样做。"))) is None
    assert form.non_field_errors() == ["只有主持人可以这样做。"]
    assert form.data["name"] == "李红"


def test_a_refusal_without_a_reason_says_so_in_chinese() -> None:
    form = NameForm({"name": "李红"})
    with translation.override("zh-hans"):
        assert submit(_post(), form, _raise(PermissionDenied())) is None
        assert form.non_field_errors() == ["您无权执行此操作。"]


def test_a_rule_refusal_goes_beside_its_field() -> None:
    form = NameForm({"name": "李红"})
    assert submit(_post(), form, _raise(ValidationError({"name": "重名"}))) is None
    assert form.errors["name"] == ["重名"]


class OutOfScope(Http404, PermissionDenied):
    """Like accounts.access.OutOfScope (core imports no app): a refusal that is also a 404."""


def test_an_object_outside_the_scope_stays_a_404() -> None:
    form = NameForm({"name": "李红"})
    with pytest.raises(Http404):
        submit(_post(), form, _raise(OutOfScope("outside")))
