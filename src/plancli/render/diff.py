"""Renderers of a revision diff (``plancli.analyses.diff.PlanDiff``): terminal, plain markers,
Markdown, a --stat summary and a Word 修订对照表.

Every renderer returns its result (a rich renderable, a ``str`` or the ``bytes`` of a .docx);
writing it anywhere is the caller's business. All of them say the same things: a summary of
counts, then one entry per change in the new document's order with where it is and the words
that changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from plancli.analyses.diff import Change, PlanDiff
from plancli.render.base import Rendered, View, plural, to_json, to_markdown_table
from plancli.render.report import docx_bytes, new_docx, xml_safe

__all__ = ["describe", "diff_docx", "diff_markdown", "diff_plain_tokens", "diff_rich", "diff_stat", "location"]

DELETE_STYLE = "red strike"
INSERT_STYLE = "green"

_AREA_LABELS = {"preamble": "前言 preamble", "annex_list": "附件列表 annex list", "metadata": "metadata"}

# What each kind is called in the 修订对照表.
_KIND_CN = {
    "metadata_changed": "信息变更", "added": "新增", "removed": "删除", "moved": "移动", "edited": "修改",
    "retitled": "标题修改", "renumbered": "重新编号", "target_changed": "目标值调整", "table_added": "新增表格",
    "table_removed": "删除表格", "header_changed": "表头修改", "row_added": "新增行", "row_removed": "删除行",
    "row_moved": "行移动", "cell_changed": "单元格修改", "indicator_changed": "指标值调整",
}
_ELEMENT_CN = {"node": "条目", "paragraph": "段落", "table": "表格", "row": "行"}


# --- shared wording -----------------------------------------------------------------------


def _arrow(old: str | None, new: str | None) -> str:
    if old and new:
        return old if old == new else f"{old} → {new}"
    return new or old or ""


def location(change: Change) -> str:
    """Where a change is: the path (old → new), the number change, the table, row and column."""
    if change.area == "metadata":
        return f"metadata.{change.field}"
    parts = []
    path = _arrow(change.old_path, change.new_path)
    if path:
        parts.append(path)
    elif change.area in _AREA_LABELS:
        parts.append(_AREA_LABELS[change.area])
    if change.element == "node" and change.kind not in ("renumbered",) and change.old_number and change.new_number \
            and change.old_number != change.new_number:
        parts.append(f"{change.old_number} → {change.new_number}")
    if change.old_table or change.new_table:
        parts.append("表" + _arrow(str(change.old_table or ""), str(change.new_table or "")))
    if change.row_key:
        parts.append(change.row_key.replace("\n", " "))
    if change.column:
        parts.append(change.column)
    return " · ".join(parts)


def describe(change: Change) -> str:
    """What happened, in the words of a 修订对照表's 说明 column."""
    kind = _KIND_CN.get(change.kind, change.kind)
    if change.kind in ("added", "removed", "moved") and change.element in _ELEMENT_CN:
        kind += _ELEMENT_CN[change.element]
    if change.kind == "added" and change.count > 1:
        kind += f"（含{change.count}个条目）"
    if change.kind == "removed" and change.count > 1:
        kind += f"（含{change.count}个条目）"
    if change.kind == "moved" and change.element == "node":
        return f"{kind}：{_arrow(change.old_path, change.new_path)}"
    if change.kind == "renumbered":
        return f"{kind}：{change.old_number} → {change.new_number}（{change.count}项）"
    if change.kind == "metadata_changed":
        return f"{kind}：{change.field}"
    if change.kind == "indicator_changed":
        return f"{kind}：{change.title}"
    if change.kind == "target_changed":
        return f"{kind}：{change.title}"
    if change.kind == "cell_changed":
        return f"{kind}：{change.row_key or ''} · {change.column or ''}".rstrip(" ·")
    return kind


def _header(result: PlanDiff) -> str:
    return f"{result.old.source} → {result.new.source}"


def _summary_line(result: PlanDiff) -> str:
    if result.identical:
        return f"{_header(result)}: no differences"
    counts = ", ".join(f"{count} {kind}" for kind, count in result.summary.items())
    return f"{_header(result)}: {plural(len(result.changes), 'change')} ({counts})"


# --- plain markers ------------------------------------------------------------------------


