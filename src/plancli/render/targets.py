"""`plancli targets`: quantitative targets stated in the text, and how they match the table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from plancli.extract.targets import TargetReport
from plancli.render.base import Rendered, TableView, plural, to_rich_table
from plancli.render.indicators import CHANGE_WORDS, format_value, number_text

TARGET_COLUMNS = ["section", "line", "year", "subject", "comparator", "value", "upper", "unit", "change", "text",
                  "indicator", "disagreements", "sentence"]


def target_rows(report: TargetReport) -> list[list[object]]:
    links = {(link.target.line, link.target.text, link.target.subject): link for link in report.links}
    rows = []
    for t in report.targets:
        link = links.get((t.line, t.text, t.subject))
        rows.append([t.section, t.line, t.year, t.subject, t.comparator, number_text(t.value), number_text(t.upper),
                     t.unit, t.change, t.text,
                     link and f"{link.indicator_seq} {link.indicator_name}",
                     link and ",".join(link.disagreements), t.sentence])
    return rows


def targets_rich(report: TargetReport) -> RenderableType:
    if not report.targets:
        return Text(f"{report.plan}: no quantitative targets found in the text.")
    rows = [[t.section or "", str(t.year or "—"), t.subject, CHANGE_WORDS.get(t.change or "", "") + format_value(t)]
            for t in report.targets]
    parts: list[RenderableType] = [to_rich_table(["section", "year", "subject", "target"], rows,
                                                 wrap=["subject"],
                                                 title=f"{report.plan}: {plural(len(rows), 'target')} in the text")]
    if report.links:
        link_rows = []
        for link in report.links:
            verdict = Text("agrees", style="green") if not link.disagreements else Text(
                "differs: " + ", ".join(link.disagreements), style="bold red")
            link_rows.append([link.indicator_seq or "", link.indicator_name,
                              f"{link.indicator_target} ({link.indicator_year})",
                              f"{link.target.text} ({link.target.year or '—'}) {link.target.section}", verdict])
        parts.append(to_rich_table(["seq", "indicator", "table", "text", "check"], link_rows, wrap=["indicator"],
                                   title="targets that restate an indicator"))
    return Group(*parts)


class TargetsView(TableView):
    def __init__(self, report: TargetReport):
        super().__init__(TARGET_COLUMNS, target_rows(report), json_value=report)
        self.report = report

    def table(self) -> Rendered:
        return targets_rich(self.report)
