"""Plans side by side (`plancli compare`): structure, aligned indicators, themes, policy
instruments, distinctive and shared terms, special projects.

Works from parsed plans and their stored tokens (plancli.words.tokens), so it never imports
jieba when the caches are warm.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from plancli.analyses.plans import PlanListing, listing
from plancli.analyses.summarize import TOP_TERMS, PlanFacts, TermCount, plan_facts, top_terms
from plancli.extract.indicators import Indicator, all_indicators
from plancli.extract.projects import type_table
from plancli.extract.targets import Target, name_key, name_similarity, plan_targets
from plancli.extract.values import normalize_text
from plancli.model import Plan
from plancli.words.keyness import KeyTerm, SharedTerm, keyness, shared_terms
from plancli.words.segment import Lexicon
from plancli.words.themes import (
    InstrumentScheme,
    Themes,
    classify_instrument,
    load_instruments,
    load_themes,
    shares_of,
    theme_profile,
)
from plancli.words.tokens import PlanTokens

_PER_10K = 10_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- compare: indicators ------------------------------------------------------------------


class IndicatorCell(_Model):
    """What one plan sets for an aligned indicator."""

    source: str = Field(description='"table" (the indicator table) or "text" (a prose target)')
    name: str
    section: str | None
    baseline: str | None = Field(description="the baseline as written")
    target: str = Field(description="the target as written")
    year: int | None
    comparator: str | None
    value: float | None
    unit: str | None
    change: str | None = Field(default=None, description='"increase" for a count of new things (新增…)')
    similarity: float | None = Field(
        default=None, description="name similarity to the row's first cell (None for that cell itself)")
    shared: str | None = Field(default=None, description="the characters of the measure name both share")


class AlignedIndicator(_Model):
    name: str = Field(description="the name in the first plan that sets it")
    unit: str | None
    similarity: float = Field(description="lowest name similarity among the cells aligned in this row")
    plans: dict[str, IndicatorCell | None] = Field(description="plan id → what it sets, null if nothing")
    covers: list[str] = Field(
        default_factory=list,
        description="for a plan-wide target (中小学生…): the rows of single school levels it applies to")


def _table_cells(indicators: list[Indicator]) -> list[IndicatorCell]:
    flat = [i for top in indicators for i in (top, *top.sub_indicators)]
    return [
        IndicatorCell(source="table", name=i.name, section=i.section,
                      baseline=i.baseline.text if i.baseline else None, target=i.target.text if i.target else "",
                      year=i.target.year if i.target else None, comparator=i.target.comparator if i.target else None,
                      value=i.target.value if i.target else None, unit=i.unit,
                      change="increase" if _ADDED.search(normalize_text(i.name)) else None)
        for i in flat
    ]


def _text_cells(targets: list[Target]) -> list[IndicatorCell]:
    """Every prose target with a unit, as a cell."""
    return [
        IndicatorCell(source="text", name=t.subject, section=t.section, baseline=None, target=t.text,
                      year=t.year, comparator=t.comparator, value=t.value, unit=t.unit, change=t.change)
        for t in targets if t.unit
    ]


def _compatible(a: IndicatorCell, b: IndicatorCell) -> bool:
    """Units agree (values are already in base units: 0.8万个 is 8000 个) and the populations are
    the same: school levels (小学 ≠ 初中), administrative levels (市级 ≠ 区级) and groups."""
    units = a.unit is None or b.unit is None or a.unit == b.unit
    return units and a.change == b.change and _populations(a.name) == _populations(b.name)


# Who a measure is about. A name without a school level (学生体质健康优良率, 中小学生…) is
# plan-wide: it covers the level rows, it is not one of them.
_SCHOOL_LEVELS = {"幼儿园": "学前", "学前": "学前", "小学": "小学", "初中": "初中", "普通高中": "高中",
                  "高中": "高中", "中职": "中职", "职业": "中职"}
_PLAN_WIDE = re.compile(r"中小学|义务教育阶段学生")
_LEVEL_WORD = re.compile("|".join(sorted(_SCHOOL_LEVELS, key=len, reverse=True)))
_ADMIN_LEVEL = re.compile(r"(国家|省|市|区|县)级")
_ADDED = re.compile(r"新增|增加")
_GROUPS = re.compile(r"残疾|随迁|特殊教育|民办|公办|普惠|农村|乡村|城镇")
# What kind of teacher, school or activity: 本科 ≠ 专科, 劳动教育特色学校 ≠ 艺术教育特色学校.
_KINDS = {"研究生": "研究生", "本科": "本科", "专科": "专科", "大专": "专科", "劳动": "劳动", "艺术": "美育",
          "美育": "美育", "体育": "体育", "德育": "德育", "科技": "科技", "心理": "心理", "足球": "体育",
          "国防": "国防", "安全": "安全", "智慧": "信息化", "信息化": "信息化", "国际": "国际"}
_KIND_WORD = re.compile("|".join(sorted(_KINDS, key=len, reverse=True)))
# The levels a plan-wide 中小学 target covers.
_COVERED_LEVELS = frozenset({"小学", "初中", "高中"})


@lru_cache(maxsize=4096)
def _school_levels(name: str) -> frozenset[str]:
    folded = normalize_text(name)
    if _PLAN_WIDE.search(folded):
        return frozenset()
    return frozenset(_SCHOOL_LEVELS[m.group()] for m in _LEVEL_WORD.finditer(folded))


@lru_cache(maxsize=4096)
def _populations(name: str) -> tuple[frozenset[str], ...]:
    folded = normalize_text(name)
    return (_school_levels(name), frozenset(_ADMIN_LEVEL.findall(folded)), frozenset(_GROUPS.findall(folded)),
            frozenset(_KINDS[m.group()] for m in _KIND_WORD.finditer(folded)))


def _shared(a: str, b: str) -> str:
    """The characters two measure names share, in order: what the alignment rests on."""
    a, b = name_key(a), name_key(b)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return "".join(a[m.a:m.a + m.size] for m in matcher.get_matching_blocks() if m.size >= 2)


def _covered(cell: IndicatorCell, rows: list[AlignedIndicator]) -> list[int]:
    """The rows of single school levels a plan-wide CELL applies to: same measure once the
    level is set aside ("学生体质健康优良率" ↔ "初中学生体质健康优良率")."""
    if _school_levels(cell.name):
        return []
    found = []
    for index, row in enumerate(rows):
        first = _row_cell(row)
        levels, admin, groups, kinds = _populations(first.name)
        if not levels or not levels <= _COVERED_LEVELS or (admin, groups, kinds) != _populations(cell.name)[1:]:
            continue
        unit_ok = cell.unit is None or first.unit is None or cell.unit == first.unit
        if unit_ok and name_similarity(cell.name, _LEVEL_WORD.sub("", normalize_text(first.name))) > 0:
            found.append(index)
    return found


def align_indicators(plans: list[Plan], targets: dict[str, list[Target]]) -> list[AlignedIndicator]:
    """Indicators of all plans in rows of the same measure and population.

    Every row of an indicator table is a row. Then each plan's prose targets (also those of a
    plan with a table) are placed in the row they match best (greedily, best pairs first) among
    the rows this plan has not filled; a prose target that matches a row its own table already
    fills restates it and is left out. A plan-wide target (no school level) is its own row
    listing the level rows it covers. Other prose targets start rows of their own, kept when
    another plan's target joins them (plancli targets lists them all).
    """
    rows: list[AlignedIndicator] = []
    ids = [p.id for p in plans]
    starts_text_row: set[int] = set()
    for plan in plans:
        for cells in (_table_cells(all_indicators(plan)), _text_cells(targets[plan.id])):
            _place(plan.id, ids, cells, rows, starts_text_row)
    return [row for index, row in enumerate(rows)
            if index not in starts_text_row or row.covers or sum(c is not None for c in row.plans.values()) > 1]


def _place(plan_id: str, ids: list[str], cells: list[IndicatorCell], rows: list[AlignedIndicator],
           starts_text_row: set[int]) -> None:
    pairs = sorted(
        ((name_similarity(cell.name, row.name), r, c) for c, cell in enumerate(cells)
         for r, row in enumerate(rows) if _compatible(cell, _row_cell(row))),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    placed: set[int] = set()
    for score, r, c in pairs:
        if score == 0.0 or c in placed:
            continue
        own = rows[r].plans[plan_id]
        if own is not None:
            if own.source == "table" and cells[c].source == "text":
                placed.add(c)  # restates its own table's indicator
            continue
        first = _row_cell(rows[r])
        rows[r].plans[plan_id] = cells[c].model_copy(
            update={"similarity": score, "shared": _shared(first.name, cells[c].name)})
        rows[r].similarity = min(rows[r].similarity, score)
        placed.add(c)
    for c, cell in enumerate(cells):
        if c in placed:
            continue
        covers = [rows[r].name for r in _covered(cell, rows)] if cell.source == "text" else []
        if cell.source == "text":
            starts_text_row.add(len(rows))
        rows.append(AlignedIndicator(name=cell.name, unit=cell.unit, similarity=1.0, covers=covers,
                                     plans={i: (cell if i == plan_id else None) for i in ids}))


def _row_cell(row: AlignedIndicator) -> IndicatorCell:
    return next(cell for cell in row.plans.values() if cell is not None)


# --- compare: themes, instruments, terms, projects ----------------------------------------


class ThemeRow(_Model):
    id: str
    label: str
    hits: dict[str, int]
    per_10k_characters: dict[str, float]
    top_locations: dict[str, list[str]] = Field(description="plan id → the sections saying most about it")


def theme_matrix(plans: list[Plan], tokens: dict[str, PlanTokens], themes: Themes | None = None) -> list[ThemeRow]:
    """Theme hits of each plan on token boundaries, over headings, paragraphs and table cells;
    the per-10,000 rate divides by the very text counted."""
    themes = themes or load_themes()
    units = {p.id: [(u.path or "前言", u.text, u.tokens) for u in tokens[p.id].units] for p in plans}
    characters = {pid: sum(len(text) for _, text, _ in texts) or 1 for pid, texts in units.items()}
    profiles = {pid: theme_profile(texts, themes) for pid, texts in units.items()}
    rows = []
    for index, theme in enumerate(themes.themes):
        hits = {pid: profile[index].hits for pid, profile in profiles.items()}
        rows.append(ThemeRow(
            id=theme.id, label=theme.label, hits=hits,
            per_10k_characters={pid: round(hits[pid] / characters[pid] * _PER_10K, 2) for pid in profiles},
            top_locations={pid: [loc.location for loc in profile[index].top_locations[:3]]
                           for pid, profile in profiles.items()},
        ))
    return rows


class InstrumentProfile(_Model):
    plan: str
    tasks: int
    classified: int
    shares: dict[str, float] = Field(description="instrument type → share of the classified tasks")
    tools: dict[str, int] = Field(description="tool → tasks, most used first")


def instrument_profile(plan: Plan, scheme: InstrumentScheme | None = None) -> InstrumentProfile:
    scheme = scheme or load_instruments()
    tasks = plan.tasks()
    tags = [tag for task in tasks
            if (tag := classify_instrument("\n".join([task.title, *(p.text for p in task.paragraphs)]), scheme))]
    tools = Counter(tag.tool_label for tag in tags)
    return InstrumentProfile(
        plan=plan.id, tasks=len(tasks), classified=len(tags),
        shares={kind: round(share, 3) for kind, share in shares_of(tags, scheme).items()},
        tools=dict(sorted(tools.items(), key=lambda item: (-item[1], item[0]))),
    )


class SpreadTerm(_Model):
    term: str
    count: int
    sections: int = Field(description="how many headings or paragraphs' sections it occurs in")


class DistinctiveTerms(_Model):
    key: list[KeyTerm] = Field(description="over-represented against the other plans (G² ≥ 3.84, freq ≥ 3)")
    policy_terms: list[TermCount] = Field(description="terms of the domain dictionary only this plan uses")
    exclusive: list[SpreadTerm] = Field(
        description="used at least twice here and never in the others, the most widely spread first")


def distinctive_terms(tokens: dict[str, PlanTokens], domain_words: frozenset[str],
                      extra_stopwords: frozenset[str] = frozenset(),
                      top: int = TOP_TERMS) -> dict[str, DistinctiveTerms]:
    counts = {pid: t.terms(extra_stopwords=extra_stopwords) for pid, t in tokens.items()}
    result = {}
    for plan_id, own in counts.items():
        others: Counter[str] = Counter()
        for other_id, other in counts.items():
            if other_id != plan_id:
                others.update(other)
        only_here = {t: c for t, c in own.items() if t not in others}
        spread = tokens[plan_id].spread(set(only_here))
        # A term spread over many sections is a theme of the plan; one repeated in a single
        # paragraph is not, so spread ranks before count.
        exclusive = sorted((-spread[t], -c, t) for t, c in only_here.items() if c >= 2)
        policy = Counter({t: c for t, c in only_here.items() if t in domain_words})
        result[plan_id] = DistinctiveTerms(
            key=keyness(own, others, top=top),
            policy_terms=top_terms(policy, top),
            exclusive=[SpreadTerm(term=t, count=-c, sections=-s) for s, c, t in exclusive[: top + 10]],
        )
    return result


class ProjectList(_Model):
    special_projects: list[str] = Field(description="boxed 专项工程 / 专栏, numbered as in the plan")
    key_projects: list[str] = Field(description="rows of the key-project annex table")


def project_lists(plan: Plan) -> ProjectList:
    return ProjectList(
        special_projects=[f"{n.number} {n.title}" for n in plan.special_projects()],
        key_projects=[p.name for t in plan.tables() if (typed := type_table(t)) for p in typed.key_projects],
    )


class Comparison(_Model):
    plans: list[PlanListing]
    structure: list[PlanFacts]
    indicators: list[AlignedIndicator]
    themes: list[ThemeRow]
    instruments: list[InstrumentProfile]
    distinctive_terms: dict[str, DistinctiveTerms]
    shared_terms: list[SharedTerm]
    special_projects: dict[str, ProjectList]


def compare_plans(plans: list[Plan], tokens: dict[str, PlanTokens], themes: Themes | None = None,
                  scheme: InstrumentScheme | None = None,
                  extra_stopwords: frozenset[str] = frozenset()) -> Comparison:
    """Compare PLANS (two or more) with their stored TOKENS."""
    targets = {p.id: plan_targets(p) for p in plans}
    counts = {p.id: tokens[p.id].terms(extra_stopwords=extra_stopwords) for p in plans}
    domain_words = frozenset(Lexicon.default().words)
    return Comparison(
        plans=[listing(p) for p in plans],
        structure=[plan_facts(p, targets[p.id]) for p in plans],
        indicators=align_indicators(plans, targets),
        themes=theme_matrix(plans, tokens, themes),
        instruments=[instrument_profile(p, scheme) for p in plans],
        distinctive_terms=distinctive_terms({p.id: tokens[p.id] for p in plans}, domain_words, extra_stopwords),
        shared_terms=shared_terms(counts, top=TOP_TERMS),
        special_projects={p.id: project_lists(p) for p in plans},
    )