def diff_plain_tokens(tokens: Sequence[Sequence[str]]) -> str:
    """The token diff with wdiff markers: ``[-old-]{+new+}``."""
    out = []
    for op, text in tokens:
        if op == "delete":
            out.append(f"[-{text}-]")
        elif op == "insert":
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def _plain_entry(change: Change) -> str:
    head = f"{change.kind}  {location(change)}"
    if change.title and change.title not in head:
        head += f"  {change.title}"
    body = diff_plain_tokens(change.tokens)
    return head + ("\n  " + body.replace("\n", "\n  ") if body else "")


# --- terminal -----------------------------------------------------------------------------


def _rich_tokens(tokens: Sequence[Sequence[str]]) -> Text:
    text = Text()
    for op, words in tokens:
        style = DELETE_STYLE if op == "delete" else INSERT_STYLE if op == "insert" else ""
        text.append(words, style=style)
    return text


class _DiffView:
    """The diff for a console: colors where the console has them, wdiff markers where not."""

    def __init__(self, result: PlanDiff):
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = console.no_color or console.color_system is None
        result = self.result
        yield Text(_summary_line(result), style="" if plain else "bold")
        for number, change in enumerate(result.changes, start=1):
            head = Text(f"{number}. ")
            head.append(change.kind, style="" if plain else "bold cyan")
            where = location(change)
            if where:
                head.append(f"  {where}")
            if change.title and change.title not in where:
                head.append(f"  {change.title}", style="" if plain else "dim")
            yield head
            if change.tokens:
                body = Text(diff_plain_tokens(change.tokens)) if plain else _rich_tokens(change.tokens)
                yield _indent(body)


def _indent(text: Text) -> Text:
    lines = text.split("\n", allow_blank=True)
    out = Text()
    for k, line in enumerate(lines):
        if k:
            out.append("\n")
        out.append("   ")
        out.append_text(line)
    return out


def diff_rich(result: PlanDiff) -> RenderableType:
    """A summary line, then per change its location line and its word diff (deleted words red
    and struck through, inserted green; ``[-old-]{+new+}`` on a console without color)."""
    return _DiffView(result)


# --- stat ---------------------------------------------------------------------------------


def _top_section(change: Change) -> str:
    if change.area != "outline":
        return _AREA_LABELS.get(change.area, change.area)
    path = change.new_path or change.old_path or ""
    return path.split(".")[0]


def diff_stat(result: PlanDiff) -> str:
    """Counts only: per kind, and per top-level section (like ``git diff --stat``)."""
    lines = [_summary_line(result)]
    if result.identical:
        return lines[0] + "\n"
    width = max(len(kind) for kind in result.summary)
    lines += [f"  {kind:<{width}}  {count:>5}" for kind, count in result.summary.items()]
    per_section = Counter(_top_section(change) for change in result.changes)
    if per_section:
        lines.append("")
        width = max(len(name) for name in per_section)
        lines += [f"  {name:<{width}}  {count:>5}  {'+' * min(count, 40)}" for name, count in per_section.items()]
    return "\n".join(lines) + "\n"


