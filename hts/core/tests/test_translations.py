"""The Chinese catalogue is complete and the committed .mo matches the .po."""

import ast
import gettext
import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _catalogue(path: Path = PO) -> dict[tuple[str, str], tuple[str, bool]]:
    """{(msgctxt, msgid): (first msgstr, fuzzy)} for each entry of a .po file ("" when no context)."""

    def join(chunk: str) -> str:
        return "".join(re.findall(r'"(.*)"', chunk)).encode().decode("unicode_escape").encode("latin-1").decode()

    catalogue = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text = "\n".join(line for line in lines if not line.startswith("#"))
        msgctxt = re.search(r'^msgctxt ((?:".*"\n?)+)', text, re.M)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', text, re.M)
        if not msgid or not msgstr or not join(msgid.group(1)):
            continue
        key = (join(msgctxt.group(1)) if msgctxt else "", join(msgid.group(1)))
        catalogue[key] = (join(msgstr.group(1)), fuzzy)
    return catalogue


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for each entry of the .po file."""
    return [(msgid, msgstr, fuzzy) for (_ctx, msgid), (msgstr, fuzzy) in _catalogue().items()]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = _entries()
    assert len(entries) > 300
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


# A Chinese sentence takes full-width punctuation: an ASCII comma, colon or semicolon between Chinese
# characters (or a placeholder) reads as a typo to a Chinese reader.
_HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff）》”][,:;](?=[\u4e00-\u9fff“《（%])")


def test_chinese_sentences_use_full_width_punctuation() -> None:
    found = [msgstr for _msgid, msgstr, _fuzzy in _entries() if _HALF_WIDTH_IN_CHINESE.search(msgstr)]
    assert found == []


# A half-width colon next to Chinese text (spaces allowed), or between a placeholder and Chinese text,
# as in "民主测评: 同事" or "%(points)s:给出": Chinese takes "：". Times (08:30), ratios (1:1) and URLs
# have digits or slashes on their sides and are left alone.
_CJK = "[\u3400-\u9fff\u3001-\u303f\uff08\uff09“”《》]"
_PLACEHOLDER = r"(?:%\(\w+\)[sd]|\{\w*\})"
_COLON_BY_CHINESE = re.compile(
    rf"{_CJK}[ \t]*:(?!//)|(?<![\w/]):[ \t]*{_CJK}|{_PLACEHOLDER}[ \t]*:[ \t]*{_CJK}|{_CJK}[ \t]*:[ \t]*{_PLACEHOLDER}"
)
# In a template the Chinese is the translation: a colon straight after a translate tag follows it.
_COLON_AFTER_TRANSLATION = re.compile(
    r"""(?:\{% translate (?:"[^"]*"|'[^']*')[^%]*%\}|\{% endblocktranslate %\})[ \t]*:"""
)

_BLOCK_BODY = re.compile(r"\{% blocktranslate.*?\{% endblocktranslate %\}")


def test_no_half_width_colon_by_chinese_text_in_the_catalogue() -> None:
    found = [msgstr for _msgid, msgstr, _fuzzy in _entries() if _COLON_BY_CHINESE.search(msgstr)]
    assert found == []


def test_no_half_width_colon_by_chinese_text_in_templates() -> None:
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "hts").rglob("templates/**/*.html")) + sorted(
        (Path(settings.BASE_DIR) / "templates").rglob("*.html")
    ):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # English msgids inside the tags are the catalogue's business (checked above).
            line = _BLOCK_BODY.sub("{% endblocktranslate %}", line)
            if _COLON_AFTER_TRANSLATION.search(line) or _COLON_BY_CHINESE.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert found == []


def test_the_colon_checks_catch_the_cases_they_are_for() -> None:
    for bad in ("民主测评: 同事", "根据记录建议得分为 %(points)s:给出", "缺:{missing}"):
        assert _COLON_BY_CHINESE.search(bad), bad
    for fine in ("08:30 开始", "1 即 1:1", "见 https://例子", "%(start)s:%(end)s", "民主测评：同事"):
        assert not _COLON_BY_CHINESE.search(fine), fine
    assert _COLON_AFTER_TRANSLATION.search('{% translate "Democratic rating" %}: {{ x }}')
    assert not _COLON_AFTER_TRANSLATION.search('{% translate "Democratic rating" %}：{{ x }}')


