"""`plancli summarize`: one plan in brief."""

from __future__ import annotations

from plancli.analyses.summarize import PlanSummary
from plancli.render.base import Rendered, TableView
from plancli.render.report import Section, facts_rows, sections_markdown, sections_rich


def summary_sections(summary: PlanSummary) -> list[Section]:
    plan = summary.plan
    facts = facts_rows([summary.facts])
    return [
        Section(f"{plan.id}: {plan.title or ''}", ["", "value"],
                [["district", plan.district or ""], ["period", plan.period or ""], ["status", plan.status or "—"],
                 *facts], wrap=["value"]),
        Section("Top keywords", lines=["  ".join(f"{k.term}({k.count})" for k in summary.keywords)]),
        Section("Sections", ["section", "title", "themes", "keywords"],
                [[s.path, s.title, "、".join(s.themes), "  ".join(s.keywords)] for s in summary.sections],
                wrap=["title", "keywords"]),
    ]


class SummaryView(TableView):
    """The report in the terminal and in Markdown; CSV gives one row per top-level section."""

    def __init__(self, summary: PlanSummary):
        rows = [[s.path, s.title, "、".join(s.themes), " ".join(s.keywords)] for s in summary.sections]
        super().__init__(["path", "title", "themes", "keywords"], rows, json_value=summary)
        self.sections = summary_sections(summary)
        self.title = summary.plan.title or summary.plan.id

    def table(self) -> Rendered:
        return sections_rich(self.sections)

    def markdown(self) -> str:
        return sections_markdown(self.sections, self.title)
