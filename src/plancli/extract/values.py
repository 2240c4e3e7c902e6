"""Values as plans write them: a table cell such as ``≧98``, ``100%以上``, ``≧3.5万`` or ``保持高水平``.

``parse_value`` turns one cell into a ``Value`` (comparator, number, unit) and always keeps the
text it was given. The scanning pieces (``normalize_text``, ``find_quantities`` and
``detached_comparator``) are shared with ``plancli.extract.target_sentences``, which reads the same
quantities in running prose.

Rules, chosen once and used everywhere:

* A number with no comparator word is ``=``. ``达到`` / ``达`` add nothing to that: "达到50%" is
  ``= 50`` (the level the plan names); "达到50%以上" is ``>= 50`` because of ``以上``.
* ``以上`` / ``不低于`` / ``不少于`` / ``至少`` are ``>=``; ``超过`` / ``大于`` / ``高于`` / ``多``
  / ``余`` are ``>``; ``以下`` / ``以内`` / ``不超过`` are ``<=``; ``低于`` / ``少于`` / ``不足``
  are ``<``; ``约`` / ``左右`` / ``近`` are ``approx``.
* A range ("1-2项", "3至5所", "85%-90%") is ``>=`` its lower bound, the least the plan commits
  to; its upper end is kept as ``upper``.
* ``保持`` / ``巩固`` / ``维持`` with no other comparator is ``maintain``; its value, if any, is
  the level to keep ("保持高水平" has none, "保持100%" has 100). An explicit comparator wins:
  "保持在100%以上" is ``>= 100``.
* The magnitudes 万 (10^4) and 亿 (10^8) multiply the number ("≧3.5万" is 35000, "3.5万个" is
  35000 个), except before 元: money keeps its stated unit ("1.2亿元" is 1.2 亿元), because plans
  keep their budgets in 万元 and converting would only hide that.
* Full-width digits and signs count as their ASCII forms, and the letter O typed for a zero
  inside a number ("2O2O", "1OO%") counts as 0.
* A ratio ("1:3") is not a single value and is skipped by ``find_quantities``; prose targets read
  ratios and fractions ("1:3", "1/3", "三分之一", "一半") with ``find_proportions``: the value is
  a/b, the unit ":" for a ratio and "/" for a fraction.
* Units are normalized: "个小时" is "小时", traditional characters count as simplified ("個百分點"
  is "个百分点").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from plancli.lang.fold import fold_script, fold_width
from plancli.lang.numerals import CN_ONE_TO_NINE
from plancli.lang.patterns import NON_THOUSANDS_COMMA, QUANTITY_DIGITS

__all__ = [
    "Comparator",
    "Quantity",
    "Value",
    "detached_comparator",
    "find_proportions",
    "find_quantities",
    "normalize_text",
    "parse_value",
    "parse_values",
    "unit_from_name",
]

Comparator = Literal[">=", ">", "<=", "<", "=", "maintain", "approx"]

# Comparator words written just before a number, e.g. "不低于90%", "≧98", "约3万".
_PREFIX_COMPARATORS: dict[str, Comparator] = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "≥": ">=", "≧": ">=",
    ">=": ">=", "⩾": ">=",
    "超过": ">", "大于": ">", "高于": ">", "多于": ">", ">": ">",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "不大于": "<=", "至多": "<=", "最多": "<=",
    "≤": "<=", "≦": "<=", "<=": "<=", "⩽": "<=",
    "低于": "<", "少于": "<", "小于": "<", "不足": "<", "<": "<",
    "约": "approx", "大约": "approx", "将近": "approx", "接近": "approx", "近": "approx",
    "=": "=",
}
# Comparator words written after the number and its unit, e.g. "95%以上", "3万左右".
_SUFFIX_COMPARATORS: dict[str, Comparator] = {
    "及以上": ">=", "或以上": ">=", "以上": ">=",
    "及以下": "<=", "以下": "<=", "以内": "<=",
    "左右": "approx",
}
# "200多家", "300余所": more than the number.
_MORE_THAN: Comparator = ">"
_MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_MONEY_UNIT = "元"
# Matched longest first (see _alternation): "个百分点" wins over "个", "人次" over "人".
_UNITS = (
    "%", "‰", "个百分点", "百分点", "平方米", "平方公里", "立方米", "人次", "个小时", "小时",
    "分钟", "个月", "课时", "学时", "学分", "Mbps", "M", "兆", "元", "年", "所", "个", "名",
    "人", "间", "项", "家", "支", "倍", "岁", "座", "套", "台", "张", "册", "篇", "门", "次",
    "天", "周", "班", "对", "枚", "亩",
)
# Units written two ways, and the one kept.
_UNIT_SYNONYMS = {"个小时": "小时"}
_MAINTAIN = re.compile(r"保持|巩固|维持")


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of literal words, longest first so that no word shadows a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# At most QUANTITY_DIGITS digits before and after the point: a longer run is no quantity.
_FRACTION = rf"(?:\.\d{{1,{QUANTITY_DIGITS}}})?"
_NUMBER = rf"\d{{1,3}}(?:,\d{{3}}){{1,{QUANTITY_DIGITS // 3 - 1}}}{_FRACTION}|\d{{1,{QUANTITY_DIGITS}}}{_FRACTION}"
# A number glued to a Latin letter ("N<5", "OLE_LINK15"), part of a version ("2.0.1") or of a
# ratio ("1:3", "1∶3") is not a quantity; one after a label ("小学：62") is.
_NUMBER_START = r"(?<![\dA-Za-z])(?<!\d[:∶])(?<!\d\.)"
_NUMBER_END = r"(?!\d|\.\d|\s*[:∶]\s*\d)"
# One quantity: [comparator] number [range] [多/余] [万/亿] [unit] [comparator].
_QUANTITY = re.compile(
    rf"(?:(?P<prefix>{_alternation(_PREFIX_COMPARATORS)})\s*)?"
    rf"{_NUMBER_START}(?P<number>{_NUMBER}){_NUMBER_END}"
    rf"(?:\s*[-~—–至到]\s*(?P<upper>{_NUMBER}){_NUMBER_END})?"
    r"(?P<more>[多余])?"
    r"(?P<magnitude>[万亿])?"
    rf"(?P<unit>{_alternation(_UNITS)})?"
    # A range that repeats the unit: "85%-90%", "3所至5所".
    rf"(?:\s*[-~—–至到]\s*(?P<upper_with_unit>{_NUMBER}){_NUMBER_END}(?:{_alternation(_UNITS)}))?"
    rf"(?P<suffix>{_alternation(_SUFFIX_COMPARATORS)})?"
)
_PREFIX_WORD = re.compile(_alternation(_PREFIX_COMPARATORS))
_MIN_WORD_LENGTH = 2
# A run of digits in which the letter O stands for a zero: "2O2O", "1OO", "O.5". Leading O's and
# dots are tried only where their run starts: a search restarting inside a long run of dots
# ("．．．…") would rescan it from every position.
_DIGIT_RUN = re.compile(r"(?<![A-Za-z])(?:(?<![Oo.])[Oo.]+)?\d[\dOo.]*(?![A-Za-z])")
# Separators between several values in one cell: "95%/98%", "95%\n98%", "95%、98%".
# A comma is a thousands separator only between a digit and exactly three digits ("1,500").
_VALUE_SEPARATOR = re.compile(rf"[/\n\r、;]|{NON_THOUSANDS_COMMA}")
# A unit in an indicator name: "（%）", "(个)", "（万元）", "（元/生）".
# (Searched for, not matched from the start with a lazy name: that backtracks on long blank runs.)
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（）()]*)[）)]\s*$")
_NAME_UNIT = re.compile(
    rf"^(?:[万亿千百十]?(?:{_alternation(_UNITS)}))(?:/[\u4e00-\u9fff]{{1,2}})?$"
    r"|^[A-Za-z%‰²³/.·]{1,6}$"
)


@dataclass(frozen=True)
class Quantity:
    """A number found in normalized text, with what is written right around it.

    ``start``/``end`` span the comparator words, the number and its unit; ``comparator`` is None
    when no comparator word is written next to the number.
    """

    start: int
    end: int
    comparator: Comparator | None
    value: float
    unit: str | None
    suffix: str | None
    upper: float | None = None  # the upper end of a range ("3-5所" is 3 to 5)


class DetachedComparator(NamedTuple):
    start: int
    end: int
    comparator: Comparator


# A ratio "1:3" / "1∶13.5", a fraction "1/3" or "三分之一", and 一半; bounded repeats keep
# the scan linear on long digit runs.
_RATIO = re.compile(r"(?<![\d.:∶])(?P<a>\d{1,4}(?:\.\d{1,3})?)\s?[:∶]\s?(?P<b>\d{1,4}(?:\.\d{1,3})?)(?![\d:∶])")
_FRACTION = re.compile(
    r"(?<![\d./])(?P<a>\d{1,3})/(?P<b>\d{1,3})(?![\d./])"
    rf"|(?P<cb>[{CN_ONE_TO_NINE}十])分之(?P<ca>[{CN_ONE_TO_NINE}十])|(?P<half>一半)"
)
_CN_DIGIT = {c: i for i, c in enumerate(CN_ONE_TO_NINE, 1)} | {"十": 10}


class Value(BaseModel):
    """One value of an indicator table, as parsed from its cell text."""

    model_config = ConfigDict(extra="forbid")

    text: str
    comparator: Comparator | None = None
    value: float | None = None
    unit: str | None = None


def normalize_text(text: str) -> str:
    """Full-width forms to ASCII and a typed O to 0 inside numbers, keeping every offset.

    Each character maps to exactly one character, so a position in the result is the same
    position in ``text``.
    """
    return _DIGIT_RUN.sub(lambda m: re.sub("[Oo]", "0", m.group()), fold_script(fold_width(text)))


def find_quantities(normalized: str) -> list[Quantity]:
    """Every quantity in text already passed through ``normalize_text``, in order."""
    return [_quantity(match) for match in _QUANTITY.finditer(normalized)]


def find_proportions(normalized: str) -> list[Quantity]:
    """Every ratio ("1:3") and fraction ("1/3", "三分之一", "一半") in normalized text, in order."""
    found = []
    for match in _RATIO.finditer(normalized):
        a, b = float(match.group("a")), float(match.group("b"))
        if b:
            found.append(Quantity(match.start(), match.end(), None, a / b, ":", None))
    for match in _FRACTION.finditer(normalized):
        if match.group("half"):
            a, b = 1.0, 2.0
        elif match.group("cb"):
            a, b = float(_CN_DIGIT[match.group("ca")]), float(_CN_DIGIT[match.group("cb")])
        else:
            a, b = float(match.group("a")), float(match.group("b"))
        if b and a < b:
            found.append(Quantity(match.start(), match.end(), None, a / b, "/", None))
    return sorted(found, key=lambda q: q.start)


def detached_comparator(before: str) -> DetachedComparator | None:
    """The last comparator word in the text before a number, with its offset.

    "不少于专任教师总数的5%" is ``>= 5`` although words stand between. Only words count here, not
    a lone sign or 约/近, which are comparators only right next to their number ("近视率" is not
    "approx").
    """
    words = [m for m in _PREFIX_WORD.finditer(before) if len(m.group()) >= _MIN_WORD_LENGTH]
    if not words:
        return None
    return DetachedComparator(words[-1].start(), words[-1].end(), _PREFIX_COMPARATORS[words[-1].group()])


def parse_values(text: str, unit_hint: str | None = None) -> list[Value]:
    """Every value of a cell: one per separated part when each part holds a number.

    "95%/98%" gives two values; "≧98" or "保持高水平" gives one; ``text`` of each value is its
    part of the cell, stripped of surrounding blanks.
    """
    normalized = normalize_text(text)
    separators = list(_VALUE_SEPARATOR.finditer(normalized))
    starts = [0, *(m.end() for m in separators)]
    ends = [*(m.start() for m in separators), len(text)]
    parts = [(s, e) for s, e in zip(starts, ends, strict=True) if normalized[s:e].strip()]
    if len(parts) > 1 and all(find_quantities(normalized[s:e]) for s, e in parts):
        return [_parse_one(text[s:e].strip(), normalized[s:e].strip(), unit_hint) for s, e in parts]
    return [_parse_one(text, normalized, unit_hint)]


def parse_value(text: str, unit_hint: str | None = None) -> Value:
    """The (first) value of a cell; ``text`` is kept exactly as given.

    ``unit_hint`` (usually the unit of the indicator's name) fills ``unit`` when the cell
    states none.
    """
    return parse_values(text, unit_hint)[0].model_copy(update={"text": text})


def unit_from_name(name: str) -> tuple[str, str | None]:
    """Split "学前教育毛入园率（%）" into ("学前教育毛入园率", "%"); (name, None) without a unit.

    Only a trailing parenthesis that reads as a unit counts, so "覆盖率（公办园占比）" stays whole.
    """
    match = _UNIT_IN_NAME.search(name)
    if match:
        unit = unicodedata.normalize("NFKC", match.group("unit").strip())
        if _NAME_UNIT.match(unit):
            return name[: match.start()].rstrip(), unit
    return name, None


def _parse_one(text: str, normalized: str, unit_hint: str | None) -> Value:
    quantities = find_quantities(normalized)
    if not quantities:
        comparator: Comparator | None = "maintain" if _MAINTAIN.search(normalized) else None
        return Value(text=text, comparator=comparator)
    first = quantities[0]
    detached = detached_comparator(normalized[: first.start])
    comparator = first.comparator or (detached.comparator if detached else None)
    if comparator is None:
        comparator = "maintain" if _MAINTAIN.search(normalized[: first.start]) else "="
    return Value(text=text, comparator=comparator, value=first.value, unit=first.unit or unit_hint)


def _quantity(match: re.Match[str]) -> Quantity:
    number = Decimal(match.group("number").replace(",", ""))
    upper_text = match.group("upper") or match.group("upper_with_unit")
    upper = Decimal(upper_text.replace(",", "")) if upper_text else None
    magnitude, unit = match.group("magnitude"), match.group("unit")
    if magnitude and unit == _MONEY_UNIT:
        unit = magnitude + unit
    elif magnitude:
        number *= _MAGNITUDES[magnitude]
        upper = upper * _MAGNITUDES[magnitude] if upper is not None else None
    unit = _UNIT_SYNONYMS.get(unit, unit) if unit else unit
    suffix = match.group("suffix")
    comparator: Comparator | None
    if suffix:
        comparator = _SUFFIX_COMPARATORS[suffix]
    elif match.group("prefix"):
        comparator = _PREFIX_COMPARATORS[match.group("prefix")]
    elif match.group("more"):
        comparator = _MORE_THAN
    elif match.group("upper") or match.group("upper_with_unit"):
        comparator = ">="
    else:
        comparator = None
    return Quantity(
        start=match.start(),
        end=match.end(),
        comparator=comparator,
        value=float(number),
        unit=unit,
        suffix=suffix,
        upper=float(upper) if upper is not None and upper > number else None,
    )
