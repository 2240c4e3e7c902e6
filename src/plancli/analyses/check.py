"""The plan linter: rules that find defects in a parsed plan, with exact source locations.

Every rule lives in this module with its metadata (id, kebab name, family, default severity,
one-line summary), registered by the ``@_rule`` decorator; ``RULES`` lists them in id order.
Ids are stable and family-prefixed: NUM (numbering), STR (structure), REF (cross-reference),
TXT (text), DAT (data), DEB (debris).

Default severities:

* ``error`` — the plan contradicts itself or its numbering is broken: numbering gaps, repeats and
  disorder; an annex list that names other annexes than those present; counts, sums and targets
  stated in the text that disagree with the plan's own tables.
* ``warning`` — a style or consistency defect a reader notices: mixed brackets, skipped heading
  levels, empty headings, annex rows restating a section title with changes, doubled
  characters and punctuation, missing indicator values, target years outside the period,
  debris still in the text, parser warnings.
* ``info`` — housekeeping: converter debris the reader already removed; numeral punctuation
  that differs from the plan's own usual form ("2．" among "1.").

Locations: ``line`` and ``column`` are 1-based, columns in Unicode code points, and point into
the decoded source text given as ``source_text`` (the parser strips indentation, so a column is
found by locating the quoted text in its source line). ``end_column`` is exclusive (the column
just after the quoted text, as in SARIF). Without source text a column is the offset within the
paragraph plus one.

A finding's ``fingerprint`` hashes its rule, its section path and the text it quotes — never its
line — so a baseline of known findings survives edits that move lines.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from plancli.errors import PlanInputError, validation_problems
from plancli.files import json_text
from plancli.lang.numbering import match_heading
from plancli.lang.numerals import CIRCLED, CN_COUNTING, CN_NUMERAL, cn_to_int, int_to_circled, int_to_cn
from plancli.lang.patterns import BLANK, QUANTITY_NUMBER, SPACE
from plancli.model import Node, Paragraph, Plan, Table
from plancli.parse.front import odd_metadata

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
FAMILIES = ("numbering", "structure", "cross-reference", "text", "data", "debris")

__all__ = [
    "FAMILIES", "RULES", "SEVERITIES", "CheckConfig", "CheckReport", "Finding", "Rule", "Severity",
    "baseline_json", "check_plan", "check_plans", "exit_code", "load_baseline", "load_config",
    "rule_by_id", "selected_rules",
]


# --- the public models ----------------------------------------------------------------------

class Finding(BaseModel):
    """One defect found in a plan. Field order is the JSON key order."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description='rule id, e.g. "NUM001"')
    name: str = Field(description='rule name, e.g. "numbering-gap"')
    severity: Severity
    plan: str = Field(description="plan id")
    file: str | None = Field(description="the plan's source path as given, when known")
    section: str | None = Field(description="path of the node the finding is in; None before the first heading")
    line: int = Field(ge=1)
    column: int = Field(ge=1, description="1-based, in Unicode code points")
    end_line: int | None = None
    end_column: int | None = Field(default=None, description="exclusive: the column just after the quoted text")
    message: str
    fix: str | None = None
    fingerprint: str = Field(description="rule + section + hash of the quoted text; stable when lines move")


class CheckReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plans: list[str]
    summary: dict[Severity, int]
    findings: list[Finding]
    baseline_suppressed: int = 0


