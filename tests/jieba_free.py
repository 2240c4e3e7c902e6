"""Token caches made without jieba, for tests of the analyses' arithmetic rather than the cutting."""

from __future__ import annotations

import re

from plancli.model import Plan
from plancli.words.tokens import PlanTokens, TextUnit, content_units

_PIECE = re.compile(r"[\u4e00-\u9fff]{2}")


def pieces_tokens(plan: Plan) -> PlanTokens:
    """PLAN's tokens as two-character pieces of its Chinese text, every piece a content term."""
    units = [TextUnit(path=path, line=line, text=text, tokens=_PIECE.findall(text), cell=cell)
             for path, line, text, cell in content_units(plan)]
    return PlanTokens(plan=plan.id, sha256=plan.source.sha256, encoding=plan.source.encoding, parser=plan.parser,
                      lexicon="", units=units, vocabulary=sorted({t for u in units for t in u.tokens}))