def test_the_compiled_catalogue_matches_the_source() -> None:
    with open(PO.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        (ctx, msgid)
        for (ctx, msgid), (msgstr, _fuzzy) in _catalogue().items()
        if "%(" not in msgid and (compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)) != msgstr
    ]
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


# The names xgettext (driven by `makemessages`) extracts from Python. A translation function imported
# under any other name (`gettext_lazy as _lazy`) is invisible to it: its strings never reach the
# catalogue and show in English.
TRANSLATION_FUNCTIONS = {
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 1,
    "ngettext_lazy": 1,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 2,
    "npgettext_lazy": 2,
}
EXTRACTED_ALIASES = {"gettext": "_", "gettext_lazy": "_", "gettext_noop": "_"}


def _source_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        path
        for path in sorted(base.glob("hts/**/*.py"))
        if "/tests/" not in str(path) and "/migrations/" not in str(path)
    ]


def _translation_calls(path: Path) -> tuple[list[str], list[tuple[int, str, str, str]]]:
    """(problems, [(line, function, msgctxt, msgid)]) for one Python module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name not in TRANSLATION_FUNCTIONS:
                    continue
                if alias.asname and alias.asname != alias.name and EXTRACTED_ALIASES.get(alias.name) != alias.asname:
                    problems.append(f"line {node.lineno}: {alias.name} as {alias.asname} is not extracted")
                names[alias.asname or alias.name] = alias.name
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
            continue
        function = names[node.func.id]
        literal_count = TRANSLATION_FUNCTIONS[function]
        args = node.args[:literal_count]
        if len(args) < literal_count or not all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args
        ):
            problems.append(f"line {node.lineno}: {node.func.id}(…) needs a literal message, not a variable")
            continue
        values = [arg.value for arg in args]  # type: ignore[attr-defined]
        context, msgid = (values[0], values[1]) if literal_count == 2 else ("", values[0])
        calls.append((node.lineno, function, context, msgid))
    return problems, calls


def test_every_translation_call_is_extractable_and_in_the_catalogue() -> None:
    """A gettext call under an alias makemessages misses, or with a message absent from the catalogue, fails."""
    known = set(_catalogue())
    base = Path(settings.BASE_DIR)
    failures = []
    for path in _source_files():
        problems, calls = _translation_calls(path)
        failures += [f"{path.relative_to(base)} {problem}" for problem in problems]
        failures += [
            f"{path.relative_to(base)} line {line}: {msgid!r} ({context or 'no context'}) is not in the catalogue"
            for line, _function, context, msgid in calls
            if (context, msgid) not in known
        ]
    assert failures == []


def test_the_alias_check_catches_an_unextracted_alias(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _lazy\n"
        "from django.utils.translation import pgettext\n"
        "LABEL = _lazy('Terminate')\n"
        "TITLE = pgettext('round', 'Title')\n",
        encoding="utf-8",
    )
    problems, calls = _translation_calls(module)
    assert problems == ["line 1: gettext_lazy as _lazy is not extracted"]
    assert [(function, context, msgid) for _line, function, context, msgid in calls] == [
        ("gettext_lazy", "", "Terminate"),
        ("pgettext", "round", "Title"),
    ]


def test_makemessages_finds_nothing_the_catalogue_lacks(tmp_path: Path) -> None:
    """Extracts the messages of a copy of the sources, as `make messages` would, and compares them."""
    assert shutil.which("xgettext"), "gettext is missing: `make system-deps` installs it"
    base = Path(settings.BASE_DIR)
    for folder in ("hts", "templates"):
        shutil.copytree(
            base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "static", "*.pyc")
        )
    (tmp_path / "locale").mkdir()
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
            call_command("makemessages", locale=["zh_Hans"], verbosity=0, no_location=True)
    finally:
        os.chdir(here)
    extracted = _catalogue(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    missing = sorted(set(extracted) - set(_catalogue()))
    assert missing == []