class CheckConfig(BaseModel):
    """[tool.plancli.check] in pyproject.toml, or [check] in plancli.toml."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] | None = Field(default=None, description="rule ids, prefixes or families to run; None: all")
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict, description="selector → severity override")
    strict: bool = Field(default=False, description="warnings fail too")
    source: str | None = Field(default=None, exclude=True, description="the file the config was read from")

    @field_validator("select", "ignore")
    @classmethod
    def _known_selectors(cls, value: list[str] | None) -> list[str] | None:
        for selector in value or []:
            _selector_specificity(selector, None)
        return value

    @field_validator("severity")
    @classmethod
    def _known_severity_selectors(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        for selector in value:
            _selector_specificity(selector, None)
        return value


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    family: str
    severity: Severity
    summary: str
    check: Callable[[_Context], Iterable[_Draft]] = field(repr=False, compare=False)


_REGISTRY: list[Rule] = []


def _rule(id: str, name: str, family: str, severity: Severity, summary: str):
    def register(function: Callable[[_Context], Iterable[_Draft]]):
        assert family in FAMILIES, family
        _REGISTRY.append(Rule(id, name, family, severity, summary, function))
        return function
    return register


@dataclass
class _Draft:
    """A finding before plan, file, severity and fingerprint are filled in."""

    rule: str
    section: str | None
    line: int
    column: int
    message: str
    quote: str
    fix: str | None = None
    end_line: int | None = None
    end_column: int | None = None


# --- selectors --------------------------------------------------------------------------

_ALL = "ALL"


def _selector_specificity(selector: str, rule: Rule | None) -> int:
    """How specifically SELECTOR names RULE (0: not at all); with rule None, validate it."""
    if rule is None:
        known = selector == _ALL or selector in FAMILIES or any(
            r.id.startswith(selector.upper()) or r.name == selector for r in _REGISTRY)
        if not known:
            raise PlanInputError("check config", f"unknown rule selector {selector!r} "
                                 "(use a rule id or prefix such as NUM or TXT001, a rule name, or a family)")
        return 0
    if selector == _ALL:
        return 1
    if selector == rule.name or selector.upper() == rule.id:
        return 100
    if selector == rule.family:
        return 4  # as specific as the family's three-letter prefix
    if rule.id.startswith(selector.upper()) and selector:
        return 1 + len(selector)
    return 0


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((_selector_specificity(s, rule) for s in selectors), default=0)


def selected_rules(config: CheckConfig | None = None) -> list[Rule]:
    """The rules CONFIG runs: the most specific of select/ignore decides; a tie ignores."""
    config = config or CheckConfig()
    chosen = []
    for rule in RULES:
        selected = 1 if config.select is None else _best(config.select, rule)
        ignored = _best(config.ignore, rule)
        if selected and selected > ignored:
            chosen.append(rule)
    return chosen


def _severity_for(rule: Rule, config: CheckConfig) -> Severity:
    best, severity = 0, rule.severity
    for selector, level in config.severity.items():
        score = _selector_specificity(selector, rule)
        if score > best:
            best, severity = score, level
    return severity


def rule_by_id(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


# --- configuration ----------------------------------------------------------------------

_CONFIG_KEYS = {"select", "ignore", "severity", "strict"}


def load_config(start: Path) -> CheckConfig:
    """The check configuration nearest to START (a plan file or its folder), like ruff.

    From START's folder upward, the first folder holding plancli.toml (its [check] table, or
    its top-level keys) or a pyproject.toml with a [tool.plancli.check] table wins; in one
    folder plancli.toml comes first. No configuration anywhere gives the defaults.
    """
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for directory in (folder, *folder.parents):
        own = directory / "plancli.toml"
        if own.is_file():
            data = _read_toml(own)
            table = data.get("check", data if _CONFIG_KEYS & set(data) else {})
            return _config_from(table, own)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("plancli", {}).get("check")
            if table is not None:
                return _config_from(table, pyproject)
    return CheckConfig()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise PlanInputError(str(path), f"cannot read the check configuration ({err})") from None


def _config_from(table: Any, path: Path) -> CheckConfig:
    if not isinstance(table, dict):
        raise PlanInputError(str(path), "the check configuration must be a table")
    table = {key.replace("-", "_"): value for key, value in table.items()}
    try:
        config = CheckConfig(**table)
    except ValidationError as err:
        raise PlanInputError(str(path), f"invalid check configuration ({validation_problems(err)})") from None
    except PlanInputError as err:
        raise PlanInputError(str(path), err.problem) from None
    config.source = str(path)
    return config


# --- the context a rule runs in ---------------------------------------------------------

@dataclass
class _Unit:
    """A piece of text the text rules scan: a paragraph, a heading line or a table cell."""

    section: str | None
    text: str
    line: int
    node: Node | None = None
    table: Table | None = None
    cell: tuple[int, int] | None = None  # (row, column) counting the header as row 0


class _Context:
    def __init__(self, plan: Plan, source_text: str | None, tokenize: Callable[[str], list[str]] | None,
                 dictionary: Callable[[str], bool] | None = None):
        self.plan = plan
        self._tokenize = tokenize
        self._default_tokenizer = tokenize is None
        self._dictionary = dictionary
        self.lines: list[str] | None = None
        if source_text is not None:
            self.lines = source_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._cell_lines: dict[int, list[list[int]]] = {}
        self._token_cache: dict[str, list[str]] = {}
        self.table_node: dict[int, Node | None] = {t.index: n for t, n in plan.located_tables()}
        self._sequence_defects: list[_SequenceDefect] | None = None

    # tokens
    def tokens(self, text: str) -> list[str]:
        if text not in self._token_cache:
            if self._tokenize is None:
                from plancli.words.segment import tokenize

                self._tokenize = tokenize
            self._token_cache[text] = list(self._tokenize(text))
        return self._token_cache[text]

    def dictionary_word(self, text: str) -> bool:
        """Whether jieba's dictionary (with the domain lexicon) holds TEXT as a word.

        Asked of DICTIONARY when the caller gave one (a memo of jieba's answers); otherwise only
        with the default tokenizer: a caller's own tokenizer has no dictionary to ask.
        """
        if self._dictionary is not None:
            return self._dictionary(text)
        if self._tokenize is not None and not self._default_tokenizer:
            return False
        from plancli.words.segment import is_dictionary_word

        return is_dictionary_word(text)

    def sequence_defects(self) -> list[_SequenceDefect]:
        """The plan's numbering defects, found once for the three rules that report them."""
        if self._sequence_defects is None:
            self._sequence_defects = list(_sequence_defects(self.plan))
        return self._sequence_defects

    # locations
    def source_line(self, line: int) -> str | None:
        if self.lines is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]

    def locate(self, line: int, snippet: str, offset: int = 0, forward: int = 0) -> tuple[int, int]:
        """(line, column) of SNIPPET on LINE (or up to FORWARD lines below), nearest OFFSET.

        Without the source, or when the snippet is not there: LINE and OFFSET + 1.
        """
        snippet = snippet.split("\n")[0]
        if self.lines is None or not snippet:
            return line, offset + 1
        for number in range(line, min(line + forward, len(self.lines)) + 1):
            source = self.source_line(number)
            if source is None:
                break
            hits = [m.start() for m in re.finditer(re.escape(snippet), source)]
            if hits:
                if number == line:
                    hint = offset + (len(source) - len(source.lstrip(BLANK)))
                    return number, min(hits, key=lambda h: abs(h - hint)) + 1
                return number, hits[0] + 1
        return line, offset + 1

    def cell_line(self, table: Table, row: int, column: int) -> int:
        """The source line of a table cell (header row 0), found in order through the table."""
        if table.index not in self._cell_lines:
            self._cell_lines[table.index] = self._place_cells(table)
        placed = self._cell_lines[table.index]
        try:
            return placed[row][column]
        except IndexError:
            return table.span.start

    def _place_cells(self, table: Table) -> list[list[int]]:
        rows = [table.header, *table.rows]
        start, end = table.span.start, table.span.end
        if self.lines is None:
            return [[start] * len(row) for row in rows]
        cursor, placed = start, []
        for row in rows:
            placed_row = []
            for cell in row:
                first = cell.split("\n")[0].strip(BLANK)
                found = None
                for number in range(cursor, end + 1):
                    source = self.source_line(number) or ""
                    content = source.strip(BLANK)
                    if (first and first in source) or (not first and not content and source.startswith("\t")):
                        found = number
                        break
                if found is None:
                    placed_row.append(cursor)
                    continue
                placed_row.append(found)
                # One cell per line (a flattened table): the next cell is on a later line.
                content = (self.source_line(found) or "").strip(BLANK)
                cursor = found + 1 if content == first or not first else found
            placed.append(placed_row)
        return placed

    def in_unit(self, unit: _Unit, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) of UNIT.text[start:end] in the source."""
        snippet = unit.text[start:end]
        if unit.table is not None and unit.cell is not None:
            line = self.cell_line(unit.table, *unit.cell)
            offset = start - (unit.text.rfind("\n", 0, start) + 1)
            line, column = self.locate(line, snippet, offset + 1, forward=unit.text.count("\n"))
        else:
            line, column = self.locate(unit.line, snippet, start, forward=20)
        length = len(snippet.split("\n")[0])
        return line, column, line, column + length

    def node_at(self, line: int) -> Node | None:
        """The deepest node whose span holds LINE.

        Found from the last node starting at or before LINE, then up through its parents: a
        scan of every node for each finding was quadratic (thousands of debris lines).
        """
        nodes, starts, parents, in_line_order = self._node_index
        if not in_line_order:  # a plan built by hand, not by the parser
            containing = [n for n in nodes if n.span.start <= line <= n.span.end]
            return max(reversed(containing), key=lambda n: n.level, default=None)
        node = nodes[bisect_right(starts, line) - 1] if starts and starts[0] <= line else None
        while node is not None and not node.span.start <= line <= node.span.end:
            node = parents[id(node)]
        return node

    @cached_property
    def _node_index(self) -> tuple[list[Node], list[int], dict[int, Node | None], bool]:
        """Every node in document order, their start lines, each node's parent (by id), and
        whether the start lines ascend (as the parser makes them)."""
        parents: dict[int, Node | None] = {}
        for top in self.plan.outline:
            parents[id(top)] = None
            for node in top.walk():
                parents.update((id(child), node) for child in node.children)
        nodes = list(self.plan.walk())
        starts = [node.span.start for node in nodes]
        return nodes, starts, parents, all(a <= b for a, b in zip(starts, starts[1:]))

    def heading_position(self, node: Node) -> tuple[int, int, int, int]:
        first = node.heading.split("\n")[0].strip(BLANK)
        line, column = self.locate(node.span.start, first, 0)
        if node.kind == "annex":
            label = re.match(rf"附\s*件\s*[0-9０-９{CN_COUNTING}]*", first)
            return line, column, line, column + len(label.group() if label else first)
        return line, column, line, column + len(node.number or first[:1])

    # typed facts, computed once
    @cached_property
    def units(self) -> list[_Unit]:
        plan = self.plan
        units = [_Unit(None, p.text, p.line) for p in plan.preamble]
        units += [_Unit(None, p.text, p.line) for p in plan.annex_list]
        for node in plan.walk():
            for offset, text in enumerate(node.heading.split("\n")):
                units.append(_Unit(node.path, text.strip(BLANK), node.span.start + offset, node=node))
            units += [_Unit(node.path, p.text, p.line, node=node) for p in node.paragraphs]
        for table, node in plan.located_tables():
            for r, row in enumerate([table.header, *table.rows]):
                for c, cell in enumerate(row):
                    units.append(_Unit(node.path if node else None, cell, table.span.start,
                                       node=node, table=table, cell=(r, c)))
        return units

    @cached_property
    def construction(self):
        from plancli.extract.projects import summarize_projects

        return summarize_projects(self.plan)

    @cached_property
    def targets(self):
        from plancli.extract.targets import target_report

        return target_report(self.plan)


def _fold(text: str) -> str:
    """Width-folded, without blanks: for comparing titles as written."""
    return SPACE.sub("", unicodedata.normalize("NFKC", text))


def _quote(text: str, start: int, end: int, width: int = 12) -> str:
    """TEXT[start:end] with up to WIDTH characters either side, elided with …."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    piece = text[left:right].replace("\n", " ")
    return ("…" if left else "") + piece + ("…" if right < len(text) else "")


