"""The token cache: DATA/parsed/<id>.tokens.json beside the parsed plan.

`plan_tokens` reads the cache while it still matches the plan (source hash, encoding, parser)
and the default lexicon, and only otherwise cuts the plan again (which imports jieba). Commands
that work from stored tokens (summarize, compare, query --word) never import jieba when the
cache is warm. A cache that cannot be written is skipped: it only costs the next run the cutting.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pydantic import ValidationError

from plancli.errors import OutputError
from plancli.files import write_atomic
from plancli.model import Plan
from plancli.storage.plans import data_dir, in_data_folder
from plancli.words.tokens import PlanTokens, cut_plan, lexicon_fingerprint


def tokens_path(plan_id: str, data: Path | None = None) -> Path:
    return data_dir(data) / "parsed" / f"{plan_id}.tokens.json"


def plan_tokens(plan: Plan, data: Path | None = None, lexicon=None) -> PlanTokens:
    """PLAN's tokens from the cache when current, else cut now and cached (for a plan of
    DATA/raw/). A user LEXICON is cut fresh and not cached."""
    path = tokens_path(plan.id, data)
    if lexicon is None:
        cached = _read(path, plan)
        if cached is not None:
            return cached
    tokens = cut_plan(plan, lexicon)
    if lexicon is None and plan.origin is not None and in_data_folder(plan.origin, data):
        # A cache that cannot be written only costs the next run the cutting again.
        with contextlib.suppress(OSError, OutputError):
            save_tokens(tokens, path)
    return tokens


def save_tokens(tokens: PlanTokens, path: Path) -> Path:
    write_atomic(path, (tokens.model_dump_json() + "\n").encode("utf-8"))
    return path


def _read(path: Path, plan: Plan) -> PlanTokens | None:
    try:
        tokens = PlanTokens.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None
    current = (tokens.sha256, tokens.encoding, tokens.parser) == (plan.source.sha256, plan.source.encoding,
                                                                   plan.parser)
    return tokens if current and tokens.lexicon == _default_fingerprint() else None


def _default_fingerprint() -> str:
    """The default lexicon's fingerprint, from the resource files alone (no jieba import)."""
    from plancli.words.segment import Lexicon

    return lexicon_fingerprint(Lexicon.default())
