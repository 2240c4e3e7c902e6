"""Quantitative commitments in the prose of a plan: "到2022年，…配备率达到60%" and the like.

``find_targets`` reads one paragraph and returns one ``TargetMatch`` per number the plan commits
to. Sentences end at 。！？ and are cut again at ；; clauses are the pieces between ，and ：.

What counts as a target
-----------------------
A plan mixes what it will do with what it has done ("2019年GDP比2016年增长22.1%"). A number is
a target only when its sentence looks forward:

1. A paragraph that states a past time (a year before the plan's start year, by default
   ``PLAN_START_YEAR``, such as "2015年"; an earlier five-year period such as "十三五"; or
   已 / 先后 / 目前 / 截至 / 近年来 / 近三年 …) and no future time is a review of
   the past: it has no targets.
2. A sentence with a future time ("到2025年", "2022年前", "十四五期间/时期/末") is forward
   looking; so is every later ；-part of the same 。-sentence, and every sentence of a paragraph
   whose first clause is such a time.
3. Otherwise a sentence with a past time or one of the past words of rule 1 is not.
4. Otherwise a sentence is forward looking when it carries a commitment verb (力争, 确保, 实现,
   建成, 新增, 打造, 达到, 保持, 不低于 …), and a single number is a target when what it
   measures is a rate or share (…率, …比例, …占比): "家庭贫困生资助覆盖率100%".

Inside a forward sentence, a number is skipped when it is a year ("2025年"), a date, sits in a
title 《…》 or a document number 〔…〕, is an ordinal ("第2"), has no unit (plan names such as
"5080", versions such as "2.0"), is a ratio ("1:3"), or qualifies a noun ("1000人以上的中学").

Fields
------
* ``year``: the future year nearest before the number in its 。-sentence, else the first one
  after it, else the paragraph's lead year; a five-year period ("十四五期间", "十五五末") means
  its last year (2025, 2030).
* ``subject``: what is measured. Rates are named before the number ("优良率大于50%"), counts
  after it ("新增5个区级…基地"); connectors and verbs at the edges (全区, 确保, 实现, 达到, 分别 …),
  parentheses and quotes are dropped. A bare "配备率" borrows the noun that ends the previous
  clause; "3所省级、10所市级智慧校园" shares the head noun ("省级智慧校园").
* ``comparator``, ``value``, ``unit``: as in ``plancli.extract.values`` (达到 is "=", a range is
  ">=" its lower bound, 万 multiplies except before 元). A comparator written away from its
  number ("不少于专任教师总数的5%") still applies, and "93%和98%以上" gives both numbers ">=".
* ``text``: the number as written with its comparator words; ``start`` its offset in the
  paragraph; ``sentence`` the sentence (or ；-part) that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict

from plancli.extract.values import (
    Comparator,
    Quantity,
    detached_comparator,
    find_quantities,
    normalize_text,
)
from plancli.lang.numerals import CN_COUNTING, CN_ONE_TO_NINE
from plancli.lang.patterns import NON_THOUSANDS_COMMA
from plancli.lang.periods import FIVE_YEAR_NAME, named_period

__all__ = ["PLAN_START_YEAR", "TargetComparator", "TargetMatch", "find_targets"]

# The start year of the 十四五 plans; plan_targets passes each plan's own.
PLAN_START_YEAR = 2021

TargetComparator = Literal[">=", ">", "<=", "<", "=", "approx"]

# Masked before scanning: titles, document numbers ("清城教〔2016〕107号") and year spans
# ("2018—2022年"), which are neither points in time nor quantities.
_MASKED = re.compile(
    r"《[^《》]*》|〔[^〔〕]*〕"
    # (Blanks go with 年, so no two \s* stand side by side to backtrack on a long blank run.)
    r"|(?<!\d)(?:19|20)\d{2}(?:\s*年)?(?:\s*[-~—–至到]\s*(?:19|20)\d{2})+(?:\s*年)?"
)
_MASK_CHAR = "\x00"
# On normalized text: "，" is ",", "：" is ":", "；" is ";", "！" is "!", "？" is "?".
_SENTENCE_END = re.compile(r"[。!?]")
_PART_END = re.compile(r";")
_CLAUSE_END = re.compile(rf":|{NON_THOUSANDS_COMMA}")
_LEAD_CLAUSE_END = re.compile(rf"[;。!?]|{_CLAUSE_END.pattern}")

_YEAR_POINT = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
# A five-year period: "十三五" (a past one) or "十四五期间" (a point in time at its end).
_FIVE_YEAR_PERIOD = re.compile(rf"{FIVE_YEAR_NAME}[”\"’']?(?P<when>期间|时期|期末|末)?")
_PAST_WORDS = re.compile(
    # (Numerals bounded: an unbounded run before 年 rescans a long digit run from every position.)
    rf"已|先后|目前|截至|近年来|近[{CN_COUNTING}两\d]{{1,6}}年|[{CN_COUNTING}两多\d]{{1,6}}年来|以来")
_COMMITMENT = re.compile(
    r"力争|确保|争取|努力|计划|将|实现|建成|新建|新增|打造|创建|创办|培育|培养|推出|形成|办好"
    r"|引进|建设|保障|达到|达(?=\s*\d)|保持|提高到|提高至|提升到|提升至|控制在|不低于|不少于|不超过"
)
# A verb of change right before the number ("每年下降0.5个百分点"); 提高到/提高至 name a level.
_DECREASE = re.compile(r"(?:下降|降低|减少|压减|缩小|减少了|下降了)\s*$")
_INCREASE = re.compile(r"(?:提高|提升|增长|增加|上升|增长了|提高了)\s*$")
_RATE_SUBJECT = re.compile(r"(?:率|比例|占比|比重)$")

# Units whose subject is usually the noun after the number: counts ("建成3所…学校") and
# durations ("1个小时体育活动时间").
_NOUN_AFTER_UNITS = frozenset([
    "所", "个", "名", "人", "人次", "间", "项", "家", "支", "座", "套", "台", "张", "册", "篇", "门", "次", "班",
    "对", "枚", "个小时", "小时",
])
_QUALIFIER_SUFFIXES = frozenset({"以上", "及以上", "或以上", "以下", "及以下"})
_CONJUNCTION = re.compile(r"^\s*(?:和|与|及|以及|或|、)\s*$")
# A count followed by 、/和 has no noun of its own: "市级名校长10名以上、名教师30名以上".
_ITEM_CLOSED = re.compile(r"(?<!\s)\s*(?:、|和|及|与)")  # (?<!\s): never rescan a blank run
_YEARS = range(1900, 2100)

# Subject cleaning, applied to the text as written (full- or half-width).
_TIME_PHRASE = re.compile(
    # (?<!\s): blanks are taken from where their run starts, not rescanned from inside it.
    r"(?:到|至|在|于|截至|截止)?(?<!\s)\s*[0-9０-９]{4}\s*年(?:底|末|前|内|以前|之前)?"
    rf"|[“\"]?十[{CN_ONE_TO_NINE}]五[”\"]?(?:期间|时期|期末|末)?"
)
_PARENTHESIS = re.compile(r"[（(][^（）()]*[）)]")
_QUOTES = re.compile(r"[“”\"‘’「」『』]")
_LEADING_FILLER = re.compile(
    r"^(?:全区|全市|全县|全省|全镇|确保|力争|争取|努力|实现|同时|其中|进一步|全面|重点|计划|将|并且|并"
    r"|以及|和|及|与|或|、|建成|建设|创建|创办|打造|培育|培养|推出|形成|办好|引进|拥有"
    r"|提高|提升|扩大|增加|保持|保障|达到|始终|的|[\s,，:：;；。!！?？])+"
)
_TRAILING_FILLER = re.compile(
    r"(?:分别|始终|均|为|达到|达|保持在|保持|稳定在|控制在|提高到|提高至|提升到|提升至"
    r"|增加到|增加至|增长到|增至|降至|降低到|降低至|下降|增长|提高|提升|总计|合计|共|各|每年|每学年"
    r"|、|和|及|与|的|[\s,，:：;；。!！?？])+$"
)
# An enumeration after a count moves on to a new item: "1个…基地、一批…示范校".
_NEXT_ITEM = re.compile(r"、(?=\s*(?:\d|一批|若干|一些|多个|一系列))")
_LEVEL_MODIFIER = re.compile(r"^.*?级(?P<head>.+)$")
# Subjects shorter than this say too little ("每批"); rates this short ("配备率") need their noun.
_MIN_SUBJECT_LENGTH = 3
_BARE_MEASURE_LENGTH = 3


class TargetMatch(BaseModel):
    """One quantitative commitment found in a paragraph."""

    model_config = ConfigDict(extra="forbid")

    year: int | None
    subject: str
    comparator: TargetComparator
    value: float
    unit: str | None
    text: str
    sentence: str
    start: int
    change: Literal["increase", "decrease"] | None = None  # "下降0.5个百分点": a change, not a level


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass
class _Candidate:
    quantity: Quantity
    comparator: TargetComparator
    subject: str
    change: Literal["increase", "decrease"] | None = None


def find_targets(text: str, start_year: int = PLAN_START_YEAR) -> list[TargetMatch]:
    """The quantitative commitments of one paragraph, in order of appearance.

    START_YEAR is the plan's first year: times before it are the past.
    """
    scan = _scan_text(text)
    times = _time_points(scan, start_year)
    if _is_retrospective(scan, times, start_year):
        return []
    lead_year = _lead_year(scan, times, start_year)
    targets: list[TargetMatch] = []
    for sentence in _split(scan, _SENTENCE_END, _Span(0, len(scan))):
        carried_forward = lead_year is not None
        sentence_years = [(pos, year) for pos, year in times
                          if sentence.start <= pos < sentence.end]
        for part in _split(scan, _PART_END, sentence):
            part_scan = scan[part.start:part.end]
            has_future = any(part.start <= pos < part.end and year >= start_year
                             for pos, year in sentence_years)
            has_past = any(part.start <= pos < part.end and year < start_year
                           for pos, year in sentence_years) or _PAST_WORDS.search(part_scan)
            forward = has_future or carried_forward
            carried_forward = forward
            if not forward and has_past:
                continue
            committed = forward or _COMMITMENT.search(part_scan) is not None
            for candidate in _candidates(text, scan, part):
                if not (committed or _RATE_SUBJECT.search(candidate.subject)):
                    continue
                quantity = candidate.quantity
                targets.append(TargetMatch(
                    year=_year_for(quantity.start, sentence_years, part, start_year) or lead_year,
                    subject=candidate.subject,
                    comparator=candidate.comparator,
                    value=quantity.value,
                    unit=quantity.unit,
                    text=text[quantity.start:quantity.end],
                    sentence=text[part.start:part.end].strip(),
                    start=quantity.start,
                    change=candidate.change,
                ))
    return targets


def _scan_text(text: str) -> str:
    """Normalized text with titles, document numbers and year spans blanked out."""
    normalized = normalize_text(text)
    return _MASKED.sub(lambda m: _MASK_CHAR * len(m.group()), normalized)


def _time_points(scan: str, start_year: int) -> list[tuple[int, int]]:
    """(offset, year) of every point in time: "2019年", "到2025年", "十四五期间" (its last year),
    and an earlier period named bare ("十三五")."""
    points = [(m.start(), int(m.group("year"))) for m in _YEAR_POINT.finditer(scan)]
    for period in _FIVE_YEAR_PERIOD.finditer(scan):
        end = named_period(period.group("ordinal"))[1]
        if period.group("when") or end < start_year:
            points.append((period.start(), end))
    return sorted(points)


def _is_retrospective(scan: str, times: list[tuple[int, int]], start_year: int) -> bool:
    """A paragraph that speaks of the past and never of the future (rule 1)."""
    if any(year >= start_year for _, year in times):
        return False
    return bool(times) or _PAST_WORDS.search(scan) is not None


def _lead_year(scan: str, times: list[tuple[int, int]], start_year: int) -> int | None:
    """The future year of a paragraph that opens with it: "到2025年，…"."""
    first_clause_end = next(_split(scan, _LEAD_CLAUSE_END, _Span(0, len(scan))), _Span(0, 0)).end
    years = [year for pos, year in times if pos < first_clause_end and year >= start_year]
    return years[0] if years else None


def _year_for(position: int, sentence_years: list[tuple[int, int]], part: _Span,
              start_year: int) -> int | None:
    future = [(pos, year) for pos, year in sentence_years if year >= start_year]
    before = [year for pos, year in future if pos < position]
    if before:
        return before[-1]
    after = [year for pos, year in future if position < pos < part.end]
    return after[0] if after else None


def _split(scan: str, pattern: re.Pattern[str], span: _Span) -> Iterator[_Span]:
    """The non-blank pieces of ``span`` between matches of ``pattern``, delimiters included."""
    start = span.start
    for match in pattern.finditer(scan, span.start, span.end):
        if scan[start:match.end()].strip():
            yield _Span(start, match.end())
        start = match.end()
    if scan[start:span.end].strip():
        yield _Span(start, span.end)


def _candidates(text: str, scan: str, part: _Span) -> list[_Candidate]:
    """The quantities of one sentence part that may be targets, with comparator and subject."""
    candidates: list[_Candidate] = []
    for clause in _split(scan, _CLAUSE_END, part):
        quantities = find_quantities(scan[clause.start:clause.end])
        quantities = [_shift(q, clause.start) for q in quantities]
        boundary = clause.start
        for index, quantity in enumerate(quantities):
            next_start = quantities[index + 1].start if index + 1 < len(quantities) else clause.end
            if _is_target_number(scan, quantity):
                candidates.append(_candidate(text, scan, quantity, boundary, next_start))
            boundary = quantity.end
    _share_comparators(scan, candidates)
    _share_level_heads(candidates)
    _fill_empty_subjects(text, scan, part, candidates)
    return candidates


def _shift(quantity: Quantity, offset: int) -> Quantity:
    return replace(quantity, start=quantity.start + offset, end=quantity.end + offset)


def _is_target_number(scan: str, quantity: Quantity) -> bool:
    if quantity.unit is None:
        return False
    if quantity.unit == "年" and quantity.value.is_integer() and int(quantity.value) in _YEARS:
        return False
    if quantity.start > 0 and scan[quantity.start - 1] == "第":
        return False
    # "1000人以上的中学": a size that picks out schools, not a number to reach.
    qualifies_noun = scan[quantity.end:quantity.end + 1] == "的"
    return not (quantity.suffix in _QUALIFIER_SUFFIXES and qualifies_noun)


def _candidate(text: str, scan: str, quantity: Quantity, boundary: int,
               next_start: int) -> _Candidate:
    """Comparator and subject of a quantity; ``boundary`` ends what came before it in its clause."""
    comparator = quantity.comparator
    before_end = quantity.start
    if comparator is None:
        # A comparator written away from its number: "不少于专任教师总数的5%".
        detached = detached_comparator(scan[boundary:quantity.start])
        if detached:
            before_end = boundary + detached[0]
            comparator = detached[1]
    before = _clean(text[boundary:before_end])
    if len(before) < _MIN_SUBJECT_LENGTH and before_end < quantity.start:
        # "每批不低于本区骨干教师总数10%": the words before the comparator say too little.
        before = _clean(text[boundary:quantity.start])
    closed = _ITEM_CLOSED.match(scan, quantity.end, next_start)
    after = "" if closed else _noun_after(text[quantity.end:next_start])
    subject = (after or before) if quantity.unit in _NOUN_AFTER_UNITS else (before or after)
    return _Candidate(quantity, _target_comparator(comparator), subject, _change(scan[boundary:before_end]))


def _change(before: str) -> Literal["increase", "decrease"] | None:
    """A number right after 下降/减少 or 提高/增长 (not 提高到) is a change, not a level."""
    if _DECREASE.search(before):
        return "decrease"
    if _INCREASE.search(before):
        return "increase"
    return None


def _target_comparator(comparator: Comparator | None) -> TargetComparator:
    """No comparator word means the number itself; prose has no "maintain" of its own."""
    if comparator is None or comparator == "maintain":
        return "="
    return cast(TargetComparator, comparator)


def _share_comparators(scan: str, candidates: list[_Candidate]) -> None:
    """"93%和98%以上": a comparator written after the last of joined numbers applies to all."""
    for current, following in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        joined = _CONJUNCTION.match(scan[current.quantity.end:following.quantity.start])
        if joined and current.quantity.comparator is None \
                and current.quantity.unit == following.quantity.unit:
            current.comparator = following.comparator


def _share_level_heads(candidates: list[_Candidate]) -> None:
    """"3所省级、10所市级智慧校园": the last item's head noun completes the bare 省级."""
    for current, following in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        head = _LEVEL_MODIFIER.match(following.subject)
        same_unit = current.quantity.unit == following.quantity.unit
        if current.subject.endswith("级") and head and same_unit:
            current.subject += head.group("head")