def _shorten(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit // 2] + "…" + text[-(limit // 2):]


# --- numbering ----------------------------------------------------------------------------

_NUMERAL = re.compile(rf"[0-9０-９]+|[{CN_NUMERAL}]+|[{CIRCLED}]")


def _numeral_like(number: str, n: int) -> str:
    """NUMBER (as written, e.g. "（四）" or "专项工程8") with its numeral replaced by N."""
    found = _NUMERAL.search(number)
    if not found:
        return f"{number}{n}"
    raw = found.group()
    if raw[0] in CIRCLED:
        replacement = int_to_circled(n) or str(n)
    elif raw[0].isdigit():
        replacement = str(n)
    else:
        replacement = int_to_cn(n) or str(n)
    return number[: found.start()] + replacement + number[found.end():]


def _numeral_form(number: str) -> str:
    return _NUMERAL.sub("N", number)


@dataclass
class _Numbered:
    node: Node
    style: str
    ordinal: int | None


def _section_style(node: Node) -> tuple[str, int | None]:
    heading = match_heading(node.heading.split("\n")[0])
    if heading is None:
        return "?", None
    return heading.style, heading.ordinal


def _numbered(node: Node) -> _Numbered:
    if node.kind == "section":
        style, ordinal = _section_style(node)
        return _Numbered(node, style, ordinal)
    last = node.numeric_path.split(".")[-1].split("#")[0]
    if node.kind == "annex":
        return _Numbered(node, "annex", int(last[1:]) if last[1:].isdigit() else None)
    kind = re.sub(rf"[\s0-9０-９{CN_COUNTING}]+$", "", node.number) or node.number
    has_number = bool(re.search(rf"[0-9０-９{CN_COUNTING}]", node.number))
    return _Numbered(node, f"box:{kind}", int(last[1:]) if has_number and last[1:].isdigit() else None)


def _sibling_groups(plan: Plan) -> Iterator[tuple[Node | None, list[_Numbered]]]:
    """Runs of headings numbered in one sequence: sections of one style under one parent;
    annexes; and the plan's boxes (专项工程N) of one kind, which number through the whole plan."""
    containers: list[tuple[Node | None, list[Node]]] = [(None, [n for n in plan.outline if n.kind == "section"])]
    containers += [(node, [c for c in node.children if c.kind == "section"]) for node in plan.walk()]
    for parent, children in containers:
        by_style: dict[str, list[_Numbered]] = defaultdict(list)
        for child in children:
            numbered = _numbered(child)
            if numbered.ordinal is not None:
                by_style[numbered.style].append(numbered)
        for group in by_style.values():
            yield parent, group
    annexes = [_numbered(n) for n in plan.annexes()]
    yield None, [a for a in annexes if a.ordinal is not None]
    boxes: dict[str, list[_Numbered]] = defaultdict(list)
    for node in plan.special_projects():
        numbered = _numbered(node)
        if numbered.ordinal is not None:
            boxes[numbered.style].append(numbered)
    for group in boxes.values():
        yield None, group


def _top_section(plan: Plan, node: Node) -> str:
    return node.path.split(".")[0]


# (defect, parent, the numbered item, the one before it)
_SequenceDefect = tuple[str, "Node | None", "_Numbered", "_Numbered | None"]


def _sequence_defects(plan: Plan) -> Iterator[_SequenceDefect]:
    """(kind, parent, numbered, previous) for each gap, repeat and disorder."""
    for parent, group in _sibling_groups(plan):
        previous: _Numbered | None = None
        for item in group:
            expected = 1 if previous is None else previous.ordinal + 1
            boxes_restart = (item.style.startswith("box:") and previous is not None and item.ordinal == 1
                             and _top_section(plan, item.node) != _top_section(plan, previous.node))
            if item.ordinal == expected or boxes_restart:
                pass
            elif previous is not None and item.ordinal == previous.ordinal:
                yield "repeat", parent, item, previous
            elif previous is not None and item.ordinal < previous.ordinal:
                yield "disorder", parent, item, previous
            elif item.ordinal > expected:
                yield "gap", parent, item, previous
            previous = item


def _where(parent: Node | None, item: _Numbered) -> str:
    if item.style.startswith("box:") or item.style == "annex":
        return ""
    if parent is None:
        return " at the top level"
    return f" under {parent.number}{parent.title}"


def _missing(item: _Numbered, previous: _Numbered | None) -> str:
    first = 1 if previous is None else previous.ordinal + 1
    numbers = list(range(first, item.ordinal))
    labels = [_numeral_like(item.node.number, n) for n in numbers]
    if len(labels) > 3:
        return f"{labels[0]} to {labels[-1]} are missing"
    return f"{', '.join(labels)} {'is' if len(labels) == 1 else 'are'} missing"


def _number_label(node: Node) -> str:
    return node.number if node.kind != "annex" else f"附件{node.number}"


def _sequence_drafts(ctx: _Context, rule_id: str, defect: str,
                     describe: Callable[[str, Node | None, _Numbered, _Numbered | None], tuple[str, str]],
                     ) -> Iterator[_Draft]:
    """RULE_ID's drafts, one per numbering DEFECT ("gap", "repeat", "disorder") of the plan;
    DESCRIBE(label, parent, item, previous) gives each its message and fix."""
    for found, parent, item, previous in ctx.sequence_defects():
        if found != defect:
            continue
        node = item.node
        line, column, end_line, end_column = ctx.heading_position(node)
        label = _number_label(node)
        message, fix = describe(label, parent, item, previous)
        yield _Draft(rule_id, node.path, line, column, message, quote=f"{label}|{node.title}", fix=fix,
                     end_line=end_line, end_column=end_column)


def _heading_quote(node: Node) -> str:
    return _shorten(node.heading.split("\n")[0])


@_rule("NUM001", "numbering-gap", "numbering", "error",
       "A heading's number skips one or more numbers after its previous sibling (（二） → （四）).")
def _numbering_gap(ctx: _Context) -> Iterator[_Draft]:
    def describe(label: str, parent: Node | None, item: _Numbered, previous: _Numbered | None) -> tuple[str, str]:
        if previous is None:
            message = f"{label} opens the sequence{_where(parent, item)}: {_missing(item, previous)}"
        else:
            message = (f"{label} follows {_number_label(previous.node)}{_where(parent, item)}: "
                       f"{_missing(item, previous)} (“{_heading_quote(item.node)}”)")
        return message, f"renumber from {label} on, or restore the missing heading"

    return _sequence_drafts(ctx, "NUM001", "gap", describe)


@_rule("NUM002", "numbering-repeat", "numbering", "error",
       "Two sibling headings carry the same number (the second gets a …#2 path).")
def _numbering_repeat(ctx: _Context) -> Iterator[_Draft]:
    def describe(label: str, parent: Node | None, item: _Numbered, previous: _Numbered | None) -> tuple[str, str]:
        assert previous is not None  # a repeat repeats the heading before it
        node = item.node
        message = (f"{label} repeats the number of the heading before it{_where(parent, item)} "
                   f"(line {previous.node.span.start}): “{_heading_quote(node)}”")
        fix = (f"renumber it {_numeral_like(node.number, previous.ordinal + 1)}" if node.kind != "annex"
               else "renumber the annexes")
        return message, fix

    return _sequence_drafts(ctx, "NUM002", "repeat", describe)


@_rule("NUM003", "numbering-disorder", "numbering", "error",
       "A heading's number is lower than its previous sibling's (（四） → （二）).")
def _numbering_disorder(ctx: _Context) -> Iterator[_Draft]:
    def describe(label: str, parent: Node | None, item: _Numbered, previous: _Numbered | None) -> tuple[str, str]:
        assert previous is not None  # disorder is relative to the heading before it
        message = (f"{label} follows {_number_label(previous.node)}{_where(parent, item)}: out of order "
                   f"(“{_heading_quote(item.node)}”)")
        return message, "put the headings in order or renumber them"

    return _sequence_drafts(ctx, "NUM003", "disorder", describe)


_OPEN = {"(": "half", "（": "full"}
_CLOSE = {")": "half", "）": "full"}
# A numeral with a bracket on one side only, at the start of a paragraph: "一）总体要求", "（一总体要求".
_ONE_SIDED = re.compile(
    rf"^(?:(?P<close>[{CN_COUNTING}]{{1,3}}|[0-9０-９]{{1,2}})\s*[）)](?![）)])"
    rf"|(?P<open>[（(]\s*[{CN_COUNTING}]{{1,3}})(?![\s{CN_COUNTING}]*[）)])(?=[\u4e00-\u9fff]))"
)


@_rule("NUM004", "numeral-brackets", "numbering", "warning",
       "A numeral mixes half- and full-width brackets (“(一）”) or has a bracket on one side only.")
def _numeral_brackets(ctx: _Context) -> Iterator[_Draft]:
    for node in ctx.plan.walk():
        if node.kind != "section":
            continue
        opens = [_OPEN[c] for c in node.number if c in _OPEN]
        closes = [_CLOSE[c] for c in node.number if c in _CLOSE]
        if opens and closes and opens[0] != closes[-1]:
            line, column, end_line, end_column = ctx.heading_position(node)
            fixed = node.number.replace("(", "（").replace(")", "）")
            yield _Draft("NUM004", node.path, line, column,
                         f"numeral “{node.number}” mixes a {opens[0]}-width opening bracket with a "
                         f"{closes[-1]}-width closing one: “{_shorten(node.heading)}”",
                         quote=node.number + node.title, fix=f"write {fixed}", end_line=end_line,
                         end_column=end_column)
    for unit in ctx.units:
        heading = unit.node.heading.split("\n")[0].strip(BLANK) if unit.node is not None else None
        if unit.table is not None or unit.text == heading:
            continue
        found = _ONE_SIDED.match(unit.text)
        if not found:
            continue
        numeral = found.group()
        line, column, end_line, end_column = ctx.in_unit(unit, 0, len(numeral))
        side = "closing" if found["close"] else "opening"
        yield _Draft("NUM004", unit.section, line, column,
                     f"numeral “{numeral}” has a {side} bracket only, so the line is not read as a heading: "
                     f"“{_shorten(unit.text)}”", quote=unit.text[:40],
                     fix="write the numeral with both brackets, e.g. （一）", end_line=end_line, end_column=end_column)


@_rule("NUM005", "numeral-punctuation", "numbering", "info",
       "A numeral is punctuated differently from the plan's usual form for its style (“2．” among “1.”).")
def _numeral_punctuation(ctx: _Context) -> Iterator[_Draft]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    nodes: list[tuple[Node, str, str]] = []
    for node in ctx.plan.walk():
        if node.kind != "section":
            continue
        style, _ = _section_style(node)
        form = _numeral_form(node.number)
        opens = [_OPEN[c] for c in node.number if c in _OPEN]
        closes = [_CLOSE[c] for c in node.number if c in _CLOSE]
        if opens and closes and opens[0] != closes[-1]:
            continue  # NUM004 reports it
        forms[style][form] += 1
        nodes.append((node, style, form))
    usual = {style: counts.most_common(1)[0][0] for style, counts in forms.items()}
    for node, style, form in nodes:
        if form == usual[style]:
            continue
        line, column, end_line, end_column = ctx.heading_position(node)
        written = form.replace("N", "").strip() or form
        expected = usual[style].replace("N", "").strip() or usual[style]
        numeral = _NUMERAL.search(node.number)
        yield _Draft("NUM005", node.path, line, column,
                     f"numeral “{node.number}” is written with “{written}”; this plan's other "
                     f"{forms[style][usual[style]]} headings of this style use “{expected}”",
                     quote=node.number + node.title,
                     fix=f"write {usual[style].replace('N', numeral.group() if numeral else 'N')}",
                     end_line=end_line, end_column=end_column)


# --- structure ----------------------------------------------------------------------------

@_rule("STR001", "skipped-level", "structure", "warning",
       "A heading style appears directly under a shallower one although the plan elsewhere puts another style between.")
def _skipped_level(ctx: _Context) -> Iterator[_Draft]:
    pairs: set[tuple[str, str]] = set()
    edges: list[tuple[Node | None, str, Node]] = []
    examples: dict[tuple[str, str], Node] = {}

    def visit(parent: Node | None, parent_style: str, children: list[Node]) -> None:
        for child in children:
            if child.kind != "section":
                continue
            style, _ = _section_style(child)
            pairs.add((parent_style, style))
            examples.setdefault((parent_style, style), child)
            edges.append((parent, parent_style, child))
            visit(child, style, child.children)

    visit(None, "root", ctx.plan.outline)
    reported: set[tuple[str, str]] = set()
    for parent, parent_style, child in edges:
        style, _ = _section_style(child)
        key = (parent.path if parent else "", style)
        if key in reported:
            continue
        between = [m for (a, m) in pairs if a == parent_style and m not in (parent_style, style)
                   and (m, style) in pairs]
        if not between:
            continue
        reported.add(key)
        middle = sorted(between)[0]
        example = examples[(middle, style)]
        middle_example = examples[(parent_style, middle)]
        line, column, end_line, end_column = ctx.heading_position(child)
        above = f"{parent.number}{parent.title}" if parent else "the top level"
        yield _Draft("STR001", child.path, line, column,
                     f"“{child.number}” heading directly under “{_shorten(above, 24)}”, skipping a level: "
                     f"elsewhere this plan puts “{middle_example.number}” headings between "
                     f"(e.g. {example.path})", quote=f"{child.number}{child.title}",
                     fix=f"add the missing “{_numeral_like(middle_example.number, 1)}” level or renumber",
                     end_line=end_line, end_column=end_column)


@_rule("STR002", "empty-heading", "structure", "warning",
       "A heading with no text, no table and no headings under it.")
def _empty_heading(ctx: _Context) -> Iterator[_Draft]:
    for node in ctx.plan.walk():
        if node.paragraphs or node.tables or node.children:
            continue
        line, column, end_line, end_column = ctx.heading_position(node)
        end_column = column + len(node.heading.split("\n")[0].strip(BLANK))
        yield _Draft("STR002", node.path, line, column,
                     f"heading “{_shorten(node.heading.split(chr(10))[0])}” has nothing under it",
                     quote=node.heading, fix="add its text or remove the heading", end_line=end_line,
                     end_column=end_column)


_WARNING_LINE = re.compile(r"^line (\d+):\s*")


@_rule("STR003", "parser-warning", "structure", "warning",
       "A warning of the parser (a line it could not place, a repeated number, no headings, no title).")
def _parser_warning(ctx: _Context) -> Iterator[_Draft]:
    covered = {node.span.start for node in ctx.plan.walk() if "#" in node.path}
    odd = set(odd_metadata(ctx.plan.metadata))  # DAT007 reports these with their location
    for warning in ctx.plan.warnings:
        if warning in odd:
            continue
        found = _WARNING_LINE.match(warning)
        line = int(found.group(1)) if found else 1
        if found and "number repeated" in warning and line in covered:
            continue  # NUM002 reports the repeat with its location
        node = ctx.node_at(line) if found else None
        yield _Draft("STR003", node.path if node else None, line, 1, f"parser: {warning}",
                     quote=_WARNING_LINE.sub("", warning))


# --- cross-references ---------------------------------------------------------------------

_ANNEX_LIST_HEAD = re.compile(r"^\s*附\s*件\s*[：:]\s*")
_ANNEX_ITEM = re.compile(r"^\s*(?P<num>[0-9０-９]{1,2})\s*[.．、]\s*(?P<title>.+?)\s*[；;。，,]?\s*$")


def _annex_list_items(plan: Plan) -> list[tuple[int, str, Paragraph]]:
    items = []
    for paragraph in plan.annex_list:
        text = _ANNEX_LIST_HEAD.sub("", paragraph.text)
        if found := _ANNEX_ITEM.match(text):
            number = cn_to_int(found["num"])
            items.append((number, found["title"], paragraph))
    return items


_TITLE_END_MARKS = "。．.：:；;，,"


def _title_key(text: str) -> str:
    return _fold(text).rstrip(_TITLE_END_MARKS)


@_rule("REF001", "annex-list-count", "cross-reference", "error",
       "The annex list (附件：1.… 2.…) names more or fewer annexes than the plan holds.")
def _annex_list_count(ctx: _Context) -> Iterator[_Draft]:
    items = _annex_list_items(ctx.plan)
    annexes = ctx.plan.annexes()
    if not items:
        return
    numbers = {n for n, _, _ in items}
    present = {_numbered(a).ordinal for a in annexes}
    if len(items) == len(annexes) and numbers == present:
        return
    first = ctx.plan.annex_list[0]
    line, column = ctx.locate(first.line, first.text[:4])
    missing = sorted(numbers - present)
    extra = sorted(present - numbers - {None})
    detail = []
    if missing:
        detail.append("no 附件" + "、".join(map(str, missing)) + " follows")
    if extra:
        detail.append("附件" + "、".join(map(str, extra)) + " is not in the list")
    counted = (f"the annex list names {len(items)} annexes but the plan holds {len(annexes)}"
               if len(items) != len(annexes)
               else f"the annex list and the plan's {len(annexes)} annexes are numbered differently")
    yield _Draft("REF001", None, line, column, counted
                 + (f" ({'; '.join(detail)})" if detail else "") + f": “{_shorten(first.text)}”",
                 quote=f"{len(items)}|{len(annexes)}", fix="make the annex list name the annexes that follow",
                 end_line=line, end_column=column + len(first.text))


@_rule("REF002", "annex-list-title", "cross-reference", "warning",
       "An annex's title differs from its entry in the annex list.")
def _annex_list_title(ctx: _Context) -> Iterator[_Draft]:
    by_number = {_numbered(a).ordinal: a for a in ctx.plan.annexes()}
    for number, title, paragraph in _annex_list_items(ctx.plan):
        annex = by_number.get(number)
        if annex is None or _title_key(annex.title) == _title_key(title):
            continue
        start = paragraph.text.find(title)
        line, column = ctx.locate(paragraph.line, title, max(start, 0))
        yield _Draft("REF002", annex.path, line, column,
                     f"the annex list calls 附件{number} “{title}” but the annex is titled “{annex.title}”",
                     quote=f"{title}|{annex.title}", fix="use one title in both places",
                     end_line=line, end_column=column + len(title))


_RESTATE_MIN = 0.85


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@_rule("REF003", "annex-title-drift", "cross-reference", "warning",
       "An annex table row restates a section title of the body, but with different words.")
def _annex_title_drift(ctx: _Context) -> Iterator[_Draft]:
    from plancli.parse.tables import column_roles

    sections = [n for n in ctx.plan.walk() if n.kind in ("section", "special_project")]
    titles = {_title_key(n.title): n for n in sections}
    for annex in ctx.plan.annexes():
        for node in annex.walk():
            for table in node.tables:
                column = column_roles(table.header).get("name")
                if column is None:
                    continue
                for r, row in enumerate(table.rows, start=1):
                    if column >= len(row):
                        continue
                    name = row[column].strip(BLANK)
                    key = _title_key(name)
                    if len(key) < 4 or key in titles:
                        continue
                    score, best = max(((_ratio(key, k), n) for k, n in titles.items()),
                                      key=lambda pair: pair[0], default=(0.0, None))
                    if best is None or score < _RESTATE_MIN:
                        continue
                    unit = _Unit(node.path, row[column], table.span.start, node=node, table=table, cell=(r, column))
                    start = row[column].find(name)
                    line, col, end_line, end_col = ctx.in_unit(unit, start, start + len(name))
                    yield _Draft("REF003", node.path, line, col,
                                 f"row “{name}” of table {table.index} restates the title of {best.path} "
                                 f"“{best.title}” with differences", quote=f"{name}|{best.title}",
                                 fix=f"write “{best.title}” (or change the section title)",
                                 end_line=end_line, end_column=end_col)


# --- text -----------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
# Characters doubled on purpose as a distributive ("校校通", "人人皆学", "层层落实", "县县").
_DISTRIBUTIVE = frozenset("人处时事校班县村户家镇乡区市省层项个样天年月日代级门科条件点片次种类批步节堂声句家家")
# Function characters never doubled in running text: "的的", "和和".
_NEVER_DOUBLED = frozenset("的了和与及在对把被将是")


@_rule("TXT001", "doubled-character", "text", "warning",
       "A character typed twice: a one-character token that repeats the first character of the next word (“初初中”).")
def _doubled_character(ctx: _Context) -> Iterator[_Draft]:
    word = ctx.dictionary_word

    for unit in ctx.units:
        text = unit.text
        if len(_CJK.findall(text)) < 2 or not re.search(r"([\u3400-\u9fff])\1", text) and not _has_doubled_word(text):
            continue
        tokens = ctx.tokens(text)
        spans, position = [], 0
        for token in tokens:
            found = text.find(token, position)
            if found < 0:
                continue
            spans.append((found, token))
            position = found + len(token)
        for (start, a), (next_start, b) in zip(spans, spans[1:]):
            if next_start != start + len(a) or not _CJK.fullmatch(a[0]):
                continue
            if len(a) == 1 and b[0] == a:
                if len(b) == 1 and a not in _NEVER_DOUBLED:
                    continue
                if a in _DISTRIBUTIVE or word(a + a):
                    continue
                doubled, fixed = a + b, b
            elif len(a) >= 2 and b.startswith(a) and _CJK.fullmatch(a[-1]) and not word(a + a):
                # A word typed twice: "教育|教育现代化".
                doubled, fixed = a + b, b
            else:
                continue
            line, column, end_line, end_column = ctx.in_unit(unit, start, start + len(doubled))
            yield _Draft("TXT001", unit.section, line, column,
                         f"doubled “{a}” in “{_quote(text, start, start + len(doubled))}”",
                         quote=_quote(text, start, start + len(doubled)), fix=f"{doubled} → {fixed}",
                         end_line=end_line, end_column=end_column)


def _has_doubled_word(text: str) -> bool:
    return bool(re.search(r"([\u3400-\u9fff]{2,4})\1", text))


_DOUBLED_PUNCT = re.compile(r"([。，、；：])[。，、；：]+|([！？])\2+|,,+")


@_rule("TXT002", "doubled-punctuation", "text", "warning",
       "Punctuation typed twice or two clause marks in a row (“。。”, “，，”, “，。”).")
def _doubled_punctuation(ctx: _Context) -> Iterator[_Draft]:
    for unit in ctx.units:
        for found in _DOUBLED_PUNCT.finditer(unit.text):
            start, end = found.span()
            line, column, end_line, end_column = ctx.in_unit(unit, start, end)
            keep = found.group()[-1] if found.group()[0] in "，、" else found.group()[0]
            yield _Draft("TXT002", unit.section, line, column,
                         f"doubled punctuation “{found.group()}” in “{_quote(unit.text, start, end)}”",
                         quote=_quote(unit.text, start, end), fix=f"{found.group()} → {keep}",
                         end_line=end_line, end_column=end_column)


# --- data -----------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_PAST = re.compile(r"十三五|已经|已有|先后|累计完成|截至")
_BUILD_TYPES = ("改扩建", "新建", "续建", "扩建", "改建", "迁建", "重建", "拆建", "改造")
_COUNT_UNIT = r"(?:个|所|项|宗)"
_COUNT = r"(?<!\d)\d{1,9}(?!\d)"


def _build_type_pattern(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _stated_counts(sentence: str, types: Sequence[str]
                   ) -> tuple[list[tuple[str, int, int, int]], tuple[int, int, int] | None]:
    """Build-type counts (word, n, start, end) and the total (n, start, end) a sentence states."""
    words = _build_type_pattern(types)
    counts: list[tuple[str, int, int, int]] = []
    taken: list[tuple[int, int]] = []
    # A count is a whole run of at most 9 digits: a search may not restart inside a long run, and
    # int() refuses thousands of digits.
    for pattern in (rf"(?<![改扩新续迁重拆])(?P<word>{words})(?:项目|学校|工程)?\s*(?P<n>{_COUNT})\s*{_COUNT_UNIT}",
                    rf"(?P<n>{_COUNT})\s*{_COUNT_UNIT}\s*(?P<word>{words})(?:项目|学校|工程)?"):
        for found in re.finditer(pattern, sentence):
            if any(a < found.end() and found.start() < b for a, b in taken):
                continue
            counts.append((found["word"], int(found["n"]), found.start(), found.end()))
            taken.append(found.span())
    total = None
    # Each optional word takes its own trailing blanks: adjacent \s* backtrack on a long blank run.
    total_pattern = rf"项目\s*(?:(?:总计|合计|共计|共有|总数|共)\s*)?(?:(?:为|达)\s*)?(?P<n>{_COUNT})\s*{_COUNT_UNIT}"
    for found in re.finditer(total_pattern, sentence):
        if any(a <= found.start() < b for a, b in taken):
            continue
        if sentence[: found.start()].endswith(tuple(types)):
            continue
        total = (int(found["n"]), found.start(), found.end())
        break
    return sorted(counts, key=lambda c: c[2]), total


def _text_units_outside(ctx: _Context, kinds: set[str]) -> Iterator[_Unit]:
    for unit in ctx.units:
        if unit.table is not None and (unit.table.kind in kinds or unit.cell[0] == 0):
            continue
        yield unit


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for found in _SENTENCE.finditer(text):
        yield found.start(), found.group()


@_rule("DAT001", "count-mismatch", "data", "error",
       "Project counts stated in the text (总计N个, 新建项目N个) disagree with the construction-project table.")
def _count_mismatch(ctx: _Context) -> Iterator[_Draft]:
    summary = ctx.construction
    if not summary.count:
        return
    table_types = {k: v for k, v in summary.by_build_type.items() if k != "(未注明)"}
    types = tuple(table_types) + _BUILD_TYPES
    table_desc = ", ".join(f"{n} {k}" for k, n in table_types.items())
    tables = "、".join(str(i) for i in summary.tables)
    for unit in _text_units_outside(ctx, {"construction_projects"}):
        if "项目" not in unit.text:
            continue
        for offset, sentence in _sentences(unit.text):
            if "项目" not in sentence or _PAST.search(sentence):
                continue
            counts, total = _stated_counts(sentence, types)
            if not counts and total is None:
                continue
            wrong = [(w, n, s, e) for w, n, s, e in counts if table_types.get(w, 0) != n]
            total_wrong = total is not None and total[0] != summary.count
            if not wrong and not total_wrong:
                continue
            spans = [(s, e) for _, _, s, e in counts] + ([total[1:]] if total else [])
            clause = sentence[min(s for s, _ in spans): max(e for _, e in spans)]
            problems = [f"{sentence[s:e]} but the table lists {table_types.get(w, 0)} {w}" for w, _, s, e in wrong]
            if total_wrong:
                problems.insert(0, f"{sentence[total[1]:total[2]]} but the table has {summary.count} rows")
            first = (total[1], total[2]) if total_wrong else (wrong[0][2], wrong[0][3])
            start, end = offset + first[0], offset + first[1]
            line, column, end_line, end_column = ctx.in_unit(unit, start, end)
            yield _Draft("DAT001", unit.section, line, column,
                         f"“{clause}” disagrees with the construction-project table (table {tables}: "
                         f"{summary.count} projects, {table_desc}): {'; '.join(problems)}",
                         quote=clause, fix="make the text's counts match the table", end_line=end_line,
                         end_column=end_column)


_MEASURES = {
    "investment": (r"总投资|投资总额|总投入|匡算总投资|估算总投资|计划总投资|匡算投资|估算投资",
                   {"元": 1.0, "万元": 1e4, "亿元": 1e8, "万": 1e4, "亿": 1e8}, "investment"),
    "floor_area": (r"总建筑面积|建筑面积合计|建筑面积总计",
                   {"平方米": 1.0, "万平方米": 1e4, "㎡": 1.0, "万㎡": 1e4, "m²": 1.0}, "floor area"),
    "land_area": (r"总占地面积|总用地面积|占地面积合计|用地面积合计",
                  {"平方米": 1.0, "万平方米": 1e4, "㎡": 1.0, "万㎡": 1e4, "亩": 666.6667}, "land area"),
}
_APPROX = re.compile(r"约|左右|近|大约|预计")


def _unit_factor(unit: str, factors: dict[str, float]) -> float:
    return factors.get(unit, factors.get(unit.replace("元", ""), 1.0))


def _tolerance(number: str) -> float:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return 0.5 * 10 ** -decimals


@_rule("DAT002", "sum-mismatch", "data", "error",
       "A total stated in the text (总投资, 总建筑面积) disagrees with the sum of the table's column.")
def _sum_mismatch(ctx: _Context) -> Iterator[_Draft]:
    summary = ctx.construction
    if not summary.count:
        return
    for role, (words, factors, label) in _MEASURES.items():
        column_sum = getattr(summary, role)
        if not column_sum:
            continue
        table_unit = summary.units.get(role) or ("万元" if role == "investment" else "平方米")
        sum_base = column_sum * _unit_factor(table_unit, factors)
        units = "|".join(re.escape(u) for u in sorted(factors, key=len, reverse=True))
        # Each word takes its own trailing blanks: adjacent \s* backtrack on a long blank run.
        pattern = re.compile(rf"(?:{words})\s*(?:(?:约|达|为|共|合计|总计|预计|计|近|大约)\s*)*"
                             rf"(?P<n>{QUANTITY_NUMBER})\s*(?P<unit>{units})")
        for unit in _text_units_outside(ctx, {"construction_projects"}):
            for offset, sentence in _sentences(unit.text):
                if _PAST.search(sentence):
                    continue
                for found in pattern.finditer(sentence):
                    stated = float(found["n"]) * _unit_factor(found["unit"], factors)
                    tolerance = _tolerance(found["n"]) * _unit_factor(found["unit"], factors)
                    if _APPROX.search(found.group()) or _APPROX.search(sentence[found.end(): found.end() + 2]):
                        tolerance = max(tolerance, 0.05 * stated)
                    if abs(stated - sum_base) <= tolerance + 1e-9:
                        continue
                    in_table_unit = sum_base / _unit_factor(table_unit, factors)
                    in_stated_unit = sum_base / _unit_factor(found["unit"], factors)
                    start, end = offset + found.start(), offset + found.end()
                    line, column, end_line, end_column = ctx.in_unit(unit, start, end)
                    yield _Draft("DAT002", unit.section, line, column,
                                 f"“{found.group()}” disagrees with the {label} column of table "
                                 f"{'、'.join(map(str, summary.tables))}, which sums to {in_table_unit:g} {table_unit}"
                                 f" ({in_stated_unit:.4g} {found['unit']})",
                                 quote=found.group(), fix="make the stated total match the table",
                                 end_line=end_line, end_column=end_column)


_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|共\s*计)")
_PLAIN_NUMBER = re.compile(rf"^\s*-?\d{{1,3}}(?:[,，]\d{{3}}){{1,4}}(?:\.\d+)?\s*$|^\s*-?{QUANTITY_NUMBER}\s*$")


def _plain_number(text: str) -> float | None:
    if not _PLAIN_NUMBER.match(text):
        return None
    return float(re.sub(r"[,，\s]", "", text))


@_rule("DAT003", "table-total-row", "data", "error",
       "A table's 合计/总计 row differs from the sum of the rows above it.")
def _table_total_row(ctx: _Context) -> Iterator[_Draft]:
    for table, node in ctx.plan.located_tables():
        totals = [(r, row) for r, row in enumerate(table.rows, start=1)
                  if any(_TOTAL_ROW.match(cell.strip(BLANK)) for cell in row[:2])]
        if not totals:
            continue
        r_total, total_row = totals[0]
        body = [row for r, row in enumerate(table.rows, start=1) if r < r_total]
        header_keys = [re.sub(r"\s+", "", h) for h in table.header]
        for c, cell in enumerate(total_row):
            if c >= len(table.header) or re.search(r"序号|编号|年|时间", header_keys[c]):
                continue
            stated = _plain_number(cell)
            values = [_plain_number(row[c]) for row in body if c < len(row) and row[c].strip()]
            if stated is None or not values or any(v is None for v in values):
                continue
            column_sum = sum(values)
            tolerance = _tolerance(cell.strip().replace(",", "").replace("，", "")) + 1e-9
            if abs(column_sum - stated) <= tolerance:
                continue
            section = node.path if node else None
            unit = _Unit(section, cell, table.span.start, node=node, table=table, cell=(r_total, c))
            line, column, end_line, end_column = ctx.in_unit(unit, 0, len(cell.strip(BLANK)))
            yield _Draft("DAT003", section, line, column,
                         f"the {total_row[0].strip() or total_row[1].strip()} row of table {table.index} gives "
                         f"{cell.strip()} for “{header_keys[c]}”, but its {len(values)} rows sum to {column_sum:g}",
                         quote=f"{header_keys[c]}|{cell.strip()}", fix=f"write {column_sum:g} or correct the rows",
                         end_line=end_line, end_column=end_column)


_COMPARATOR_WORDS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "approx": "≈"}


