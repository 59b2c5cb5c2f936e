import json
from typing import Any
from unittest import mock

from django.db.utils import OperationalError
from django.test import Client


def test_healthz_reports_ok_with_a_database_check(db: Any, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["status"] == "ok"
    assert data["database"] == "ok"


def test_healthz_reports_an_unreachable_database(db: Any, client: Client) -> None:
    with mock.patch("hts.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "error"
