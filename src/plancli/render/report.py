"""Reports made of titled sections (summarize, compare): terminal, Markdown and Word.

All three forms are built from the same sections (a title, a note, a table or lines), so they
say the same things. Word documents are written with fixed dates: same report, same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from plancli.analyses.summarize import PlanFacts
from plancli.render.base import heading_counts_text, to_markdown_table, to_rich_table

_FIXED_DATE = datetime(2000, 1, 1)
# What XML 1.0 cannot hold (python-docx raises on it): C0 controls but TAB, LF and CR, the
# non-characters U+FFFE/U+FFFF and lone surrogates. A form feed from pdftotext is the usual one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """TEXT without the characters a .docx cannot hold: every text written into Word passes here."""
    return _NOT_XML.sub("", text)


@dataclass
class Section:
    """One part of a report: a title, an optional note, and a table or a list of lines."""

    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    note: str = ""
    wrap: list[str] = field(default_factory=list)


def facts_rows(facts: list[PlanFacts]) -> list[list[str]]:
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


def sections_docx(sections: list[Section], title: str) -> bytes:
    """The report as a Word document (.docx bytes, the same for the same report)."""
    document = new_docx()
    document.add_heading(xml_safe(title), level=0)
    for section in sections:
        document.add_heading(xml_safe(section.title), level=1)
        if section.note:
            document.add_paragraph().add_run(xml_safe(section.note)).italic = True
        if section.columns:
            table = document.add_table(rows=1, cols=len(section.columns))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, section.columns):
                cell.text = xml_safe(text)
            for row in section.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = xml_safe(text)
        for line in section.lines:
            document.add_paragraph(xml_safe(line))
    return docx_bytes(document)


def new_docx():
    """A new python-docx Document whose core dates are fixed, so a report gives the same bytes."""
    from docx import Document  # python-docx costs ~60 ms: paid only when a report is written

    document = Document()
    document.core_properties.created = document.core_properties.modified = _FIXED_DATE
    document.core_properties.last_printed = _FIXED_DATE
    return document


def docx_bytes(document) -> bytes:
    """DOCUMENT saved as .docx bytes, every zip member dated _FIXED_DATE (deterministic)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_dates(buffer.getvalue())


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