@_rule("DAT004", "target-contradicts-indicator", "data", "error",
       "A target in the prose states another year, value or comparator than the indicator table for the same measure.")
def _target_contradicts_indicator(ctx: _Context) -> Iterator[_Draft]:
    units_by_line: dict[int, list[_Unit]] = defaultdict(list)
    for unit in ctx.units:
        if unit.table is None:
            units_by_line[unit.line].append(unit)
    for link in ctx.targets.links:
        if not link.disagreements:
            continue
        target = link.target
        sentence = target.sentence.rstrip("。；;")
        unit = next((u for u in units_by_line.get(target.line, []) if sentence in u.text), None)
        value_at = sentence.find(target.text)
        end = value_at + len(target.text) if value_at >= 0 else len(sentence)
        # Quote from the start of the sentence to the number.
        quoted = sentence[:end]
        if unit is not None:
            start = unit.text.find(sentence)
            line, column, end_line, end_column = ctx.in_unit(unit, start, start + len(quoted))
        else:
            line, column = ctx.locate(target.line, quoted)
            end_line, end_column = line, column + len(quoted)
        sign = _COMPARATOR_WORDS.get(target.comparator, "")
        stated = f"{target.year or '(no year)'} {sign}{target.value:g}{target.unit or ''}"
        seq = f" {link.indicator_seq}" if link.indicator_seq else ""
        what = "、".join(link.disagreements)
        yield _Draft("DAT004", target.section, line, column,
                     f"“{_shorten(quoted, 60)}” ({stated}, measuring “{target.subject}”) contradicts indicator{seq} "
                     f"“{link.indicator_name}”: {link.indicator_year or ''} {link.indicator_target} "
                     f"({what} differ{'s' if len(link.disagreements) == 1 else ''})",
                     quote=f"{quoted}|{link.indicator_name}", fix="make the text and the indicator table agree",
                     end_line=end_line, end_column=end_column)


