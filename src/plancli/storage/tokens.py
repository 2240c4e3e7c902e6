"""The token cache: DATA/parsed/<id>.tokens.json beside the parsed plan.

`plan_tokens` reads the cache while it still matches the plan (source hash, encoding, parser)
and the default lexicon, and only otherwise cuts the plan again (which imports jieba). Commands
that work from stored tokens (summarize, compare, query --word) never import jieba when the
cache is warm. A cache is validated on load — it must be the cut of this plan's very text, and
record the plan JSON (<id>.json) it belongs to — and rebuilt otherwise. A cache that cannot be
written is skipped with a CacheWarning: it only costs the next run the cutting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from plancli.files import read_cache, write_atomic, write_cache
from plancli.model import Plan
from plancli.storage.plans import data_dir, in_data_folder, plan_digest, plan_files
from plancli.words.tokens import PlanTokens, content_units, cut_plan, lexicon_fingerprint


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
        write_cache(path, _stored(tokens, plan), path.parent, plan_files(plan))
    return tokens


def save_tokens(tokens: PlanTokens, plan: Plan, out_dir: Path, inputs: Iterable[Path] = ()) -> Path:
    """Write OUT_DIR/<id>.tokens.json, an output asked for (parse), beside PLAN's <id>.json."""
    path = out_dir / f"{plan.id}.tokens.json"
    write_atomic(path, _stored(tokens, plan), [*inputs, *plan_files(plan)], out_dir)
    return path


def _stored(tokens: PlanTokens, plan: Plan) -> bytes:
    """The cache file's bytes: TOKENS recording the plan JSON they belong to."""
    return (tokens.model_copy(update={"plan_json": plan_digest(plan)}).model_dump_json() + "\n").encode("utf-8")


def _read(path: Path, plan: Plan) -> PlanTokens | None:
    """The tokens cached at PATH if they are PLAN's, cut from its text as it stands; else None."""
    try:
        tokens = PlanTokens.model_validate_json(read_cache(path) or b"")
    except (ValidationError, ValueError):
        return None
    current = (tokens.sha256, tokens.encoding, tokens.parser, tokens.plan_json) == (
        plan.source.sha256, plan.source.encoding, plan.parser, plan_digest(plan))
    if not (current and tokens.lexicon == _default_fingerprint()):
        return None
    return tokens if _cut_from(plan, tokens) else None


def _cut_from(plan: Plan, tokens: PlanTokens) -> bool:
    """Whether TOKENS hold one unit per piece of PLAN's text, each unit's tokens found in its
    text in order (a cache edited, truncated or from another plan is not)."""
    units = list(content_units(plan))
    if len(units) != len(tokens.units):
        return False
    for (path, line, text, cell), unit in zip(units, tokens.units):
        if (unit.path, unit.line, unit.text, unit.cell) != (path, line, text, cell) \
                or not _is_cut_of(text, unit.tokens):
            return False
    return set(tokens.vocabulary) <= {token for unit in tokens.units for token in unit.tokens}


def _is_cut_of(text: str, tokens: list[str]) -> bool:
    """Whether TOKENS could be TEXT's cut: each one non-empty and found in TEXT after the last."""
    position = 0
    for token in tokens:
        found = text.find(token, position) if token else -1
        if found < 0:
            return False
        position = found + len(token)
    return True


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
            memo = _MemoFile.model_validate_json(read_cache(self.path) or b"")
        except (ValidationError, ValueError):
            return None
        return memo if memo.lexicon == _default_fingerprint() else None

    def tokenize(self, text: str) -> list[str]:
        if text in self._units and text not in self.cuts:
            return self._units[text]
        self._used.add(text)
        if text in self.cuts and not _is_cut_of(text, self.cuts[text]):  # a memo edited or damaged
            del self.cuts[text]
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
        # An unwritable memo only costs jieba next time.
        write_cache(self.path, (memo.model_dump_json() + "\n").encode("utf-8"), self.path.parent)


def _bounded(entries: dict, used: set[str]) -> dict:
    """ENTRIES with every USED key, and others only up to _MEMO_MAX in all, in sorted order."""
    room = max(0, _MEMO_MAX - len(used))
    others = sorted(key for key in entries if key not in used)[:room]
    return {key: entries[key] for key in sorted(used | set(others)) if key in entries}
