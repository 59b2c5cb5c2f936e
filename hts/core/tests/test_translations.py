"""The Chinese catalogue is complete and the committed .mo matches the .po."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for each entry of the .po file."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text = "\n".join(line for line in lines if not line.startswith("#"))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', text, re.M)
        if not msgid or not msgstr:
            continue

        def join(chunk: str) -> str:
            return "".join(re.findall(r'"(.*)"', chunk)).encode().decode("unicode_escape").encode("latin-1").decode()

        entries.append((join(msgid.group(1)), join(msgstr.group(1)), fuzzy))
    return [entry for entry in entries if entry[0]]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = _entries()
    assert len(entries) > 300
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    with open(PO.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr, _ in _entries() if "%(" not in msgid and compiled.gettext(msgid) != msgstr]
    assert stale == []


LITERAL_PATTERNS = [
    re.compile(r"""\{%\s*translate\s+"([^"]+)"(?:\s+as\s+\w+)?\s*%\}"""),
    re.compile(r"""\b_\("((?:[^"\\]|\\.)+)"\)"""),
]


BLOCK_PATTERN = re.compile(r"\{%\s*blocktranslate(?:\s+with[^%]*)?\s*%\}(.*?)\{%\s*endblocktranslate\s*%\}", re.S)


def test_every_literal_ui_string_is_in_the_catalogue() -> None:
    """Catches UI text added without `make messages`: it would show in English to Chinese users."""
    known = {msgid for msgid, _msgstr, _fuzzy in _entries()}
    base = Path(settings.BASE_DIR)
    missing = []
    for path in [*base.glob("hts/**/*.py"), *base.glob("hts/**/*.html"), *base.glob("templates/**/*.html")]:
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in LITERAL_PATTERNS:
            missing += [f"{path.relative_to(base)}: {m}" for m in pattern.findall(text) if m not in known]
        for block in BLOCK_PATTERN.findall(text):
            if "{% plural %}" in block:
                continue
            msgid = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", block)
            # makemessages writes a literal "%" beside placeholders as "%%".
            if msgid not in known and re.sub(r"%(?!\()", "%%", msgid) not in known:
                missing.append(f"{path.relative_to(base)}: {msgid}")
    assert missing == []