_PLACEHOLDER = re.compile(r"^[\s_\-—－–/／、*＊]*$")


@_rule("DAT005", "indicator-missing-value", "data", "warning",
       "An indicator row with an empty value cell, or no target (only a dash) in its last year column.")
def _indicator_missing_value(ctx: _Context) -> Iterator[_Draft]:
    from plancli.extract.indicators import plan_indicators

    tables = {t.index: t for t in ctx.plan.tables()}
    for indicator_table in plan_indicators(ctx.plan):
        table = tables[indicator_table.table_index]
        for indicator in indicator_table.indicators:
            if not indicator.name.strip():
                continue
            values = indicator.values
            missing = [v for v in values if not v.text.strip()]
            if values and values[-1].text.strip() and _PLACEHOLDER.match(values[-1].text):
                missing.append(values[-1])
            if not missing:
                continue
            years = "、".join(f"{v.year}" if v.year else "目标" for v in missing)
            line, column = ctx.locate(*_find_in_table(ctx, table, indicator.name))
            seq = f" {indicator.seq}" if indicator.seq else ""
            yield _Draft("DAT005", indicator_table.section, line, column,
                         f"indicator{seq} “{indicator.name}” has no value for {years}",
                         quote=f"{indicator.name}|{years}", fix="fill the cell (write “—” where no value applies "
                         "to a baseline)", end_line=line, end_column=column + len(indicator.name))


