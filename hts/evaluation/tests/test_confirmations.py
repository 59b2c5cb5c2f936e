"""Issue 13, point 21: a step that cannot be undone asks first, as finalising does (a form with
data-confirm, asked by static/js/app.js: the CSP forbids inline script), and never runs on a GET.
The browser side (the question shows, cancelling changes nothing) is e2e/test_confirmations.py."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from hts.evaluation.tests.conftest import RoundWorld, score_all
from testkit import World, client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

# (url name, what the action's form must show in its tag besides the name), for every step that
# cannot be taken back: it ends, decides, publishes, books or removes something.
IRREVERSIBLE = [
    ("evaluation-round-close", ""),
    ("evaluation-round-publish", ""),
    ("evaluation-round-finalise", ""),
    ("evaluation-observation-close", ""),
    ("evaluation-version-activate", ""),
    ("evaluation-section-delete", ""),
    ("evaluation-item-delete", ""),
    ("evaluation-objection-decide", ""),
    ("evaluation-result-correct", ""),
    ("evaluation-failure-review", ""),
    ("research-project-transition", ""),
    ("research-achievement-decide", "'verify'"),
    ("research-achievement-decide", "'reject'"),
    ("funds-expense-act", "'sign'"),
    ("funds-expense-act", "'book'"),
    ("funds-expense-act", "yesno:'reverse,reject'"),
    ("studios-review-material", ""),
    ("studios-review-defence", ""),
    ("studios-review-decide", ""),
    ("studios-activate", ""),
    ("studios-assess", ""),
    ("studios-batch-status", ""),
    ("accounts-role-revoke", ""),
    ("accounts-user-reset-password", ""),
    ("org-service-delete", ""),
    ("org-honour-delete", ""),
]


def _form_tags(name: str, marker: str) -> list[str]:
    tags = []
    for template in (ROOT / "hts").rglob("templates/**/*.html"):
        for tag in re.findall(r"<form\b[^>]*>", template.read_text(encoding="utf-8"), flags=re.S):
            if f"{{% url '{name}'" in tag and marker in tag:
                tags.append(f"{template.relative_to(ROOT)}: {tag}")
    return tags


@pytest.mark.parametrize(("name", "marker"), IRREVERSIBLE)
def test_every_irreversible_step_asks_before_it_is_taken(name: str, marker: str) -> None:
    tags = _form_tags(name, marker)
    assert tags, f"no form posts to {name} {marker}"
    assert all("data-confirm=" in tag for tag in tags), tags


URLS = [
    reverse("evaluation-round-close", args=[uuid.uuid4()]),
    reverse("evaluation-round-publish", args=[uuid.uuid4()]),
    reverse("evaluation-round-finalise", args=[uuid.uuid4()]),
    reverse("evaluation-observation-close", args=[uuid.uuid4()]),
    reverse("evaluation-version-activate", args=[uuid.uuid4()]),
    reverse("evaluation-objection-decide", args=[uuid.uuid4()]),
    reverse("evaluation-result-correct", args=[uuid.uuid4()]),
    reverse("research-project-transition", args=[uuid.uuid4(), "conclude"]),
    reverse("research-achievement-decide", args=[uuid.uuid4(), "verify"]),
    reverse("funds-expense-act", args=[uuid.uuid4(), "book"]),
    reverse("studios-review-decide", args=[uuid.uuid4()]),
    reverse("studios-activate", args=[uuid.uuid4()]),
    reverse("studios-assess", args=[uuid.uuid4()]),
]


@pytest.mark.parametrize("url", URLS)
def test_no_irreversible_step_runs_on_a_get(world: World, url: str) -> None:
    assert client_for(world.admin).get(url).status_code == 405


def _scored(rounds: RoundWorld) -> None:
    for rater in rounds.raters:
        for subject in rounds.subjects:
            score_all(rounds.round, rater, subject, Decimal("0.8"))


def test_the_round_page_asks_before_closing_and_before_publishing(rounds: RoundWorld) -> None:
    _scored(rounds)
    client = client_for(rounds.organiser)
    url = f"/evaluation/rounds/{rounds.round.uid}/"
    page = client.get(url).content.decode()
    assert re.search(r'<form [^>]*/close/"[^>]*data-confirm="结束打分并合成结果？', page)
    # A GET on the step's address changes nothing.
    assert client.get(f"{url}close/").status_code == 405
    rounds.round.refresh_from_db()
    assert rounds.round.status == "open"

    assert client.post(f"{url}close/").status_code == 302
    page = client.get(url).content.decode()
    assert re.search(r'<form [^>]*/publish/"[^>]*data-confirm="确定公示结果？', page)
    assert client.get(f"{url}publish/").status_code == 405
    rounds.round.refresh_from_db()
    assert rounds.round.status == "closed"
