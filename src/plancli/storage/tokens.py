"""The token cache: DATA/parsed/<id>.tokens.json beside the parsed plan.

`plan_tokens` reads the cache while it still matches the plan (source hash, encoding, parser)
and the default lexicon, and only otherwise cuts the plan again (which imports jieba). Commands
that work from stored tokens (summarize, compare, query --word) never import jieba when the
cache is warm. A cache that cannot be written is skipped: it only costs the next run the cutting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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


_MEMO_NAME = "jieba-memo.json"
_MEMO_MAX = 100_000  # entries kept across runs; the ones this run used are always kept


class _MemoFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lexicon: str = Field(description="fingerprint of the default lexicon the cuts were made with")
    cuts: dict[str, list[str]] = Field(description="text → its jieba tokens")
    words: dict[str, bool] = Field(description="string → whether jieba's dictionary holds it as a word")


class CutMemo:
    """jieba's answers remembered in DATA/parsed/jieba-memo.json, so that diff and check on plans
    seen before start without jieba (about half a second). A text or word not in the memo is
    asked of jieba (imported then) and remembered; the answers are jieba's own, so output is the
    same with or without the memo. Only the default lexicon is memoized.
    """

    def __init__(self, data: Path | None = None, plans: Sequence[Plan] = ()):
        self.path = data_dir(data) / "parsed" / _MEMO_NAME
        self._writable = any(p.origin is not None and in_data_folder(p.origin, data) for p in plans)
        self.cuts: dict[str, list[str]] = {}
        self.words: dict[str, bool] = {}
        self._units: dict[str, list[str]] = {}  # the plans' token caches: consulted, never copied
        self._used: set[str] = set()
        self._used_words: set[str] = set()
        self._changed = False
        stored = self._read()
        if stored is not None:
            self.cuts, self.words = stored.cuts, stored.words
        for plan in plans:  # the plans' own cached units are cuts already made
            cached = _read(tokens_path(plan.id, data), plan)
            if cached is not None:
                self._units.update((unit.text, unit.tokens) for unit in cached.units)

    def _read(self) -> _MemoFile | None:
        try:
            memo = _MemoFile.model_validate_json(self.path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None
        return memo if memo.lexicon == _default_fingerprint() else None

    def tokenize(self, text: str) -> list[str]:
        if text in self._units and text not in self.cuts:
            return self._units[text]
        self._used.add(text)
        if text not in self.cuts:
            from plancli.words.segment import tokenize

            self.cuts[text] = tokenize(text)
            self._changed = True
        return self.cuts[text]

    def is_word(self, word: str) -> bool:
        self._used_words.add(word)
        if word not in self.words:
            from plancli.words.segment import is_dictionary_word

            self.words[word] = is_dictionary_word(word)
            self._changed = True
        return self.words[word]

    def save(self) -> None:
        """Write the memo back when jieba was asked something new (and the data folder is ours)."""
        if not (self._changed and self._writable):
            return
        cuts = _bounded(self.cuts, self._used)
        words = _bounded(self.words, self._used_words)
        memo = _MemoFile(lexicon=_default_fingerprint(), cuts=cuts, words=words)
        with contextlib.suppress(OSError, OutputError):  # an unwritable memo only costs jieba next time
            write_atomic(self.path, (memo.model_dump_json() + "\n").encode("utf-8"))


def _bounded(entries: dict, used: set[str]) -> dict:
    """ENTRIES with every USED key, and others only up to _MEMO_MAX in all, in sorted order."""
    room = max(0, _MEMO_MAX - len(used))
    others = sorted(key for key in entries if key not in used)[:room]
    return {key: entries[key] for key in sorted(used | set(others)) if key in entries}