def _find_in_table(ctx: _Context, table: Table, text: str) -> tuple[int, str]:
    for number in range(table.span.start, table.span.end + 1):
        if text in (ctx.source_line(number) or ""):
            return number, text
    return table.span.start, text


@_rule("DAT006", "target-year-outside-period", "data", "warning",
       "A target year (prose or an indicator column) outside the plan's period (metadata start/end year).")
def _target_year_outside(ctx: _Context) -> Iterator[_Draft]:
    start_year, end_year = ctx.plan.metadata.start_year, ctx.plan.metadata.end_year
    if not start_year or not end_year or end_year < start_year:
        return  # no period, or a backwards one (DAT007): nothing lies inside it
    for target in ctx.targets.targets:
        if target.year is None or start_year <= target.year <= end_year:
            continue
        sentence = target.sentence.rstrip("。；;")
        year_at = sentence.find(str(target.year))
        line, column = ctx.locate(target.line, sentence[year_at:year_at + 5] if year_at >= 0 else sentence)
        yield _Draft("DAT006", target.section, line, column,
                     f"target year {target.year} lies outside the plan period {start_year}–{end_year}: "
                     f"“{_shorten(sentence, 60)}”", quote=f"{target.year}|{sentence}",
                     fix=f"state the target for {end_year} or move it to the long-range vision",
                     end_line=line, end_column=column + 4)
    for table, node in ctx.plan.located_tables():
        if table.kind != "indicators":
            continue
        for c, cell in enumerate(table.header[1:], start=1):
            found = re.search(r"(20\d{2})", cell)
            if not found or int(found.group(1)) <= end_year:
                continue
            section = node.path if node else None
            unit = _Unit(section, cell, table.span.start, node=node, table=table, cell=(0, c))
            line, column, end_line, end_column = ctx.in_unit(unit, found.start(), found.end())
            yield _Draft("DAT006", section, line, column,
                         f"indicator table {table.index} has a column for {found.group(1)}, after the plan period "
                         f"{start_year}–{end_year}", quote=f"table|{cell}", end_line=end_line, end_column=end_column)


