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
"5080", versions such as "2.0"), or qualifies a noun ("1000人以上的中学"). Ratios ("1:3") and
fractions ("1/3", "一半") are targets with the value a/b. "消除56人以上大班额" is a commitment to
bring what it names to zero, not a target of 56人.

Traditional characters are folded to simplified for matching (達到 is 达到); subjects and texts
keep the characters as written.

Fields
------
* ``year``: the future year nearest before the number in its 。-sentence, else the first one
  after it in its clause, else the paragraph's lead year; a five-year period ("十四五期间", "十五五末") means
  its last year (2025, 2030).
* ``subject``: what is measured. Rates are named before the number ("优良率大于50%"), counts
  after it ("新增5个区级…基地"); connectors and verbs at the edges (全区, 确保, 实现, 达到, 分别 …),
  parentheses and quotes are dropped. A bare "配备率" borrows the noun that ends the previous
  clause; "3所省级、10所市级智慧校园" shares the head noun ("省级智慧校园"); "A、B…分别达X和Y"
  gives A… and B… their own subjects; a level written once ("市级名校长10名、名教师30名") and a
  measure written once ("带宽不低于500M，其他学校不低于100M") carry to the items after them; a
  share of a population ("100%学生能掌握…") names the whole phrase that follows it.
* ``comparator``, ``value``, ``unit``, ``upper``: as in ``plancli.extract.values`` (达到 is "=",
  a range is ">=" its lower bound with ``upper`` its upper end, 万 multiplies except before 元,
  个小时 is 小时). A comparator written away from its number ("不少于专任教师总数的5%") still
  applies; "93%和98%以上" gives both numbers ">=", "分别不低于800元和1000元" too.
* ``change``: "increase" or "decrease" when the number is a change, not a level: 下降/降低/减少
  or 提高/增长 right before it, 新增/增加 N (also for the items listed after it), "-5%".
* ``text``: the number as written with its comparator words; ``start`` its offset in the
  paragraph; ``sentence`` the sentence (or ；-part) that holds it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict

