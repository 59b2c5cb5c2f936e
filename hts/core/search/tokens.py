"""Chinese text to the tokens both engines match (issue 16 point 9).

The text is tokenised here, in Python, and the database only matches whole tokens separated by spaces:
so SQLite's FTS5 and PostgreSQL's full text answer the same query with the same rows. Both the indexed
text and the query go through the same steps: traditional characters to simplified (OpenCC t2s),
lower case, jieba's search mode (a word and its shorter words: 实验学校 → 实验, 学校, 实验学校). A
person's name adds its pinyin, whole and as initials (张晓明 → zhangxiaoming, zxm, zhang, xiaoming);
a title adds its single characters, so a query word jieba cuts differently still finds it; a school's
name adds its segments without the place in front (深圳市福田区实验学校 → 福田, 实验, 实验学校), so a
short name of the words (福田实验) matches. A studio's or a school's name adds the pinyin and initials of
its own words, without the generic ones (向阳花班主任工作室 → xiangyanghua, xyh; 福田区实验学校 →
shiyan, sy, futianshiyan, ftsy).

Precision: a query word of Latin letters shorter than PREFIX_FROM matches whole tokens only (xyh finds
the initials xyh, not every name whose initials begin so); a longer one also matches as a prefix
(xiangyang finds xiangyanghua).
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
    """jieba, imported on the first text cut (or by ``warm()`` when a web worker starts)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def warm() -> None:
    """Load jieba's dictionary and OpenCC's tables now (a web worker at start), not on the first search."""
    _jieba().initialize()
    _t2s()
    lazy_pinyin("预热")


# Letters and digits (any script); an underscore or any punctuation separates tokens, as FTS5's
# unicode61 tokenizer does, so a token never holds a character the engines would split on.
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# The longest text tokenised per entry: enough for any title and the opening of a long text.
MAX_TEXT = 20_000
# A place's kind at the end of its name, dropped to find the short name (福田区 → 福田).
_PLACE_SUFFIX = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "镇", "乡", "街道")
# Words every studio's or school's name ends with: their pinyin would match them all.
_GENERIC_SUFFIX = (
    "名班主任工作室", "班主任工作室", "名师工作室", "工作室", "九年一贯制学校", "十二年一贯制学校", "完全中学",
    "初级中学", "高级中学", "中心小学", "学校", "小学", "中学", "幼儿园",
)  # fmt: skip
# A Latin query word this long or longer also matches as a token's prefix; a shorter one only whole.
PREFIX_FROM = 4


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


def _spelled(text: str) -> list[str]:
    """Pinyin of the text, whole and as initials (向阳花 → xiangyanghua, xyh)."""
    syllables = [s for s in lazy_pinyin(text) if s.isalpha()]
    if len(syllables) < 2:
        return ["".join(syllables)] if syllables else []
    initials = [s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s.isalpha()]
    return ["".join(syllables), "".join(initials)]


def own_words(name: str) -> str:
    """A studio's or school's name without the generic word at its end (向阳花班主任工作室 → 向阳花);
    unchanged when nothing would be left."""
    name = normalise(name).strip()
    for suffix in _GENERIC_SUFFIX:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def thing_pinyin(name: str) -> list[str]:
    """The pinyin and initials of a studio's or a school's own words (向阳花班主任工作室 → xiangyanghua,
    xyh), never of the generic end (bzrgzs would find every studio)."""
    own = "".join(_CJK.findall(own_words(name)))
    return _spelled(own) if own else []


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
    tokens = list(own) + stems + words_of(rest) + thing_pinyin(rest)
    # The usual short name: the nearest place's stem and the school's first word (福田实验).
    if stems and own:
        tokens.append(stems[0] + own[0])
        tokens += _spelled(stems[0] + own_words(own[0]))
    return tokens


def index_tokens(
    *,
    title: str,
    text: str = "",
    names: Iterable[str] = (),
    schools: Iterable[tuple[str, Iterable[str]]] = (),
    things: Iterable[str] = (),
) -> str:
    """The space-separated tokens of an entry: words of its title and text, its title's characters,
    each name's pinyin, each studio's pinyin and each school's segments; each once, in first-seen order."""
    tokens = words_of(title) + characters_of(title) + words_of(text)
    for name in names:
        tokens += words_of(name) + characters_of(name) + pinyin_of(name)
    for thing in things:
        tokens += words_of(thing) + characters_of(thing) + thing_pinyin(thing)
    for school, places in schools:
        tokens += school_segments(school, places)
    return " ".join(dict.fromkeys(t for t in tokens if t))


def query_groups(query: str) -> list[list[list[str]]]:
    """The query as groups that must all match; a group matches when any of its alternatives does, an
    alternative when all its tokens do. A Chinese word of several characters: the word, or its
    search-mode words, or its characters; a word in Latin letters or digits: whole, or as a prefix
    when it has PREFIX_FROM characters or more (zhang finds zhangxiaoming). Prefix tokens end with ``*``.
    The same query typed again (the next page, another visitor) is not cut again."""
    return [[list(alt) for alt in group] for group in _query_groups(" ".join(query.split()))]


@lru_cache(maxsize=2048)
def _query_groups(query: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    groups: list[list[list[str]]] = []
    for word in dict.fromkeys(_words(_jieba().cut(normalise(query)))):
        if not _CJK.search(word):
            groups.append([[word + "*" if len(word) >= PREFIX_FROM else word]])
            continue
        alternatives = [[word]]
        if len(word) > 1:
            finer = [w for w in dict.fromkeys(_words(_jieba().cut_for_search(word))) if w != word]
            if finer:
                alternatives.append(finer)
            alternatives.append(list(dict.fromkeys(_CJK.findall(word))))
        groups.append(alternatives)
    return tuple(tuple(tuple(alt) for alt in group) for group in groups[:12])