@_rule("DAT007", "odd-plan-period", "data", "warning",
       "The plan period in the title is implausible: it runs backwards (2025–2021), spans over 15 years, "
       "has a year outside 1949–2100 or contradicts the named period (十四五 with 2016–2020).")
def _odd_plan_period(ctx: _Context) -> Iterator[_Draft]:
    meta = ctx.plan.metadata
    stated = [str(year) for year in (meta.start_year, meta.end_year) if year is not None]
    title = next((p for p in ctx.plan.preamble if stated and stated[0] in p.text), None)
    for problem in odd_metadata(meta):
        line, column = ctx.locate(title.line, stated[0], title.text.find(stated[0])) if title else (1, 1)
        yield _Draft("DAT007", None, line, column, f"{problem.removeprefix('title: ')}: “{_shorten(meta.title or '')}”",
                     quote=problem, fix="correct the years in the title", end_line=line,
                     end_column=column + len(stated[0]) if title else None)


# --- debris ---------------------------------------------------------------------------------

@_rule("DEB001", "converter-debris", "debris", "info",
       "Converter debris in the source (Word bookmarks, broken field codes, page numbers) that the reader removed.")
def _converter_debris(ctx: _Context) -> Iterator[_Draft]:
    for debris in ctx.plan.debris:
        line, column = ctx.locate(debris.line, debris.text)
        node = ctx.node_at(debris.line)
        yield _Draft("DEB001", node.path if node else None, line, column,
                     f"converter debris “{debris.text}” (removed before parsing)", quote=debris.text,
                     fix="delete it from the source", end_line=line, end_column=column + len(debris.text))


