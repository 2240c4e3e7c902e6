"""The numbering grammar of Chinese plan headings.

Recognizes one line as a heading of a given numbering *style* (第一部分, 第一篇, 第一章, 第一节,
一、, （一）, 1., （1）, ①) and splits it into its numeral, title and any body that follows on the same line.
Levels are not decided here: the tree builder ranks styles by the document's own nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plancli.lang.numerals import CN_COUNTING, CN_NUMERAL, FULLWIDTH_TO_ASCII_DIGITS, circled_to_int, cn_to_int
from plancli.lang.patterns import BLANK, DOT_LEADERS, TITLE_MAX

_CN_NUM = f"[{CN_NUMERAL}]+"

# Each style: its name, the pattern of its numeral (group "num" is the number itself) and the
# canonical label used in paths. Order matters only for ambiguous prefixes (chapter before cn).
_STYLES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("division", re.compile(rf"第\s*(?P<num>{_CN_NUM}|\d{{1,3}})\s*部分"), "第{}部分"),
    ("volume", re.compile(rf"第\s*(?P<num>{_CN_NUM}|\d{{1,3}})\s*篇"), "第{}篇"),
    ("chapter", re.compile(rf"第\s*(?P<num>{_CN_NUM}|\d{{1,3}})\s*章"), "第{}章"),
    ("part", re.compile(rf"第\s*(?P<num>{_CN_NUM}|\d{{1,3}})\s*[节節]"), "第{}节"),
    ("cn", re.compile(rf"(?<![{CN_NUMERAL}])(?P<num>{_CN_NUM})\s*[、.．]"), "{}"),
    ("cn_paren", re.compile(rf"[（(]\s*(?P<num>{_CN_NUM})\s*[）)]"), "（{}）"),
    ("arabic", re.compile(r"(?P<num>[0-9０-９]{1,2})\s*[.．、](?![0-9０-９])"), "{}"),
    ("arabic_paren", re.compile(r"[（(]\s*(?P<num>[0-9０-９]{1,2})\s*[）)]"), "（{}）"),
    ("circled", re.compile(r"(?P<num>[①-⑳])"), "{}"),
)
STYLE_NAMES = tuple(name for name, _, _ in _STYLES)

# A title must say something: at least one CJK character or latin letter.
_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# "一、二年级不布置书面作业": a list of numerals in a sentence, not a heading.
_NUMERAL_LIST = re.compile(rf"^[{CN_COUNTING}]+(?:年级|、|至|到|和|或|级|个)")
# Where a heading's own text ends and an inline body begins.
_TITLE_END = "。"
_TITLE_TRAILING = BLANK + "。．.：:；;"


@dataclass(frozen=True)
class HeadingMatch:
    style: str
    ordinal: int  # the numeral's value: （四） → 4
    number: str  # the numeral as written, e.g. "(一）" or "2．"
    label: str  # the numeral in canonical form for paths, e.g. "（一）" or "2"
    heading: str  # the heading as written, up to where an inline body starts
    title: str
    body: str | None  # text that follows the title on the same line


def match_heading(line: str) -> HeadingMatch | None:
    """Recognize LINE as a numbered heading, or return None."""
    stripped = line.strip(BLANK)
    for style, pattern, label_format in _STYLES:
        found = pattern.match(stripped)
        if not found:
            continue
        rest = stripped[found.end():]
        if not _MEANINGFUL.search(rest) or style == "cn" and _NUMERAL_LIST.match(rest):
            return None
        raw = found.group("num")
        ordinal = circled_to_int(raw) if style == "circled" else cn_to_int(raw)
        canonical = raw.translate(FULLWIDTH_TO_ASCII_DIGITS)
        heading, title, body = split_title(stripped, found.end())
        return HeadingMatch(
            style=style,
            ordinal=ordinal,
            number=found.group().strip(),
            label=label_format.format(canonical),
            heading=heading,
            title=title,
            body=body,
        )
    return None


def split_title(line: str, title_start: int) -> tuple[str, str, str | None]:
    """Split a heading line at its first 。: (heading as written, title, inline body or None)."""
    end = line.find(_TITLE_END, title_start)
    if end < 0 or not line[end + 1:].strip():
        heading, body = line.rstrip(BLANK), None
    else:
        heading, body = line[: end + 1], line[end + 1:].strip(BLANK)
    title = heading[title_start:].strip(BLANK).rstrip(_TITLE_TRAILING)
    if leaders := DOT_LEADERS.search(title):  # a contents entry's "……12" is no part of its title
        title = title[: leaders.start()].strip(BLANK).rstrip(_TITLE_TRAILING)
    return heading, title, body


# Paths are matched with brackets, dots and spaces normalized, so users may type either form.
_REF_FOLD = str.maketrans({"(": "（", ")": "）", "．": ".", "、": ".", " ": None, "\u3000": None, "節": "节"})


def normalize_ref(ref: str) -> str:
    return ref.translate(_REF_FOLD).translate(FULLWIDTH_TO_ASCII_DIGITS).strip(".")


_CN_OR_ARABIC = rf"[0-9０-９]{{1,2}}|[{CN_COUNTING}]+"
# "附件1：title", "附件二", "附件：" (the list of annexes) — and sentences that start with 附件.
ANNEX = re.compile(rf"^[\s\u3000]*附\s*件\s*(?P<num>{_CN_OR_ARABIC})?\s*(?P<colon>[：:])?\s*(?P<rest>.*)$")


def is_annex_heading(annex: re.Match[str]) -> bool:
    """"附件1：title" or "附件" alone, not a sentence that starts with 附件 ("附件1所列项目…。")."""
    rest = annex["rest"].strip(BLANK)
    named = bool(annex["num"] or annex["colon"] or not rest)
    return named and len(rest) <= TITLE_MAX and not rest.endswith("。")


def match_annex_heading(line: str) -> re.Match[str] | None:
    """LINE as an annex heading ("附件1：重点项目表"), or None."""
    annex = ANNEX.match(line)
    return annex if annex and is_annex_heading(annex) else None
