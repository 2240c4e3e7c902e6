"""`plancli compare`: plans side by side, in the terminal, Markdown, CSV and Word."""

from __future__ import annotations

from plancli.analyses.compare import AlignedIndicator, Comparison, IndicatorCell, ThemeRow
from plancli.render.base import Rendered, TableView
from plancli.render.report import Section, facts_rows, sections_docx, sections_markdown, sections_rich

_BAR = "█"
_BAR_WIDTH = 12
_INSTRUMENT_LABELS = {"supply": "供给型 supply", "environment": "环境型 environment", "demand": "需求型 demand"}


def _cell_text(cell: IndicatorCell | None) -> str:
    if cell is None:
        return "—"
    year = f" ({cell.year})" if cell.year else ""
    source = " 文中" if cell.source == "text" else ""
    return f"{cell.target or '—'}{year}{source}"


def _row_name(row: AlignedIndicator) -> str:
    return f"{row.name}（covers {'、'.join(row.covers)}）" if row.covers else row.name


def _indicator_rows(rows: list[AlignedIndicator], plan_ids: list[str]) -> list[list[str]]:
    return [[_row_name(row), row.unit or "", *(_cell_text(row.plans[pid]) for pid in plan_ids)] for row in rows]


def _bar(value: float, largest: float) -> str:
    filled = round(value / largest * _BAR_WIDTH) if largest else 0
    return _BAR * filled


def _theme_cell(row: ThemeRow, plan_id: str, largest: float) -> str:
    where = row.top_locations[plan_id][:1]
    # The first two levels of the path say where well enough and keep the column narrow.
    place = ".".join(where[0].split(".")[:2]) if where else ""
    return f"{_bar(row.per_10k_characters[plan_id], largest):<{_BAR_WIDTH}} {row.hits[plan_id]:>3} {place}".rstrip()


def indicator_section(comparison: Comparison) -> Section:
    """The aligned indicators: one row per measure, one column per plan (also compare's CSV)."""
    ids = [p.id for p in comparison.plans]
    both = sum(1 for row in comparison.indicators if all(row.plans[i] for i in ids))
    return Section(
        "Indicators", ["indicator", "unit", *ids], _indicator_rows(comparison.indicators, ids),
        note=(f"{len(comparison.indicators)} measures, {both} set by every plan; cells show the target as written "
              "with its year; 文中 marks a target stated in the text rather than an indicator table; a plan-wide "
              "target names the school-level rows it covers. The JSON gives each cell's name similarity and "
              "the measure name the plans share."),
        wrap=["indicator"],
    )


def comparison_sections(comparison: Comparison) -> list[Section]:
    ids = [p.id for p in comparison.plans]
    sections = [
        Section("Plans", ["id", "title", "district", "period", "status"],
                [[p.id, p.title or "", p.district or "", p.period or "", p.status or "—"] for p in comparison.plans],
                wrap=["title"]),
        Section("Structure", ["", *ids], facts_rows(comparison.structure), wrap=[*ids]),
    ]
    sections.append(indicator_section(comparison))
    largest = max((v for row in comparison.themes for v in row.per_10k_characters.values()), default=0)
    sections.append(Section(
        "Themes", ["theme", *ids],
        [[row.label, *(_theme_cell(row, i, largest) for i in ids)] for row in comparison.themes],
        note="keyword hits per theme (bars scaled per 10,000 characters of each plan), "
             "and the section saying most about it",
    ))
    sections.append(Section(
        "Policy instruments", ["type", *ids],
        [[_INSTRUMENT_LABELS.get(kind, kind),
          *(f"{_bar(p.shares[kind], 1):<{_BAR_WIDTH}} {p.shares[kind]:>4.0%}" for p in comparison.instruments)]
         for kind in comparison.instruments[0].shares] if comparison.instruments else [],
        note="share of each plan's tasks by their main instrument (Rothwell & Zegveld); "
             + "; ".join(f"{p.plan}: {p.classified} of {p.tasks} tasks classified" for p in comparison.instruments),
    ))
    for plan_id, terms in comparison.distinctive_terms.items():
        sections.append(Section(f"Distinctive terms: {plan_id}", lines=[
            "stressed (G²; count here:elsewhere): "
            + "  ".join(f"{k.term}({k.freq_target}:{k.freq_reference})" for k in terms.key),
            "policy terms only here: " + "  ".join(f"{t.term}({t.count})" for t in terms.policy_terms),
            "only here, most widespread first: " + "  ".join(t.term for t in terms.exclusive),
        ]))
    sections.append(Section("Shared terms", lines=["  ".join(t.term for t in comparison.shared_terms)]))
    projects = comparison.special_projects
    depth = max((len(p.special_projects) + len(p.key_projects) for p in projects.values()), default=0)
    listed = {pid: [*p.special_projects, *p.key_projects] for pid, p in projects.items()}
    sections.append(Section(
        "Special and key projects", ids,
        [[(listed[pid][n] if n < len(listed[pid]) else "") for pid in ids] for n in range(depth)],
        wrap=ids,
    ))
    return sections


class ComparisonView(TableView):
    """The report in the terminal, Markdown and Word; CSV gives the aligned indicators."""

    def __init__(self, comparison: Comparison):
        indicators = indicator_section(comparison)
        super().__init__(indicators.columns, indicators.rows, json_value=comparison)
        self.sections = comparison_sections(comparison)
        self.title = "Comparison: " + " · ".join(p.id for p in comparison.plans)

    def table(self) -> Rendered:
        return sections_rich(self.sections)

    def markdown(self) -> str:
        return sections_markdown(self.sections, self.title)

    def docx(self) -> bytes:
        return sections_docx(self.sections, self.title)
