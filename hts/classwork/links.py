"""Links an app above classwork adds to a class's pupils page (the portal's guardian consents), each shown
to whom its action reaches on the class. Registered from the upper app's AppConfig.ready."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from hts.accounts.access import can


@dataclass(frozen=True)
class ClassLink:
    url_name: str  # takes the class's uid
    label: Any
    action: str
    testid: str = ""


CLASS_LINKS: list[ClassLink] = []


def register_class_link(link: ClassLink) -> None:
    if link not in CLASS_LINKS:
        CLASS_LINKS.append(link)


def class_links(user: Any, school_class: Any) -> list[tuple[str, Any, str]]:
    """(address, label, test id) of each registered link the user's action reaches on the class."""
    return [
        (reverse(link.url_name, args=[school_class.uid]), link.label, link.testid)
        for link in CLASS_LINKS
        if can(user, link.action, school_class)
    ]
