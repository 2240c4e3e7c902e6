"""The parser's promise, checked: every character of the source (debris aside) is in the model once.

The source is what the reader rendered (Document.text: the file's text, or a Word, PDF or web
page's text rendering) less the debris it recorded; the model holds it in headings, paragraphs,
table cells, contents entries and the annex list. Whitespace is not compared (readers rejoin
lines and strip indentation), nor the characters that draw a table in text (pipes, box
drawing), nor derived fields (titles, captions, labels, an outline built from the contents), which repeat
text held elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from plancli.lang.patterns import SPACE, TABLE_RULES
from plancli.model import Plan
from plancli.readers.blocks import Document

_LAYOUT = re.compile(f"{SPACE.pattern}|{TABLE_RULES.pattern}")


def model_texts(plan: Plan) -> Iterator[str]:
    """Every piece of source text the model holds, each once."""
    yield from (p.text for p in plan.preamble)
    if plan.contents:
        yield plan.contents.heading
        yield from (p.text for p in plan.contents.entries)
    yield from (p.text for p in plan.annex_list)
    for table in plan.preamble_tables:
        yield from (cell for row in [table.header, *table.rows] for cell in row)
    for node in plan.walk():
        if plan.outline_from_contents and node.kind == "section":
            continue  # its heading is a contents entry, held there
        yield node.heading
        yield from (p.text for p in node.paragraphs)
        for table in node.tables:
            yield from (cell for row in [table.header, *table.rows] for cell in row)


def _not_compared(text: str) -> str:
    return _LAYOUT.sub("", text)


def _debris(document: Document) -> str:
    return _not_compared("".join(hit.text for hit in document.debris))


def unplaced_text(document: Document, plan: Plan) -> tuple[Counter[str], Counter[str]]:
    """(characters of DOCUMENT missing from PLAN, characters PLAN holds more often than DOCUMENT)."""
    source = Counter(_not_compared(document.text)) - Counter(_debris(document))
    held = Counter(_not_compared("".join(model_texts(plan))))
    return source - held, held - source


def completeness_warning(document: Document, plan: Plan) -> str | None:
    """A warning naming what the model lost or doubled, or None when it holds the source exactly."""
    source = len(_not_compared(document.text)) - len(_debris(document))
    if source == len(_not_compared("".join(model_texts(plan)))):
        return None  # as many characters as the source: counting each (slower) finds nothing to report
    missing, extra = unplaced_text(document, plan)
    problems = [f"{sum(counts.values())} characters {what} ({_sample(counts)})"
                for counts, what in ((missing, "of the source are not in the model"),
                                     (extra, "are in the model more often than in the source")) if counts]
    return "; ".join(problems) or None


def _sample(counts: Counter[str], size: int = 12) -> str:
    return "".join(char for char, _ in counts.most_common(size))
