"""`plancli summarize`: one plan in brief."""

from __future__ import annotations

from plancli.analyses.summarize import PlanSummary
from plancli.render.base import Rendered, TableView, heading_counts_text, to_rich_table
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


SUMMARIES_COLUMNS = ["id", "title", "district", "period", "status", "characters", "headings", "tasks", "tables",
                     "indicators", "prose_targets", "special_projects", "key_projects", "construction_projects",
                     "investment", "investment_unit", "keywords"]
SUMMARIES_NUMERIC = ["characters", "tasks", "tables", "indicators", "prose_targets", "special_projects",
                     "key_projects", "construction_projects", "investment"]
KEYWORDS_PER_PLAN = 10
KEYWORDS_SHOWN = 5  # in the terminal, where a row should stay one or two lines


class SummariesView(TableView):
    """Many plans in brief: one row per plan in every format (JSON: each plan's whole summary)."""

    def __init__(self, summaries: list[PlanSummary]):
        rows = [[s.plan.id, s.plan.title, s.plan.district, s.plan.period, s.plan.status, s.facts.characters,
                 heading_counts_text(s.facts.headings), s.facts.tasks, s.facts.tables, s.facts.indicators,
                 s.facts.prose_targets, s.facts.special_projects, s.facts.key_projects,
                 s.facts.construction_projects, s.facts.investment, s.facts.investment_unit,
                 " ".join(k.term for k in s.keywords[:KEYWORDS_PER_PLAN])] for s in summaries]
        super().__init__(SUMMARIES_COLUMNS, rows, json_value=summaries, title="Plans in brief",
                         numeric=SUMMARIES_NUMERIC, wrap=["title", "keywords"])

    def table(self) -> Rendered:
        """The columns that fit a terminal; CSV and Markdown have them all."""
        shown = ["id", "district", "status", "tasks", "indicators", "prose_targets", "construction_projects",
                 "keywords"]
        picks = [self.columns.index(c) for c in shown]
        rows = [[row[i] for i in picks] for row in self.rows]
        for row in rows:
            row[-1] = " ".join(row[-1].split()[:KEYWORDS_SHOWN])
        return to_rich_table(shown, rows, title=self.title,
                             numeric=self.numeric, wrap=["keywords"],
                             labels={"prose_targets": "targets", "construction_projects": "projects"})
