"""Renderers for summarize and compare: terminal, Markdown and Word.

All three are built from the same sections (a title and rows), so they say the same things.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from plancli.compare import AlignedIndicator, Comparison, IndicatorCell, PlanFacts, PlanSummary, ThemeRow
from plancli.render import heading_counts_text, to_markdown_table, to_rich_table
from plancli.store import write_atomic

_FIXED_DATE = datetime(2000, 1, 1)
_BAR = "█"
_BAR_WIDTH = 12
_INSTRUMENT_LABELS = {"supply": "供给型 supply", "environment": "环境型 environment", "demand": "需求型 demand"}


@dataclass
class Section:
    """One part of a report: a title, an optional note, and a table or a list of lines."""

    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    note: str = ""
    wrap: list[str] = field(default_factory=list)


def _facts_rows(facts: list[PlanFacts]) -> list[list[str]]:
    def investment(f: PlanFacts) -> str:
        if not f.construction_projects:
            return "0"
        return f"{f.construction_projects} ({f.investment:,.0f} {f.investment_unit or ''})".strip()

    measures = [
        ("top-level sections", lambda f: "、".join(f.top_sections)),
        ("headings per level", lambda f: heading_counts_text(f.headings)),
        ("tasks", lambda f: str(f.tasks)),
        ("tables", lambda f: str(f.tables)),
        ("indicator-table rows", lambda f: str(f.indicators)),
        ("targets in the text", lambda f: str(f.prose_targets)),
        ("special projects (专项工程)", lambda f: str(f.special_projects)),
        ("key projects (annex)", lambda f: str(f.key_projects)),
        ("construction projects", investment),
        ("characters", lambda f: f"{f.characters:,}"),
    ]
    return [[label, *(measure(f) for f in facts)] for label, measure in measures]


def _cell_text(cell: IndicatorCell | None) -> str:
    if cell is None:
        return "—"
    year = f" ({cell.year})" if cell.year else ""
    source = " 文中" if cell.source == "text" else ""
    return f"{cell.target or '—'}{year}{source}"


def _indicator_rows(rows: list[AlignedIndicator], plan_ids: list[str]) -> list[list[str]]:
    return [[row.name, row.unit or "", *(_cell_text(row.plans[pid]) for pid in plan_ids)] for row in rows]


def _bar(value: float, largest: float) -> str:
    filled = round(value / largest * _BAR_WIDTH) if largest else 0
    return _BAR * filled


def _theme_cell(row: ThemeRow, plan_id: str, largest: float) -> str:
    where = row.top_locations[plan_id][:1]
    # The first two levels of the path say where well enough and keep the column narrow.
    place = ".".join(where[0].split(".")[:2]) if where else ""
    return f"{_bar(row.per_10k_characters[plan_id], largest):<{_BAR_WIDTH}} {row.hits[plan_id]:>3} {place}".rstrip()


def comparison_sections(comparison: Comparison) -> list[Section]:
    ids = [p.id for p in comparison.plans]
    sections = [
        Section("Plans", ["id", "title", "district", "period", "status"],
                [[p.id, p.title or "", p.district or "", p.period or "", p.status or "—"] for p in comparison.plans],
                wrap=["title"]),
        Section("Structure", ["", *ids], _facts_rows(comparison.structure), wrap=[*ids]),
    ]
    both = sum(1 for row in comparison.indicators if all(row.plans[i] for i in ids))
    sections.append(Section(
        "Indicators", ["indicator", "unit", *ids], _indicator_rows(comparison.indicators, ids),
        note=(f"{len(comparison.indicators)} measures, {both} set by every plan; cells show the target as written "
              "with its year; 文中 marks a target stated in the text rather than an indicator table."),
        wrap=["indicator"],
    ))
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


def summary_sections(summary: PlanSummary) -> list[Section]:
    plan = summary.plan
    facts = _facts_rows([summary.facts])
    return [
        Section(f"{plan.id}: {plan.title or ''}", ["", "value"],
                [["district", plan.district or ""], ["period", plan.period or ""], ["status", plan.status or "—"],
                 *facts], wrap=["value"]),
        Section("Top keywords", lines=["  ".join(f"{k.term}({k.count})" for k in summary.keywords)]),
        Section("Sections", ["section", "title", "themes", "keywords"],
                [[s.path, s.title, "、".join(s.themes), "  ".join(s.keywords)] for s in summary.sections],
                wrap=["title", "keywords"]),
    ]


# --- output forms -------------------------------------------------------------------------


def sections_rich(sections: list[Section]) -> RenderableType:
    parts: list[RenderableType] = []
    for section in sections:
        parts.append(Rule(Text(section.title, style="bold"), align="left"))
        if section.note:
            parts.append(Text(section.note, style="dim"))
        if section.columns:
            parts.append(to_rich_table(section.columns, section.rows, wrap=section.wrap))
        parts.extend(Text(line) for line in section.lines)
    return Group(*parts)


def sections_markdown(sections: list[Section], title: str) -> str:
    out = [f"# {title}", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        if section.note:
            out += [f"_{section.note}_", ""]
        if section.columns:
            out.append(to_markdown_table([c or " " for c in section.columns], section.rows))
        out += [f"- {line}" for line in section.lines]
        out.append("")
    return "\n".join(out)


def write_docx(sections: list[Section], title: str, target: Path) -> None:
    """The report as a Word document, written atomically."""
    from docx import Document

    document = Document()
    # Fixed document dates, so the same comparison gives the same bytes.
    document.core_properties.created = document.core_properties.modified = _FIXED_DATE
    document.add_heading(title, level=0)
    for section in sections:
        document.add_heading(section.title, level=1)
        if section.note:
            document.add_paragraph().add_run(section.note).italic = True
        if section.columns:
            table = document.add_table(rows=1, cols=len(section.columns))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, section.columns):
                cell.text = text
            for row in section.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        for line in section.lines:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, _with_fixed_dates(buffer.getvalue()))


def _with_fixed_dates(package: bytes) -> bytes:
    """The .docx zip with every member dated _FIXED_DATE, so the same report gives the same bytes."""
    repacked = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(repacked, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            dated = zipfile.ZipInfo(member.filename, date_time=_FIXED_DATE.timetuple()[:6])
            dated.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(dated, source.read(member))
    return repacked.getvalue()