_DEBRIS_IN_TEXT = re.compile(
    r"错误\s*[!！]\s*(?:未定义书签|未找到引用源|超链接引用无效|文档中没有指定样式的文字)[。.]?"
    r"|Error!\s*(?:Bookmark not defined|Reference source not found)\.?"
    r"|\[bookmark:[^\]]*\]?|\[bookmark"
    r"|(?:^|(?<=\s))[-—–]\s*\d{1,3}\s*[-—–](?=\s|$)"
    r"|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|^\s*\d{1,3}\s*$"
)


@_rule("DEB002", "debris-in-text", "debris", "warning",
       "Debris-like text still in the plan's text: 错误！未定义书签, [bookmark: …], stray page numbers.")
def _debris_in_text(ctx: _Context) -> Iterator[_Draft]:
    for unit in ctx.units:
        if unit.table is not None:
            continue
        for found in _DEBRIS_IN_TEXT.finditer(unit.text):
            start, end = found.span()
            line, column, end_line, end_column = ctx.in_unit(unit, start, end)
            yield _Draft("DEB002", unit.section, line, column,
                         f"debris “{found.group().strip()}” in the text: “{_quote(unit.text, start, end)}”",
                         quote=_quote(unit.text, start, end), fix="delete it", end_line=end_line,
                         end_column=end_column)


RULES: tuple[Rule, ...] = tuple(sorted(_REGISTRY, key=lambda r: r.id))


# --- running the rules --------------------------------------------------------------------

def _fingerprint(rule: str, section: str | None, quote: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{rule}\x1f{section or ''}\x1f{quote}\x1f{occurrence}".encode()).hexdigest()
    return digest[:20]


def check_plan(plan: Plan, source_text: str | None = None, config: CheckConfig | None = None,
               tokenize: Callable[[str], list[str]] | None = None,
               dictionary: Callable[[str], bool] | None = None) -> list[Finding]:
    """Every finding of the selected rules on PLAN, in source order.

    SOURCE_TEXT is the decoded source the plan was parsed from (for exact columns); TOKENIZE
    replaces plancli.words.segment.tokenize (jieba) for the doubled-character rule, and
    DICTIONARY its question whether a string is a dictionary word.
    """
    config = config or CheckConfig()
    ctx = _Context(plan, source_text, tokenize, dictionary)
    file = str(plan.origin) if plan.origin is not None else None
    findings: list[Finding] = []
    seen: Counter[tuple[str, str | None, str]] = Counter()
    drafts = [(rule, draft) for rule in selected_rules(config) for draft in rule.check(ctx)]
    drafts.sort(key=lambda pair: (pair[1].line, pair[1].column, pair[0].id))
    for rule, draft in drafts:
        key = (draft.rule, draft.section, draft.quote)
        seen[key] += 1
        findings.append(Finding(
            rule=rule.id, name=rule.name, severity=_severity_for(rule, config), plan=plan.id, file=file,
            section=draft.section, line=max(draft.line, 1), column=max(draft.column, 1),
            end_line=draft.end_line, end_column=draft.end_column, message=draft.message, fix=draft.fix,
            fingerprint=_fingerprint(draft.rule, draft.section, draft.quote, seen[key]),
        ))
    return findings


def _baseline_key(finding: Finding) -> str:
    return f"{finding.plan}:{finding.fingerprint}"


def check_plans(items: list[tuple[Plan, str | None]], config: CheckConfig | None = None,
                baseline: set[str] | None = None, tokenize: Callable[[str], list[str]] | None = None,
                dictionary: Callable[[str], bool] | None = None) -> CheckReport:
    """Check each (plan, source text); findings in BASELINE (see load_baseline) are left out."""
    findings: list[Finding] = []
    suppressed = 0
    for plan, source_text in items:
        for finding in check_plan(plan, source_text, config, tokenize, dictionary):
            if baseline is not None and (_baseline_key(finding) in baseline or finding.fingerprint in baseline):
                suppressed += 1
            else:
                findings.append(finding)
    summary: dict[Severity, int] = {s: 0 for s in SEVERITIES}
    for finding in findings:
        summary[finding.severity] += 1
    return CheckReport(plans=[plan.id for plan, _ in items], summary=summary, findings=findings,
                       baseline_suppressed=suppressed)


def exit_code(report: CheckReport, strict: bool = False) -> int:
    """1 when any finding is an error (with STRICT, also a warning); else 0."""
    failing = {"error", "warning"} if strict else {"error"}
    return int(any(f.severity in failing for f in report.findings))


_BASELINE_VERSION = 1


def baseline_json(report: CheckReport) -> str:
    """The report's findings as a baseline file: plan, rule, section and fingerprint of each."""
    entries = sorted(
        ({"plan": f.plan, "rule": f.rule, "section": f.section, "fingerprint": f.fingerprint, "message": f.message}
         for f in report.findings),
        key=lambda e: (e["plan"], e["rule"], e["section"] or "", e["fingerprint"]),
    )
    return json_text({"plancli_check_baseline": _BASELINE_VERSION, "findings": entries})


def load_baseline(text: str, source: str = "baseline") -> set[str]:
    """The keys ("plan:fingerprint") of a baseline written by baseline_json; SOURCE names it in errors."""
    try:
        data = json.loads(text)
        entries = data["findings"]
        return {f"{e['plan']}:{e['fingerprint']}" for e in entries}
    except (ValueError, KeyError, TypeError) as err:
        raise PlanInputError(source, f"not a plancli check baseline ({err})") from None