def _fill_empty_subjects(text: str, scan: str, part: _Span, candidates: list[_Candidate]) -> None:
    """A subject that is empty or only "配备率" takes context from the clauses before it."""
    previous_subject = ""
    for candidate in candidates:
        subject = candidate.subject
        if not subject:
            candidate.subject = previous_subject or _noun_ending_previous_clause(
                text, scan, part, candidate)
        elif len(subject) <= _BARE_MEASURE_LENGTH and _RATE_SUBJECT.search(subject):
            candidate.subject = _noun_ending_previous_clause(text, scan, part, candidate) + subject
        previous_subject = candidate.subject


def _noun_ending_previous_clause(text: str, scan: str, part: _Span, candidate: _Candidate) -> str:
    clauses = [c for c in _split(scan, _CLAUSE_END, part) if c.end <= candidate.quantity.start]
    if not clauses:
        return ""
    previous = clauses[-1]
    quantities = find_quantities(scan[previous.start:previous.end])
    start = previous.start + (quantities[-1].end if quantities else 0)
    return _noun_after(text[start:previous.end])


def _noun_after(after: str) -> str:
    """The noun phrase that follows a count: the part after its last 的, cleaned."""
    cleaned = _clean(_NEXT_ITEM.split(after, 1)[0])
    if "的" in cleaned:
        head = cleaned.rsplit("的", 1)[1]
        if len(head) >= 2:
            return head
    return cleaned


def _clean(fragment: str) -> str:
    """A subject without time phrases, parentheses, quotes, and connectors or verbs at its edges."""
    fragment = _TIME_PHRASE.sub("", fragment)
    fragment = _PARENTHESIS.sub("", fragment)
    fragment = _QUOTES.sub("", fragment).replace(_MASK_CHAR, "")
    fragment = _LEADING_FILLER.sub("", fragment)
    return _TRAILING_FILLER.sub("", fragment).strip()
