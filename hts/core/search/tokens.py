"""Chinese text to the tokens both engines match (issue 16 point 9).

The text is tokenised here, in Python, and the database only matches whole tokens separated by spaces:
so SQLite's FTS5 and PostgreSQL's full text answer the same query with the same rows. Both the indexed
text and the query go through the same steps: traditional characters to simplified (OpenCC t2s),
lower case, jieba's search mode (a word and its shorter words: 实验学校 → 实验, 学校, 实验学校). A
person's name adds its pinyin, whole and as initials (张晓明 → zhangxiaoming, zxm, zhang, xiaoming);
a title adds its single characters, so a query word jieba cuts differently still finds it; a school's
name adds its segments without the place in front (深圳市福田区实验学校 → 福田, 实验, 实验学校), so a
short name of the words (福田实验) matches.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import opencc
from pypinyin import Style, lazy_pinyin


@functools.cache
def _jieba() -> Any:
    """jieba, imported on the first text cut (not when the app starts; its dictionary loads then too)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


# Letters and digits (any script); an underscore or any punctuation separates tokens, as FTS5's
# unicode61 tokenizer does, so a token never holds a character the engines would split on.
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# The longest text tokenised per entry: enough for any title and the opening of a long text.
MAX_TEXT = 20_000
# A place's kind at the end of its name, dropped to find the short name (福田区 → 福田).
_PLACE_SUFFIX = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "镇", "乡", "街道")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Simplified characters, lower case, at most MAX_TEXT characters."""
    return _t2s().convert(text[:MAX_TEXT]).lower()


def _words(pieces: Iterable[str]) -> list[str]:
    out = []
    for piece in pieces:
        out.extend(_WORD.findall(piece))
    return out


def words_of(text: str) -> list[str]:
    """jieba's search-mode words of the text (normalised), punctuation left out."""
    return _words(_jieba().cut_for_search(normalise(text)))


def characters_of(text: str) -> list[str]:
    return _CJK.findall(normalise(text))


def pinyin_of(name: str) -> list[str]:
    """A person's name as pinyin: whole, initials, family name and given name (zhangxiaoming, zxm,
    zhang, xiaoming). A name without Chinese characters gives nothing."""
    name = normalise(name).strip()
    if not _CJK.search(name):
        return []
    syllables = [s for s in lazy_pinyin(name) if s.isalpha()]
    initials = [s[0] for s in lazy_pinyin(name, style=Style.FIRST_LETTER) if s.isalpha()]
    if not syllables:
        return []
    tokens = ["".join(syllables), "".join(initials), syllables[0]]
    if len(syllables) > 1:
        tokens.append("".join(syllables[1:]))
    return tokens


def place_stem(name: str) -> str:
    """A place's name without its kind (福田区 → 福田, 深圳市 → 深圳); unchanged when nothing is left."""
    for suffix in _PLACE_SUFFIX:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def school_segments(name: str, places: Iterable[str] = ()) -> list[str]:
    """The words of a school's name without the places in front of it, and the short name made of the
    district's stem and the school's own words (深圳市福田区实验学校 → 实验学校, 实验, 学校, 福田实验...).
    `places` are the names of the school's region and its ancestors, the nearest first."""
    name = normalise(name)
    rest = name
    stems = []
    for place in (normalise(p) for p in places):
        for form in (place, place_stem(place)):
            if form and form in rest:
                rest = rest.replace(form, " ", 1)
                stems.append(place_stem(place))
                break
    own = _words(_jieba().cut(rest))
    tokens = list(own) + stems + words_of(rest)
    # The usual short name: the nearest place's stem and the school's first word (福田实验).
    if stems and own:
        tokens.append(stems[0] + own[0])
    return tokens


def index_tokens(
    *, title: str, text: str = "", names: Iterable[str] = (), schools: Iterable[tuple[str, Iterable[str]]] = ()
) -> str:
    """The space-separated tokens of an entry: words of its title and text, its title's characters,
    each name's pinyin and each school's segments; each once, in first-seen order."""
    tokens = words_of(title) + characters_of(title) + words_of(text)
    for name in names:
        tokens += words_of(name) + characters_of(name) + pinyin_of(name)
    for school, places in schools:
        tokens += school_segments(school, places)
    return " ".join(dict.fromkeys(t for t in tokens if t))


def query_groups(query: str) -> list[list[list[str]]]:
    """The query as groups that must all match; a group matches when any of its alternatives does, an
    alternative when all its tokens do. A Chinese word of several characters: the word, or its
    search-mode words, or its characters; a word in Latin letters or digits: as a prefix (zhang finds
    zhangxiaoming). Prefix tokens end with ``*``."""
    groups: list[list[list[str]]] = []
    for word in dict.fromkeys(_words(_jieba().cut(normalise(query)))):
        if not _CJK.search(word):
            groups.append([[word + "*"]])
            continue
        alternatives = [[word]]
        if len(word) > 1:
            finer = [w for w in dict.fromkeys(_words(_jieba().cut_for_search(word))) if w != word]
            if finer:
                alternatives.append(finer)
            alternatives.append(list(dict.fromkeys(_CJK.findall(word))))
        groups.append(alternatives)
    return groups[:12]