from plancli.extract.values import (
    Comparator,
    Quantity,
    detached_comparator,
    find_proportions,
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
Change = Literal["increase", "decrease"]

# Masked before scanning: titles, document numbers ("清城教〔2016〕107号") and year spans
# ("2018—2022年"), which are neither points in time nor quantities.
_MASKED = re.compile(
    r"《[^《》]*》|〔[^〔〕]*〕"
    # (Blanks go with 年, so no two \s* stand side by side to backtrack on a long blank run.)
    r"|(?<!\d)(?:19|20)\d{2}(?:\s*年)?(?:\s*[-~—–至到]\s*(?:19|20)\d{2})+(?:\s*年)?"
)
_MASK_CHAR = "\x00"
# On the scan text (normalized): "，" is ",", "：" is ":", "；" is ";", "！" is "!", "？" is "?";
# a colon between digits is a ratio ("1:3"), not a clause end.
_SENTENCE_END = re.compile(r"[。!?]")
_PART_END = re.compile(r";")
_CLAUSE_END = re.compile(rf"(?<!\d):|:(?!\d)|{NON_THOUSANDS_COMMA}")
_LEAD_CLAUSE_END = re.compile(rf"[;。!?]|{_CLAUSE_END.pattern}")

_YEAR_POINT = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
# A five-year period: "十三五" (a past one) or "十四五期间" (a point in time at its end).
_FIVE_YEAR_PERIOD = re.compile(rf"{FIVE_YEAR_NAME}[”\"’']?(?P<when>期间|时期|期末|末)?")
_PAST_WORDS = re.compile(
    # (Numerals bounded: an unbounded run before 年 rescans a long digit run from every position.)
    rf"已|先后|目前|截至|近年来|近[{CN_COUNTING}两\d]{{1,4}}年|[{CN_COUNTING}两多\d]{{1,4}}年来|以来"
    r"|达到了|实现了|提高了|增长了|增加了|提升了")
_COMMITMENT = re.compile(
    r"力争|确保|争取|努力|计划|将|实现|建成|新建|新增|打造|创建|创办|培育|培养|推出|形成|办好|组建"
    r"|引进|建设|保障|掌握|达到|达(?=\s*\d)|保持|提高到|提高至|提升到|提升至|控制在|不低于|不少于|不超过|至少"
)
# A verb of change right before the number ("每年下降0.5个百分点"); 提高到/提高至 name a level.
_DECREASE = re.compile(r"(?:下降|降低|减少|压减|缩小|减少了|下降了)\s*$")
_INCREASE = re.compile(r"(?:提高|提升|增长|增加|上升|新增|增长了|提高了)\s*$")
# 新增/增加 at the head of a clause makes its count a change: "累计新增公办学位3.2万个".
_ADDED = re.compile(r"^[\s,]*(?:全区|全市|全县|全镇|累计)*(?:新增|增加)")
_SIGNED = re.compile(r"(?<![\d.])[-−]$")
_RATE_SUBJECT = re.compile(r"(?:率|比例|占比|比重|比)$")

# Units whose subject is usually the noun after the number: counts ("建成3所…学校").
_NOUN_AFTER_UNITS = frozenset([
    "所", "个", "名", "人", "人次", "间", "项", "家", "支", "座", "套", "台", "张", "册", "篇", "门", "次", "班",
    "对", "枚",
])
# Durations name what lasts before and after the number: "每天校内、校外各1个小时体育活动时间".
_DURATION_UNITS = frozenset(["小时", "分钟", "课时", "学时"])
_QUALIFIER_SUFFIXES = frozenset({"以上", "及以上", "或以上", "以下", "及以下"})
_CONJUNCTION = re.compile(r"^\s*(?:和|与|及|以及|或|、)\s*$")
# A count followed by 、/和 has no noun of its own: "市级名校长10名以上、名教师30名以上".
_ITEM_CLOSED = re.compile(r"(?<!\s)\s*(?:、|和|及|与)")  # (?<!\s): never rescan a blank run
_YEARS = range(1900, 2100)
# "全面消除56人以上大班额": what is to be brought to zero.
_ELIMINATE = re.compile(r"消除(?P<what>[^,;:。!?]{1,40})")
# A subject that names only a level ("省级") or a level-qualified item ("市级名校长").
_LEVEL = re.compile(r"^(?P<level>(?:国家|省|市|区|县|镇|校|省市|市区|区县)级(?:以上)?)")
# Populations a 分别 sentence lists before the words they share: "小学、初中专任教师…比例".
_POPULATIONS = re.compile(r"^(?:幼儿园|普通高中|高中阶段|小学|初中|高中|中职|中小学|特殊教育|城区|城镇|农村|乡村)")
# Measures written once for several items: "城镇中小学校带宽不低于500M，其他学校不低于100M".
_SHARED_MEASURE = re.compile(r"(?:带宽|时间|经费|标准)$")
# A change written alone ("年均增长不低于8%") is about the subject before it.
_ADVERB_ONLY = re.compile(r"^(?:年均|每年|逐年|年)?$")

# Subject cleaning, matched on the scan text (ASCII digits, simplified characters).
_TIME_PHRASE = re.compile(
    # (?<!\s): blanks are taken from where their run starts, not rescanned from inside it.
    r"(?:到|至|在|于|截至|截止)?(?<!\s)\s*[0-9]{4}\s*年(?:底|末|前|内|以前|之前)?"
    rf"|[“\"]?十[{CN_ONE_TO_NINE}]五[”\"]?(?:期间|时期|期末|末)?"
)
_PARENTHESIS = re.compile(r"\([^()]*\)")
_QUOTES = re.compile(r"[“”\"‘’「」『』]")
_LEADING_FILLER = re.compile(
    r"^(?:全区|全市|全县|全省|全镇|确保|力争|争取|努力|实现|同时|其中|进一步|全面|重点|计划|将|并且|并"
    r"|以及|和|及|与|或|、|建成|建设|创建|创办|打造|培育|培养|推出|形成|办好|引进|拥有|组建|至少"
    r"|提高|提升|扩大|增加|保持|保障|达到|始终|的|[\s,:;。!?])+"
)
_TRAILING_FILLER = re.compile(
    r"(?:分别|始终|均|为|达到|达|保持在|保持|稳定在|控制在|提高到|提高至|提升到|提升至|按"
    r"|增加到|增加至|增长到|增至|降至|降低到|降低至|下降|降低|减少|增长|增加|新增|提高|提升|总计|合计|共|累计"
    r"|各|年均|每年|每学年|每(?:人|生|校|班)?每?(?:年|月|学年|天|周)|[-−+]"
    r"|、|和|及|与|的|[\s,:;。!?])+$"
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
    change: Change | None = None  # "下降0.5个百分点": a change, not a level
    upper: float | None = None  # the upper end of a range ("3-5所")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass
class _Candidate:
    quantity: Quantity
    comparator: TargetComparator
    subject: str
    clause: _Span
    change: Change | None = None
    share: bool = False  # "100%学生…": a share of a population, committed by its form


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
                if not (committed or candidate.share or _RATE_SUBJECT.search(_fold(candidate.subject))):
                    continue
                quantity = candidate.quantity
                targets.append(TargetMatch(
                    year=_year_for(quantity.start, sentence_years, candidate.clause, start_year) or lead_year,
                    subject=candidate.subject,
                    comparator=candidate.comparator,
                    value=quantity.value,
                    unit=quantity.unit,
                    text=text[quantity.start:quantity.end],
                    sentence=text[part.start:part.end].strip(),
                    start=quantity.start,
                    change=candidate.change,
                    upper=quantity.upper,
                ))
    return targets


def _scan_text(text: str) -> str:
    """Normalized text with titles, document numbers and year spans blanked out."""
    normalized = normalize_text(text)
    return _MASKED.sub(lambda m: _MASK_CHAR * len(m.group()), normalized)


def _fold(subject: str) -> str:
    """A subject as matching sees it (half-width, simplified)."""
    return normalize_text(subject)


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


def _year_for(position: int, sentence_years: list[tuple[int, int]], clause: _Span,
              start_year: int) -> int | None:
    """The future year before the number in its sentence, else one after it in its clause
    ("保持…95%以上，2025年前，通过…验收": that 2025 belongs to the next clause)."""
    future = [(pos, year) for pos, year in sentence_years if year >= start_year]
    before = [year for pos, year in future if pos < position]
    if before:
        return before[-1]
    after = [year for pos, year in future if position < pos < clause.end]
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
    eliminated = [m.span("what") for m in _ELIMINATE.finditer(scan, part.start, part.end)]
    for clause in _split(scan, _CLAUSE_END, part):
        quantities = _quantities(scan, clause)
        boundary = clause.start
        for index, quantity in enumerate(quantities):
            next_start = quantities[index + 1].start if index + 1 < len(quantities) else clause.end
            inside = next(((s, e) for s, e in eliminated if s <= quantity.start < e), None)
            if inside:
                candidates.append(_elimination(text, scan, inside, clause))
                eliminated.remove(inside)
            elif _is_target_number(scan, quantity):
                candidates.append(_candidate(text, scan, quantity, boundary, next_start, clause))
            boundary = quantity.end
    _share_comparators(scan, candidates)
    _share_level_heads(candidates)
    _pair_respectively(scan, part, candidates)
    _carry_levels_measures_and_changes(scan, candidates)
    _fill_empty_subjects(text, scan, part, candidates)
    return candidates


def _quantities(scan: str, clause: _Span) -> list[Quantity]:
    """Quantities, ratios and fractions of a clause, in order, offsets in the paragraph."""
    piece = scan[clause.start:clause.end]
    proportions = [_shift(q, clause.start) for q in find_proportions(piece)]
    found = [_shift(q, clause.start) for q in find_quantities(piece)]
    covered = {offset for p in proportions for offset in range(p.start, p.end)}
    found = [q for q in found if covered.isdisjoint(range(q.start, q.end))]
    return sorted(found + proportions, key=lambda q: q.start)


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


def _elimination(text: str, scan: str, span: tuple[int, int], clause: _Span) -> _Candidate:
    """"消除56人以上大班额": what is named is to be brought to zero."""
    start, end = span
    while end > start and scan[end - 1] in " \t":
        end -= 1
    zero = Quantity(start=start, end=end, comparator="=", value=0.0, unit=None, suffix=None)
    return _Candidate(zero, "=", _clean(text, scan, start, end), clause)


def _candidate(text: str, scan: str, quantity: Quantity, boundary: int, next_start: int,
               clause: _Span) -> _Candidate:
    """Comparator and subject of a quantity; ``boundary`` ends what came before it in its clause."""
    comparator = quantity.comparator
    before_end = quantity.start
    before = _clean(text, scan, boundary, before_end)
    if comparator is None:
        # A comparator written away from its number: "不少于专任教师总数的5%".
        detached = detached_comparator(scan[boundary:quantity.start])
        if detached:
            before_end = boundary + detached.start
            comparator = detached.comparator
            before = _clean(text, scan, boundary, before_end)
            if len(before) < _MIN_SUBJECT_LENGTH:
                # "每批不低于本区骨干教师总数10%": the words before the comparator say too little.
                before += _clean(text, scan, boundary + detached.end, quantity.start)
    change = _change(scan, boundary, before_end, quantity)
    closed = _ITEM_CLOSED.match(scan, quantity.end, next_start)
    share = False
    if closed:
        after = ""
    elif quantity.unit == "%" and not (before and (_RATE_SUBJECT.search(_fold(before))
                                                   or scan.startswith("的", quantity.end))):
        # "100%学生能掌握2项以上体育技能…", "学校教师100%按要求配备…": a share of a population.
        after = _noun_after(text, scan, quantity.end, clause.end, split_items=False)
        share = bool(after)
        before = before + after if before and after else before
    else:
        after = _noun_after(text, scan, quantity.end, next_start)
    if quantity.unit in _DURATION_UNITS:
        subject = before + after
    elif quantity.unit in _NOUN_AFTER_UNITS:
        subject = after if len(after) >= _MIN_SUBJECT_LENGTH or not before else before
    elif share:
        subject = before or after
    else:
        subject = before or after
    return _Candidate(quantity, _target_comparator(comparator), subject, clause, change, share)


def _change(scan: str, boundary: int, before_end: int, quantity: Quantity) -> Change | None:
    """A number right after 下降/减少 or 提高/增长 (not 提高到), after a sign, or counted by a
    clause that opens with 新增 is a change, not a level."""
    before = scan[boundary:before_end]
    signed = _SIGNED.search(scan, max(0, quantity.start - 2), quantity.start)
    if _DECREASE.search(before) or signed:
        return "decrease"
    if _INCREASE.search(before) or _ADDED.match(before):
        return "increase"
    return None


def _target_comparator(comparator: Comparator | None) -> TargetComparator:
    """No comparator word means the number itself; prose has no "maintain" of its own."""
    if comparator is None or comparator == "maintain":
        return "="
    return cast(TargetComparator, comparator)


def _joined(scan: str, current: _Candidate, following: _Candidate) -> bool:
    return _CONJUNCTION.match(scan[current.quantity.end:following.quantity.start]) is not None


def _share_comparators(scan: str, candidates: list[_Candidate]) -> None:
    """"93%和98%以上": a comparator written after the last of joined numbers applies to all;
    "分别不低于800元和1000元": one written before the first applies to those after it."""
    for current, following in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        if _joined(scan, current, following) and _unstated(current) and following.quantity.comparator \
                and current.quantity.unit == following.quantity.unit:
            current.comparator = following.comparator
    for current, following in zip(candidates, candidates[1:]):
        if _joined(scan, current, following) and _unstated(following) and current.comparator != "=" \
                and current.quantity.unit == following.quantity.unit:
            following.comparator = current.comparator


def _unstated(candidate: _Candidate) -> bool:
    """No comparator written for this number, next to it or away from it."""
    return candidate.quantity.comparator is None and candidate.comparator == "="


def _share_level_heads(candidates: list[_Candidate]) -> None:
    """"3所省级、10所市级智慧校园": the last item's head noun completes the bare 省级;
    "建成示范校20所，其中省级3所": a bare level with nothing after takes the head before it."""
    for current, following in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        head = _LEVEL_MODIFIER.match(following.subject)
        same_unit = current.quantity.unit == following.quantity.unit
        if _fold(current.subject).endswith("级") and head and same_unit:
            current.subject += head.group("head")
    for previous, current in zip(candidates, candidates[1:]):
        bare_level = _LEVEL.fullmatch(_fold(current.subject))
        if bare_level and previous.subject and previous.quantity.unit == current.quantity.unit:
            own_level = _LEVEL.match(_fold(previous.subject))
            current.subject += previous.subject[own_level.end() if own_level else 0:]


def _pair_respectively(scan: str, part: _Span, candidates: list[_Candidate]) -> None:
    """"小学、初中专任教师本科以上学历比例分别达93%和98%以上": one subject per listed item."""
    if "分别" not in scan[part.start:part.end]:
        return
    index = 0
    while index < len(candidates):
        run = [candidates[index]]
        while index + len(run) < len(candidates) and _joined(scan, run[-1], candidates[index + len(run)]) \
                and candidates[index + len(run)].subject in ("", run[0].subject):
            run.append(candidates[index + len(run)])
        items = run[0].subject.split("、")
        if len(run) > 1 and len(items) == len(run):
            for candidate, subject in zip(run, _distributed(items), strict=True):
                candidate.subject = subject
        index += len(run)


def _distributed(items: list[str]) -> list[str]:
    """["小学", "初中专任教师…比例"] → ["小学专任教师…比例", "初中专任教师…比例"]."""
    last = items[-1]
    population = _POPULATIONS.match(_fold(last))
    head = population.end() if population else max(len(item) for item in items[:-1])
    tail = last[head:]
    return [item + tail for item in items[:-1]] + [last]


def _carry_levels_measures_and_changes(scan: str, candidates: list[_Candidate]) -> None:
    """What one item of a list states carries to the items after it: the level
    ("市级名校长10名以上、名教师30名以上"), the measure ("城镇中小学校带宽不低于500M，其他学校不低于
    100M") and a 新增 ("新增5名以上教育家型教师、20名以上卓越教师")."""
    for previous, current in zip(candidates, candidates[1:]):
        between = scan[previous.quantity.end:current.quantity.start]
        listed = between.lstrip().startswith("、")
        level = _LEVEL.match(_fold(previous.subject))
        if listed and level and "级" not in _fold(current.subject):
            current.subject = previous.subject[:level.end()] + current.subject
        measure = _SHARED_MEASURE.search(_fold(previous.subject))
        same_unit = previous.quantity.unit == current.quantity.unit
        if measure and same_unit and current.subject and not _SHARED_MEASURE.search(_fold(current.subject)):
            current.subject += previous.subject[measure.start():]
        if current.change is None and previous.change == "increase" and between.rstrip().endswith("、"):
            current.change = "increase"


def _fill_empty_subjects(text: str, scan: str, part: _Span, candidates: list[_Candidate]) -> None:
    """A subject that is empty, only an adverb ("年均") or only "配备率" takes context from the
    clauses before it."""
    clauses = list(_split(scan, _CLAUSE_END, part))
    ends = [clause.end for clause in clauses]
    context: dict[int, str] = {}  # clause index → the noun that ends it, worked out once

    def noun_ending_previous_clause(candidate: _Candidate) -> str:
        index = bisect_right(ends, candidate.quantity.start) - 1
        if index < 0:
            return ""
        if index not in context:
            context[index] = _noun_ending(text, scan, clauses[index])
        return context[index]

    previous_subject = ""
    for candidate in candidates:
        subject = _fold(candidate.subject)
        if _ADVERB_ONLY.match(subject):
            candidate.subject = previous_subject or noun_ending_previous_clause(candidate)
        elif len(subject) <= _BARE_MEASURE_LENGTH and _RATE_SUBJECT.search(subject):
            candidate.subject = noun_ending_previous_clause(candidate) + candidate.subject
        previous_subject = candidate.subject


def _noun_ending(text: str, scan: str, previous: _Span) -> str:
    """The words that end the clause PREVIOUS, after its last target number: all of
    "学生规模1000人以上的中学、1200人以上的小学专职心理教师" when its numbers only qualify."""
    targets = [q for q in _quantities(scan, previous) if _is_target_number(scan, q)]
    if not targets:
        return _clean(text, scan, previous.start, previous.end)
    return _noun_after(text, scan, targets[-1].end, previous.end)


def _noun_after(text: str, scan: str, start: int, end: int, split_items: bool = True) -> str:
    """The noun phrase that follows a count: the part after its last 的, cleaned."""
    if split_items:
        next_item = _NEXT_ITEM.search(scan, start, end)
        end = next_item.start() if next_item else end
    cleaned = _clean(text, scan, start, end)
    folded = _fold(cleaned)
    if "的" in folded:
        cut = folded.rindex("的") + 1
        if len(cleaned) - cut >= 2:
            return cleaned[cut:]
    return cleaned


def _clean(text: str, scan: str, start: int, end: int) -> str:
    """TEXT[start:end] without time phrases, parentheses, quotes, and connectors or verbs at its
    edges; matched on the scan text, so traditional and full-width forms clean alike."""
    keep = [True] * (end - start)
    piece = scan[start:end]
    for pattern in (_TIME_PHRASE, _PARENTHESIS, _QUOTES):
        for match in pattern.finditer(piece):
            keep[match.start():match.end()] = [False] * (match.end() - match.start())
    kept = [i for i, char in enumerate(piece) if keep[i] and char != _MASK_CHAR]
    folded = "".join(piece[i] for i in kept)
    lead = _LEADING_FILLER.match(folded)
    first = lead.end() if lead else 0
    trail = _TRAILING_FILLER.search(folded, first)
    last = trail.start() if trail else len(folded)
    return "".join(text[start + i] for i in kept[first:last]).strip()
