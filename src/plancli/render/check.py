"""Renderers for `plancli check`: a terminal table, Markdown, GitHub workflow commands, SARIF,
and the rule listing.

JSON is the CheckReport model itself (the caller dumps it). Every renderer here is
deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from plancli.analyses.check import RULES, SEVERITIES, CheckReport, Finding, Rule, Severity
from plancli.files import json_text
from plancli.render.base import Rendered, View, plural, to_markdown_table

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/plancli/"
FINGERPRINT_KEY = "plancliFingerprint/v1"

_STYLES: dict[Severity, str] = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_GITHUB_COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}
_SEVERITY_NOUNS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "info"}


def _file_of(finding: Finding) -> str:
    return finding.file or finding.plan


def _location(finding: Finding) -> str:
    return f"{finding.line}:{finding.column}"


def summary_line(report: CheckReport) -> str:
    """"2 errors, 1 warning, 0 infos in 2 plans (3 known findings suppressed by the baseline)"."""
    if not report.findings:
        text = f"No findings in {plural(len(report.plans), 'plan')}"
    else:
        counts = ", ".join(plural(report.summary.get(s, 0), _SEVERITY_NOUNS[s]) for s in SEVERITIES)
        text = f"{counts} in {plural(len(report.plans), 'plan')}"
    if report.baseline_suppressed:
        text += f" ({plural(report.baseline_suppressed, 'known finding')} suppressed by the baseline)"
    return text


def _by_plan(report: CheckReport) -> list[tuple[str, list[Finding]]]:
    grouped: dict[str, list[Finding]] = {plan: [] for plan in report.plans}
    for finding in report.findings:
        grouped.setdefault(finding.plan, []).append(finding)
    return list(grouped.items())


# --- terminal --------------------------------------------------------------------------------

def check_table(report: CheckReport) -> RenderableType:
    """Findings grouped by plan, as a linter prints them: a location line (line:col, severity,
    rule, section) and the message under it, wrapped; then a summary line."""
    parts: list[RenderableType] = []
    for plan, findings in _by_plan(report):
        if not findings:
            continue
        title = f"{plan} ({_file_of(findings[0])})" if findings[0].file else plan
        parts.append(Text(title, style="bold"))
        for finding in findings:
            # Text, not markup: messages quote the plan, which may hold "[bookmark: …]".
            head = Text("  ", no_wrap=True, overflow="ellipsis")
            head.append(f"{_location(finding):>8}  ")
            head.append(f"{finding.severity:<7}", style=_STYLES[finding.severity])
            head.append(f"  {finding.rule} {finding.name}", style="bold")
            head.append(f"  {finding.section or '—'}", style="dim")
            message = Text(finding.message)
            if finding.fix:
                message.append(f"  fix: {finding.fix}", style="green")
            parts += [head, Padding(message, (0, 0, 0, 12))]
        parts.append(Text(""))
    style = "bold red" if report.summary.get("error") else "yellow" if report.summary.get("warning") else "green"
    parts.append(Text(summary_line(report), style=style))
    return Group(*parts)


# --- Markdown --------------------------------------------------------------------------------

_MARKDOWN_COLUMNS = ["Severity", "Rule", "File", "Line:Col", "Section", "Message"]


def _markdown_rows(findings: Iterable[Finding]) -> list[list[str]]:
    return [[f.severity, f"{f.rule} {f.name}", _file_of(f), _location(f), f.section or "", f.message]
            for f in findings]


def check_markdown(report: CheckReport) -> str:
    """A heading, the summary line and a table of every finding."""
    lines = ["## plancli check", "", summary_line(report), ""]
    if report.findings:
        lines.append(to_markdown_table(_MARKDOWN_COLUMNS, _markdown_rows(report.findings)))
    return "\n".join(lines).rstrip("\n") + "\n"


# --- GitHub workflow commands ----------------------------------------------------------------

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding) -> str:
    properties = [("file", _file_of(finding)), ("line", str(finding.line)), ("col", str(finding.column))]
    if finding.end_line is not None:
        properties.append(("endLine", str(finding.end_line)))
    if finding.end_column is not None:
        properties.append(("endColumn", str(finding.end_column)))
    properties.append(("title", f"{finding.rule} {finding.name}"))
    joined = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
    message = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
    return f"::{_GITHUB_COMMANDS[finding.severity]} {joined}::{_escape_data(message)}"


def check_github(report: CheckReport) -> tuple[str, str | None]:
    """(workflow commands, one a line; Markdown for $GITHUB_STEP_SUMMARY or None when clean).

    GitHub shows only 10 annotations of each severity per step, so the summary lists every
    finding; the caller appends it to the file $GITHUB_STEP_SUMMARY names, when set.
    """
    commands = "".join(github_command(f) + "\n" for f in report.findings)
    if not report.findings:
        return commands, None
    return commands, check_markdown(report)


# --- SARIF 2.1.0 -----------------------------------------------------------------------------

def _artifact_uri(path: str) -> str:
    """A URI reference for PATH: file:// for an absolute path, else the relative path, %-encoded."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(str(PurePosixPath(*Path(path).parts)), safe="/")


