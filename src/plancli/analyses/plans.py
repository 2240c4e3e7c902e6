"""One line per plan (`plancli plans`: title, district, period, status and counts) and per
parsed file (`plancli parse`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from plancli.model import Plan


class PlanListing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None
    district: str | None
    period: str | None = Field(description='years, e.g. "2021-2025"')
    status: str | None
    headings: dict[int, int] = Field(description="numbered headings per level")
    tasks: int
    tables: int
    special_projects: int
    annexes: int
    source: str


def listing(plan: Plan) -> PlanListing:
    meta = plan.metadata
    period = f"{meta.start_year}-{meta.end_year}" if meta.start_year and meta.end_year else None
    return PlanListing(
        id=plan.id,
        title=meta.title,
        district=meta.district or meta.city,
        period=period,
        status=meta.status,
        headings=plan.heading_counts(),
        tasks=len(plan.tasks()),
        tables=len(plan.tables()),
        special_projects=len(plan.special_projects()),
        annexes=len(plan.annexes()),
        source=plan.source.name,
    )


class ParseResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    output: str
    changed: bool
    tokens: str | None = Field(description="where the plan's tokens were stored, if they were cut")
    headings: dict[int, int]
    tables: int
    warnings: list[str]
