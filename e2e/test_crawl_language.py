"""Every page a demo role can reach reads in Chinese: no English word, no `snake_case` code.

The demo city (`seed_demo`) is loaded, then each demo account signs in with a Chinese browser and
follows the same-site links of the pages it sees, breadth first, up to PAGES_PER_ROLE pages (at most
PER_PATTERN pages of one URL shape, so a list of a hundred studios costs two visits, not a hundred).
Sign-out, downloads and POST-only actions are never followed. The visible text of each page is
searched for Latin words; what people typed (usernames, links, codes of schools and regions) and the
short allow-list below are not counted.
"""

from __future__ import annotations

import io
import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from hts.accounts.models import User
from hts.evaluation.rubrics.builtin import install_builtin
from hts.org.models import Region, School

ROLES = ["admin", "city_admin", "district_admin", "school_admin", "legal_rep", "teacher", "host", "mentor", "member"]
PAGES_PER_ROLE = 45
PER_PATTERN = 2

# Words that stay Latin in a Chinese interface (compared without case: "PDF" and ".pdf").
ALLOWED_WORDS = {
    # file formats and encodings named in upload and import help
    "PDF", "XLSX", "CSV", "ZIP", "JPG", "JPEG", "PNG", "HTML", "GBK", "UTF", "ICS", "MB", "KB",
    "RSS",  # a studio website's feed, named as feed readers name it
    # products people know by these names
    "Excel", "Word", "PowerPoint", "Office", "WPS", "WeChat", "iCalendar",
    "QR", "URL", "IP", "ID",
    "ICP",  # a website's filing number (粤ICP备…号) on the portal's footer and its brand form
    "English",  # the language switch names each language in itself
}  # fmt: skip
ALLOWED = {word.upper() for word in ALLOWED_WORDS}

SKIP = re.compile(
    r"/logout/|/accounts/logout|\.(xlsx|pdf|docx|ics|zip|csv)(\?|$)|/download|/export|/calendar\.ics|/feed|"
    r"/media/|/static/|/admin/|/api/|/checkin/|/rate/|/set-language|/i18n/"
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUMBER = re.compile(r"\d+")
# Data people typed or that the city assigned, shown as it is.
DATA = [
    re.compile(r"https?://\S+"),
    re.compile(r"\S+@\S+"),
    UUID,  # an identifier some details record (an archive item's)
    re.compile(r"\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b"),  # codes people assign: schools (FT-01), assets (FT-ZC-2026-017)
]
# Latin words and snake_case codes; a letter run touching a digit (v1, MP4) is a version or a format.
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_]*[A-Za-z](?![A-Za-z0-9_])")


# The page's visible text, one text node at a time, so that adjacent controls do not run together
# (an editor's toolbar glyphs B, I, H would read as the word "BIH").
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, noscript")) continue;
    const box = parent.closest("select") || parent;  // an option is shown through its select
    if (!box.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
    parts.push(node.textContent);
  }
  return parts.join(" ");
}"""


def _shape(url: str) -> str:
    parsed = urlparse(url)
    query = "&".join(sorted(part.split("=")[0] for part in parsed.query.split("&") if part))
    return NUMBER.sub("#", UUID.sub("*", parsed.path)) + ("?" + query if query else "")


def _foreign_words(text: str, people: set[str]) -> list[str]:
    for pattern in DATA:
        text = pattern.sub(" ", text)
    words = []
    for word in WORD.findall(text):
        if word.upper() in ALLOWED or word in people:
            continue
        words.append(word)
    return words


def _crawl(browser: Browser, base: str, username: str, people: set[str]) -> dict[str, list[str]]:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/home/")
    found: dict[str, list[str]] = {}
    queue = deque([f"{base}/home/"])
    seen = {f"{base}/home/"}
    shapes: dict[str, int] = {}
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url = queue.popleft()
        shape = _shape(url)
        if shapes.get(shape, 0) >= PER_PATTERN:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a file served for download (a receipt, a stored document)
            if "Download is starting" in str(error):
                continue
            raise
        visited += 1
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        words = _foreign_words(page.evaluate(VISIBLE_TEXT), people)
        if words:
            found[url.removeprefix(base)] = sorted(set(words))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            if not href.startswith(base) or SKIP.search(href) or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    context.close()
    return found


@pytest.mark.django_db(transaction=True)
def test_every_page_a_demo_role_reaches_reads_in_chinese(browser: Browser, live_server: Any) -> None:
    # A live-server test that ran before this one flushed the tables, the built-in rubrics with them.
    install_builtin(apps)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    people = set(User.objects.values_list("username", flat=True))
    people |= set(School.objects.values_list("code", flat=True)) | set(Region.objects.values_list("code", flat=True))
    # A studio website's address is its host's choice of letters (the audit log shows it when set), like a username.
    from hts.portal.sites.models import StudioSite

    people |= set(StudioSite.objects.values_list("slug", flat=True))
    failures = {}
    for username in ROLES:
        found = _crawl(browser, live_server.url, username, people)
        if found:
            failures[username] = found
    report = [f"{user} {url}: {' '.join(words)}" for user, pages in failures.items() for url, words in pages.items()]
    assert not report, "Latin words on Chinese pages:\n" + "\n".join(report)


def test_the_crawl_counts_english_and_codes_but_not_data_or_the_allow_list() -> None:
    text = "批准立项 Approve the project · online_weekly · 导出 Excel (.xlsx) · 深圳中学 SZ-01 · admin · MP4 · v2"
    assert _foreign_words(text, people={"admin"}) == ["Approve", "the", "project", "online_weekly"]