def _sarif_rule(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} Family: {rule.family}."},
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
        "properties": {"family": rule.family},
    }


def check_sarif(report: CheckReport) -> str:
    """The report as a SARIF 2.1.0 log: one run, every rule in the driver, columns in code points."""
    from plancli._version import __version__

    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for finding in report.findings:
        region: dict = {"startLine": finding.line, "startColumn": finding.column}
        if finding.end_line is not None:
            region["endLine"] = finding.end_line
        if finding.end_column is not None and finding.end_column >= 1:
            region["endColumn"] = finding.end_column
        result: dict = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _artifact_uri(_file_of(finding))},
                    "region": region,
                },
            }],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": {"plan": finding.plan},
        }
        if finding.section:
            result["properties"]["section"] = finding.section
        if finding.section:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": finding.section, "kind": "section"}]
        if finding.fix:
            result["properties"]["fix"] = finding.fix
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "plancli",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(rule) for rule in RULES],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_text(log)


# --- the rule listing ------------------------------------------------------------------------

def rules_table() -> RenderableType:
    """`plancli check --rules`: id, name, default severity and summary of every rule."""
    table = RichTable(box=box.SIMPLE_HEAD, header_style="bold cyan")
    table.add_column("id", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("summary", overflow="fold", ratio=1)
    for rule in RULES:
        table.add_row(Text(rule.id), Text(rule.name), Text(rule.severity, style=_STYLES[rule.severity]),
                      Text(rule.summary))
    return table


def rules_markdown() -> str:
    """The rule listing as a Markdown table, for the README."""
    return to_markdown_table(["id", "name", "family", "severity", "summary"],
                             [[r.id, r.name, r.family, r.severity, r.summary] for r in RULES])


def rules_list() -> str:
    """The rule listing as a plain Markdown list, one rule a line."""
    return "".join(f"- `{r.id}` {r.name} ({r.severity}): {r.summary}\n" for r in RULES)


class CheckView(View):
    """`plancli check`: findings for people, JSON, Markdown, GitHub workflow commands, SARIF."""

    def __init__(self, report: CheckReport):
        super().__init__(report)

    def table(self) -> Rendered:
        return check_table(self.value)

    def markdown(self) -> str:
        return check_markdown(self.value)

    def github(self) -> str:
        return check_github(self.value)[0]

    def step_summary(self) -> str | None:
        """Every finding as Markdown for $GITHUB_STEP_SUMMARY (GitHub caps the annotations)."""
        return check_github(self.value)[1]

    def sarif(self) -> str:
        return check_sarif(self.value)


class RulesView(View):
    """`plancli check --rules`: every rule with its id, name, default severity and summary."""

    def __init__(self) -> None:
        super().__init__([{"id": r.id, "name": r.name, "family": r.family, "severity": r.severity,
                           "summary": r.summary} for r in RULES])

    def table(self) -> Rendered:
        return rules_table()

    def markdown(self) -> str:
        return rules_markdown()