# --- Markdown -----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def _md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_wrap(text: str, mark: str) -> str:
    """TEXT with MARK around every line's text (Markdown emphasis cannot span a line break)."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = line[:len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()):]
            out.append(f"{lead}{mark}{_md_escape(stripped)}{mark}{trail}")
        else:
            out.append(line)
    return "\n".join(out)


def markdown_tokens(tokens: Sequence[Sequence[str]]) -> str:
    """The token diff in Markdown: ``~~old~~ **new**`` (a space between a deletion and the
    insertion replacing it)."""
    out = []
    previous = ""
    for op, text in tokens:
        if op == "delete":
            out.append(_md_wrap(text, "~~"))
        elif op == "insert":
            out.append((" " if previous == "delete" else "") + _md_wrap(text, "**"))
        else:
            out.append(_md_escape(text))
        previous = op
    return "".join(out).replace("\n", "  \n")


def diff_markdown(result: PlanDiff) -> str:
    """A heading, a summary table of counts, then one section per change."""
    out = [f"# Diff: {_md_escape(result.old.source)} → {_md_escape(result.new.source)}", ""]
    out.append(f"{_md_escape(result.old.title or result.old.id)} → {_md_escape(result.new.title or result.new.id)}")
    out.append("")
    if result.identical:
        out += ["No differences.", ""]
        return "\n".join(out)
    out.append(to_markdown_table(["kind", "count"], [[k, str(v)] for k, v in result.summary.items()]))
    for number, change in enumerate(result.changes, start=1):
        where = location(change)
        title = f" — {change.title}" if change.title and change.title not in where else ""
        out.append(f"## {number}. {change.kind}: {_md_escape(where)}{_md_escape(title)}")
        out.append("")
        if change.tokens:
            out.append(markdown_tokens(change.tokens))
            out.append("")
    return "\n".join(out)


# --- Word: 修订对照表 ----------------------------------------------------------------------

DOCX_COLUMNS = ("章节", "原文", "修改后", "说明")


def _add_text(paragraph, text: str, *, strike: bool = False, underline: bool = False, bold: bool = False) -> None:
    for k, line in enumerate(xml_safe(text).split("\n")):
        run = paragraph.add_run()
        if k:
            run.add_break()
        if line:
            run.add_text(line)
        run.font.strike = strike or None
        run.font.underline = underline or None
        run.font.bold = bold or None


def _fill_side(cell, tokens: Sequence[Sequence[str]], side: str, fallback: str | None) -> None:
    paragraph = cell.paragraphs[0]
    shown = [(op, text) for op, text in tokens if op == "equal" or op == side]
    if not shown:
        if fallback:
            _add_text(paragraph, fallback)
        return
    for op, text in shown:
        if op == "equal":
            _add_text(paragraph, text)
        elif side == "delete":
            _add_text(paragraph, text, strike=True)
        else:
            _add_text(paragraph, text, underline=True, bold=True)


def _sides(change: Change) -> tuple[str | None, str | None]:
    """What 原文 and 修改后 show for a change without a word diff."""
    if change.kind == "moved" and change.element == "node":
        return (f"{change.old_path}  {change.title or ''}".strip(), f"{change.new_path}  {change.title or ''}".strip())
    if change.kind in ("renumbered", "row_moved"):
        return change.old_number, change.new_number
    return change.old_text, change.new_text


def diff_docx(result: PlanDiff) -> bytes:
    """A 修订对照表 (.docx): one row per change in the new document's order, columns 章节 / 原文 /
    修改后 / 说明; deleted words struck through in 原文, inserted words underlined and bold in 修改后.
    Fixed dates: the same diff gives the same bytes."""
    from docx.oxml.ns import qn

    document = new_docx()
    normal = document.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.add_heading("修订对照表", level=0)
    document.add_paragraph(xml_safe(f"原文：{result.old.title or result.old.id}（{result.old.source}）"))
    document.add_paragraph(xml_safe(f"修改后：{result.new.title or result.new.id}（{result.new.source}）"))
    document.add_paragraph(xml_safe(_summary_line(result)))
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, DOCX_COLUMNS):
        cell.text = ""
        _add_text(cell.paragraphs[0], text, bold=True)
    for change in result.changes:
        cells = table.add_row().cells
        where = location(change)
        section = where if not change.title or change.title in where else f"{where}\n{change.title}"
        _add_text(cells[0].paragraphs[0], section)
        old_fallback, new_fallback = _sides(change)
        _fill_side(cells[1], change.tokens, "delete", old_fallback)
        _fill_side(cells[2], change.tokens, "insert", new_fallback)
        _add_text(cells[3].paragraphs[0], describe(change))
    return docx_bytes(document)


class DiffView(View):
    """`plancli diff`: the changes for people (word diff in color, or [-old-]{+new+}), Markdown
    (~~old~~ **new**), JSON from the model; `docx` is the 修订对照表."""

    def __init__(self, result: PlanDiff):
        super().__init__(result)

    def table(self) -> Rendered:
        return diff_rich(self.value)

    def markdown(self) -> str:
        return diff_markdown(self.value)

    def docx(self) -> bytes:
        return diff_docx(self.value)


class DiffStatView(DiffView):
    """`plancli diff --stat`: the counts only (JSON: old, new and summary)."""

    def table(self) -> Rendered:
        return diff_stat(self.value)

    def markdown(self) -> str:
        return diff_stat(self.value)

    def json(self) -> str:
        return to_json(self.value.model_dump(mode="json", include={"old", "new", "summary"}))
