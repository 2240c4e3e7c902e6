"""Prose targets of a whole plan, and their links to the indicators they restate."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from plancli.extract.indicators import Indicator, YearValue, all_indicators
from plancli.extract.target_sentences import PLAN_START_YEAR, TargetComparator, find_targets
from plancli.extract.values import normalize_text
from plancli.model import Node, Plan


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Target(_Model):
    """A quantitative commitment in the plan's prose, with where it stands."""

    section: str | None = Field(description="path of the node holding the sentence; None for the preamble")
    section_title: str | None
    line: int
    year: int | None
    subject: str
    comparator: TargetComparator
    value: float
    unit: str | None
    text: str = Field(description="the number with its comparator words, as written")
    sentence: str
    change: Literal["increase", "decrease"] | None = Field(
        description="set when the number is a change (下降0.5个百分点), not a level to reach")
    upper: float | None = Field(default=None, description="the upper end of a range (3-5所), else None")


# Sections that review the past period ("一、发展基础", "（一）“十三五”主要成就", "第一節 發展成就"):
# their statistics read like targets ("学前三年毛入园率达到98.5%") but only a sentence that names
# a future year there is one.
_REVIEW_TITLE = re.compile(r"发展基础|发展现状|发展成就|主要成就|已有成就|取得成就|发展背景|基础与条件|回顾|现状")


def _review_nodes(plan: Plan) -> set[int]:
    """ids of the nodes inside a review section (its subtree included)."""
    inside: set[int] = set()
    for top in plan.walk():
        if id(top) not in inside and _REVIEW_TITLE.search(normalize_text(top.title)):
            inside.update(id(node) for node in top.walk())
    return inside


def plan_targets(plan: Plan, section: Node | None = None) -> list[Target]:
    """Every prose target of PLAN (or of SECTION's subtree), in document order."""
    nodes = list(section.walk()) if section else list(plan.walk())
    units: list[tuple[Node | None, int, str]] = []
    if section is None:
        units += [(None, p.line, p.text) for p in plan.preamble]
    units += [(node, p.line, p.text) for node in nodes for p in node.paragraphs]
    start_year = plan.metadata.start_year or PLAN_START_YEAR
    review = _review_nodes(plan)
    return [
        Target(section=node.path if node else None, section_title=node.title if node else None, line=line,
               **found.model_dump(exclude={"start"}))
        for node, line, text in units
        for found in find_targets(text, start_year)
        if not (id(node) in review and found.year is None)
    ]


# --- linking prose to indicators ----------------------------------------------------------

# 中 as in "教师中本科以上", not the 中 of 初中, 高中, 中小学, 中学.
_NOT_CONTENT = re.compile(r"[\s（）()“”\"、，,：:]|的|之|(?<![初高职])中(?![小学职])")
# Below these a prose subject and an indicator name are not the same measure.
_MIN_COVERAGE = 0.75
_MIN_RATIO = 0.55
_CLOSE = 0.1


# Words for one measure: 占比, 比重 and 比例 are all a share.
_SHARE_WORDS = re.compile(r"占比|比重")


def name_key(text: str) -> str:
    """A name folded for matching: width- and script-normalized (traditional as simplified),
    without spaces, brackets, 的/中/之, and with 占比/比重 read as 比例."""
    return _SHARE_WORDS.sub("比例", _NOT_CONTENT.sub("", normalize_text(text)))


def name_similarity(a: str, b: str) -> float:
    """How alike two measure names are, 0 to 1: the common characters over the shorter name,
    weighed with the overall ratio so that a short generic name does not match everything."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    coverage, ratio = common / min(len(a), len(b)), matcher.ratio()
    if coverage < _MIN_COVERAGE or ratio < _MIN_RATIO:
        return 0.0
    return round((coverage + ratio) / 2, 3)


class TargetLink(_Model):
    """A prose target that restates an indicator, and whether the two agree."""

    indicator_seq: str | None
    indicator_name: str
    indicator_target: str = Field(description="the indicator's target cell as written")
    indicator_year: int | None
    target: Target
    similarity: float
    disagreements: list[str] = Field(description='what differs: "year", "value", "comparator"')


def _units_compatible(indicator: Indicator, target: Target) -> bool:
    return indicator.unit is None or target.unit is None or indicator.unit == target.unit


def link_targets(indicators: list[Indicator], targets: list[Target]) -> list[TargetLink]:
    """Each prose target that names an indicator's measure, linked to the most similar one."""
    links = []
    for target in targets:
        scored = [(name_similarity(target.subject, i.name), i) for i in indicators
                  if i.target is not None and _units_compatible(i, target)]
        top = max((score for score, _ in scored), default=0.0)
        if top == 0.0:
            continue
        # Among names about as similar ("小学、初中…比例93%和98%" names two indicators),
        # the one whose value the sentence states is the one it restates.
        close = [(score, i) for score, i in scored if score >= top - _CLOSE]
        score, best = max(close, key=lambda pair: (pair[1].target.value == target.value, pair[0]))
        goal = _value_for_year(best, target.year)
        disagreements = [
            what for what, differs in (
                ("year", target.year is not None and goal.year is not None and target.year != goal.year),
                ("value", goal.value is not None and target.value != goal.value),
                ("comparator", goal.comparator not in (None, "maintain") and target.comparator != goal.comparator),
            ) if differs
        ]
        links.append(TargetLink(indicator_seq=best.seq, indicator_name=best.name, indicator_target=goal.text,
                                indicator_year=goal.year, target=target, similarity=score,
                                disagreements=disagreements))
    return links


def _value_for_year(indicator: Indicator, year: int | None) -> YearValue:
    """The indicator's value for YEAR when its table has that year's column (a mid-term 2022
    column), else its final target."""
    stated = [v for v in indicator.values[1:] if v.year == year and (v.value is not None or v.comparator)]
    return stated[0] if stated else indicator.target


class TargetReport(_Model):
    """What `plancli targets` reports: the prose targets and their links to indicators."""

    plan: str
    section: str | None
    targets: list[Target]
    links: list[TargetLink] = Field(description="targets that restate an indicator of the plan's table")


def target_report(plan: Plan, section: Node | None = None) -> TargetReport:
    targets = plan_targets(plan, section)
    return TargetReport(plan=plan.id, section=section.path if section else None, targets=targets,
                        links=link_targets(all_indicators(plan), targets))
