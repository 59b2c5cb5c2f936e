"""Browser journeys: Playwright drives Debian's Chromium against the live test server.

No browser is downloaded: the launch points at the system Chromium, with the flags that keep it
from reaching for the internet (this machine, and an intranet, has none).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _chromium() -> str:
    for candidate in (
        "/usr/lib/chromium/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Chromium is not installed: `make test` installs Debian's chromium package as root.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": _chromium(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/home/")


AXE_SCRIPT = "/static/vendor/axe-core/axe.min.js"  # from npm, served like Bootstrap: no CDN
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary).join(" | "));
}"""


def serious_accessibility_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_SCRIPT)
    return list(page.evaluate(_AXE_RUN))


def a_running_semester(region: Any) -> Any:
    """An autumn semester around today (begun 50 days ago, 60 days to go) in `region`'s calendar, for
    journeys that log class work today whatever day the suite runs."""
    import datetime as dt

    from hts.org.models import SchoolYear, Semester

    today = dt.date.today()
    year = SchoolYear.objects.create(
        region=region, label="本学年", starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=200)
    )
    return Semester.objects.create(
        school_year=year, kind="autumn", starts_on=today - dt.timedelta(days=50), ends_on=today + dt.timedelta(days=60)
    )
