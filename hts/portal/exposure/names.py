"""Person names in Chinese text that no class list holds (a pupil of another school, a parent, a name
typed in a nickname's place), found by jieba's part-of-speech tagging (flag ``nr``).

jieba tags generously: ordinary words (安静, 母亲河, 春天里), titles (王老师), single characters (陈, 布) and
public figures (雷锋, 鲁迅, 孙悟空) come out as ``nr`` too. So a tagged word counts as a name only if
it reads as one: two to four Chinese characters beginning with a common family name, no title on it,
not a word jieba's dictionary knows well (a public figure or a common word: a frequency over
``KNOWN_WORD_FREQUENCY``), and not a name the public may read (the studio's own teachers). A family name
tagged alone followed by a short word (陈 + 浩然) is joined into one name, as jieba splits such names.
Masking a false positive costs a character the host sees in the preview; missing a pupil's name costs
the pupil, so where in doubt the rules mask.

jieba loads its dictionary (~0.6 s) on the first call, once per process, not at import.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

# The common family names (百家姓's frequent ones and the compound ones), enough for a school's pupils.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = frozenset(
    ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯")
)
# Words after a family name that make a form of address, not a name (王老师, 李校长, 张同学).
TITLES = (
    "老师", "同学", "校长", "主任", "书记", "家长", "妈妈", "爸爸", "阿姨", "叔叔", "奶奶", "爷爷", "老", "总", "师傅",
    "教授", "局长", "园长", "先生", "女士", "医生", "警官",
)  # fmt: skip
# jieba's dictionary knows public figures and ordinary words under ``nr`` with high counts (鲁迅 1507, 安静
# 1199, 雷锋 232); a pupil's name it knows at all is rare and counted low (王丽丽 36).
KNOWN_WORD_FREQUENCY = 100
# Names a school's text quotes that are no pupil's (leaders, heroes, writers, characters of the readers),
# and words jieba tags as names that are not: what the rules above let through and real texts hold.
NOT_PUPILS = frozenset(
    ("习近平", "毛泽东", "周恩来", "邓小平", "朱德", "刘少奇", "孙中山", "雷锋", "鲁迅", "孔子", "孟子", "老子", "李白",
     "杜甫", "白居易", "苏轼", "王安石", "陆游", "屈原", "诸葛亮", "岳飞", "钱学森", "袁隆平", "邓稼先", "华罗庚", "张衡",
     "孙悟空", "猪八戒", "沙和尚", "唐僧", "闰土", "黄继光", "邱少云", "董存瑞", "刘胡兰", "焦裕禄", "母亲河", "马卡龙")
)  # fmt: skip
# Tags of a short word that may be a given name after a family name tagged alone (陈/nr + 浩然/a).
GIVEN_NAME_FLAGS = frozenset({"a", "ag", "an", "n", "ng", "nr", "nz", "j", "b", "t", "tg", "z"})
CJK = re.compile(r"^[\u4e00-\u9fff]+$")

_lock = threading.Lock()
_tokenizer: Any = None


def _posseg() -> Any:
    """jieba's tagger, its dictionary loaded on first use (once per process, whichever thread asks)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
                tokenizer.tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def _family_name(word: str) -> str:
    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    return word[:1] if word[:1] in SURNAMES else ""


def _reads_as_name(word: str, frequency: int | None) -> bool:
    if not (2 <= len(word) <= 4 and CJK.match(word)):
        return False
    family = _family_name(word)
    given = word[len(family) :]
    if not family or not given or len(given) > 2:
        return False
    if any(given.startswith(title) for title in TITLES):
        return False
    return frequency is None or frequency < KNOWN_WORD_FREQUENCY


def detected_names(text: str, *, public: Iterable[str] = ()) -> list[str]:
    """The person names in `text` (plain text) that read as a name and are not in `public`, in order of
    first appearance, each once."""
    if not text.strip():
        return []
    tokenizer = _posseg()
    frequencies = tokenizer.tokenizer.FREQ
    known_public = {name for name in public if name}
    tokens = [(pair.word, pair.flag) for pair in tokenizer.cut(text)]
    found: list[str] = []
    for index, (word, flag) in enumerate(tokens):
        candidate = ""
        family_alone = (flag == "nr" and len(word) == 1 and word in SURNAMES) or word in COMPOUND_SURNAMES
        if family_alone and index + 1 < len(tokens):
            following, following_flag = tokens[index + 1]
            if 1 <= len(following) <= 2 and following_flag in GIVEN_NAME_FLAGS and CJK.match(following):
                candidate = word + following
        elif flag in ("nr", "nrfg"):
            candidate = word
        if not candidate or candidate in found or candidate in known_public or candidate in NOT_PUPILS:
            continue
        if any(candidate in name for name in known_public):
            continue
        if _reads_as_name(candidate, frequencies.get(candidate) if candidate == word else None):
            found.append(candidate)
    return found
