"""One plan in brief (`plancli summarize`): metadata, counts, keywords and each top-level
section's themes and over-represented terms. Works from stored tokens: no jieba when cached.

The plan's keywords are its terms markedly more frequent than in general Chinese: G² ≥ 10.83
(p < 0.001) against the background list shipped in resources/background_freq.tsv, ranked by
how many times more frequent (Log Ratio), so that 学校 or 教师 do not lead every plan's list.
A section's keywords are its terms markedly more frequent than in the rest of the plan
(G² ≥ 3.84). Place names, numerals, single characters and fragments of fixed
phrases (不少 of 不少于) never count (plancli.words.segment.content_terms).
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from plancli.analyses.plans import PlanListing, listing
from plancli.extract.indicators import all_indicators
from plancli.extract.projects import summarize_projects, type_table
from plancli.extract.targets import Target, plan_targets
from plancli.model import Plan
from plancli.words.keyness import G2_P05, background_frequencies, keyness
from plancli.words.themes import Themes, load_themes, theme_profile
from plancli.words.tokens import PlanTokens

TOP_TERMS = 20
_KEYWORD_G2 = 10.83  # p < 0.001: against a corpus of millions of words only strong evidence counts


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanFacts(_Model):
    """The counts that describe a plan's size and shape."""

    id: str
    characters: int
    top_sections: list[str]
    headings: dict[int, int]
    tasks: int
    tables: int
    indicators: int = Field(description="rows of the plan's indicator tables")
    prose_targets: int
    special_projects: int
    key_projects: int
    construction_projects: int
    investment: float | None = Field(description="total of the construction projects' investment")
    investment_unit: str | None


def plan_facts(plan: Plan, targets: list[Target] | None = None) -> PlanFacts:
    projects = summarize_projects(plan)
    key_projects = [p for t in plan.tables() if (typed := type_table(t)) for p in typed.key_projects]
    return PlanFacts(
        id=plan.id,
        characters=plan.source.characters,
        top_sections=[n.title for n in plan.outline if n.kind == "section"],
        headings=plan.heading_counts(),
        tasks=len(plan.tasks()),
        tables=len(plan.tables()),
        indicators=len(all_indicators(plan)),
        prose_targets=len(plan_targets(plan) if targets is None else targets),
        special_projects=len(plan.special_projects()),
        key_projects=len(key_projects),
        construction_projects=projects.count,
        investment=projects.investment if projects.count else None,
        investment_unit=projects.units.get("investment") if projects.count else None,
    )


class TermCount(_Model):
    term: str
    count: int


def top_terms(counts: Counter[str], top: int = TOP_TERMS) -> list[TermCount]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [TermCount(term=term, count=count) for term, count in ranked]


# --- summarize ----------------------------------------------------------------------------


class SectionSummary(_Model):
    path: str
    title: str
    keywords: list[str] = Field(
        description="terms over-represented in this section against the rest of the plan (G² ≥ 3.84)")
    themes: list[str] = Field(description="the taxonomy themes this section says most about")


class PlanSummary(_Model):
    plan: PlanListing
    facts: PlanFacts
    keywords: list[TermCount] = Field(
        description="terms over-represented against general Chinese (G² ≥ 10.83), most over-represented "
                    "first (Log Ratio), with their count")
    sections: list[SectionSummary]


def summarize(plan: Plan, tokens: PlanTokens, themes: Themes | None = None,
              extra_stopwords: frozenset[str] = frozenset()) -> PlanSummary:
    themes = themes or load_themes()
    sections = [n for n in plan.outline if n.kind == "section"]
    whole = tokens.terms(extra_stopwords=extra_stopwords)
    whole_size = whole.total()
    section_summaries = []
    for node in sections:
        units = tokens.units_under(node.path)
        texts = [(u.path or "", u.text, u.tokens) for u in units]
        hits = sorted((t for t in theme_profile(texts, themes) if t.hits), key=lambda t: -t.hits)
        own = tokens.terms(units, extra_stopwords)
        # The rest of the plan, for this section's terms only (keyness needs no other).
        rest = {term: whole[term] - count for term, count in own.items()}
        key = keyness(own, rest, min_freq=2, top=8, min_g2=G2_P05, reference_size=whole_size - own.total())
        section_summaries.append(SectionSummary(path=node.path, title=node.title, keywords=[k.term for k in key],
                                                themes=[t.label for t in hits[:3]]))
    key = keyness(whole, background_frequencies(), top=None, min_g2=_KEYWORD_G2)
    key.sort(key=lambda k: (-k.log_ratio, -k.log_likelihood, k.term))
    keywords = [TermCount(term=k.term, count=k.freq_target) for k in key[:TOP_TERMS]]
    return PlanSummary(plan=listing(plan), facts=plan_facts(plan), keywords=keywords, sections=section_summaries)
