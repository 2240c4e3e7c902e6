"""Plans side by side (`plancli compare`): structure, aligned indicators, themes, policy
instruments, distinctive and shared terms, special projects.

Works from parsed plans and their stored tokens (plancli.words.tokens), so it never imports
jieba when the caches are warm.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from plancli.analyses.plans import PlanListing, listing
from plancli.analyses.summarize import TOP_TERMS, PlanFacts, TermCount, plan_facts, top_terms
from plancli.extract.indicators import Indicator, all_indicators
from plancli.extract.projects import type_table
from plancli.extract.targets import Target, name_similarity, plan_targets
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
from plancli.words.tokens import PlanTokens, text_units

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


class AlignedIndicator(_Model):
    name: str = Field(description="the name in the first plan that sets it")
    unit: str | None
    similarity: float = Field(description="lowest name similarity among the cells aligned in this row")
    plans: dict[str, IndicatorCell | None] = Field(description="plan id → what it sets, null if nothing")


def _table_cells(indicators: list[Indicator]) -> list[IndicatorCell]:
    flat = [i for top in indicators for i in (top, *top.sub_indicators)]
    return [
        IndicatorCell(source="table", name=i.name, section=i.section,
                      baseline=i.baseline.text if i.baseline else None, target=i.target.text if i.target else "",
                      year=i.target.year if i.target else None, comparator=i.target.comparator if i.target else None,
                      value=i.target.value if i.target else None, unit=i.unit)
        for i in flat
    ]


def _text_cells(targets: list[Target]) -> list[IndicatorCell]:
    """Prose targets that read like indicators: rates and shares in %."""
    return [
        IndicatorCell(source="text", name=t.subject, section=t.section, baseline=None, target=t.text,
                      year=t.year, comparator=t.comparator, value=t.value, unit=t.unit)
        for t in targets if t.unit == "%"
    ]


def _compatible(a: IndicatorCell, b: IndicatorCell) -> bool:
    return a.unit is None or b.unit is None or a.unit == b.unit


def align_indicators(plans: list[Plan], targets: dict[str, list[Target]]) -> list[AlignedIndicator]:
    """Indicators of all plans in rows of the same measure, matched by name similarity.

    Every row of an indicator table is a row; a plan without a table contributes its prose
    targets in %, each placed in the row it matches best (greedily, best pairs first), and
    left out when it matches none (plancli targets lists them all).
    """
    rows: list[AlignedIndicator] = []
    ids = [p.id for p in plans]
    for plan in plans:
        table = _table_cells(all_indicators(plan))
        candidates = table or _text_cells(targets[plan.id])
        pairs = sorted(
            ((name_similarity(cell.name, row.name), r, c) for c, cell in enumerate(candidates)
             for r, row in enumerate(rows) if _compatible(cell, _row_cell(row))),
            key=lambda pair: (-pair[0], pair[1], pair[2]),
        )
        placed: set[int] = set()
        for score, r, c in pairs:
            if score == 0.0 or c in placed or rows[r].plans[plan.id] is not None:
                continue
            rows[r].plans[plan.id] = candidates[c]
            rows[r].similarity = min(rows[r].similarity, score)
            placed.add(c)
        for c, cell in enumerate(candidates):
            if c not in placed and cell.source == "table":
                rows.append(AlignedIndicator(name=cell.name, unit=cell.unit, similarity=1.0,
                                             plans={i: (cell if i == plan.id else None) for i in ids}))
    return rows


def _row_cell(row: AlignedIndicator) -> IndicatorCell:
    return next(cell for cell in row.plans.values() if cell is not None)


# --- compare: themes, instruments, terms, projects ----------------------------------------


class ThemeRow(_Model):
    id: str
    label: str
    hits: dict[str, int]
    per_10k_characters: dict[str, float]
    top_locations: dict[str, list[str]] = Field(description="plan id → the sections saying most about it")


def theme_matrix(plans: list[Plan], themes: Themes | None = None) -> list[ThemeRow]:
    themes = themes or load_themes()
    profiles = {p.id: theme_profile([(path or "前言", text) for path, _, text in text_units(p)], themes)
                for p in plans}
    rows = []
    for index, theme in enumerate(themes.themes):
        hits = {pid: profile[index].hits for pid, profile in profiles.items()}
        rows.append(ThemeRow(
            id=theme.id, label=theme.label, hits=hits,
            per_10k_characters={p.id: round(hits[p.id] / p.source.characters * _PER_10K, 2) for p in plans},
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
        themes=theme_matrix(plans, themes),
        instruments=[instrument_profile(p, scheme) for p in plans],
        distinctive_terms=distinctive_terms({p.id: tokens[p.id] for p in plans}, domain_words, extra_stopwords),
        shared_terms=shared_terms(counts, top=TOP_TERMS),
        special_projects={p.id: project_lists(p) for p in plans},
    )
