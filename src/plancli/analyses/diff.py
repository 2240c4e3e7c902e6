"""Revision diff of two plans: what changed from OLD to NEW, by content, never by number.

How it works
------------
1. **Trees.** Each plan becomes a tree under a virtual root (the root holds the preamble and
   the tables before the first heading; its children are the outline). A node's identity is its
   kind, title, paragraphs and tables — never its number or path, which are attributes: with the
   numerals kept, one insertion would shift every later item and look like a cascade of edits.
2. **Matching** (GumTree, Falleri et al. 2014, adapted to text-heavy leaves):
   a. identical subtrees by a content hash, top-down (large subtrees first);
   b. the leftovers paired anywhere in the tree, best-first, by a score of text similarity
      (difflib over jieba tokens, ``autojunk=False``) of the node's own title, paragraphs and
      tables, averaged with the Dice share of matched descendants for nodes that have children,
      plus a small bonus when both parents are matched to each other; pairs below
      ``MATCH_THRESHOLD`` are not matched. Candidates are limited to nodes of the same kind that
      share one of the node's rarest tokens, have the same title, or hold the partners of its
      descendants, so the pairing is never quadratic over a large plan. Passes repeat while
      they match more (a container is easier to pair once its children are);
   c. recovery: unmatched children of matched parents with the same kind and title are paired.
3. **Classification** of every pair and leftover into ``Change`` records, in the NEW document's
   order (removed items where they stood): see ``ChangeKind``.

Granularity
-----------
* Nodes (headings with everything under them; 专项工程 boxes are nodes of kind
  ``special_project``, annexes of kind ``annex``): one ``added``/``removed`` record for the
  top-most added/removed node, its unmatched descendants included (``count``); ``moved`` when a
  matched node changed parent or left the order of its siblings (the longest increasing run of
  partners stays put); ``retitled`` when the title changed; ``renumbered`` once per run of
  consecutive siblings whose numbers changed (an insertion gives one ``added`` and one
  ``renumbered``). A moved node's own new number is in its ``moved`` record.
* Paragraphs: inside each matched node the paragraph lists are aligned (equal paragraphs by
  LCS, the rest paired by similarity ≥ ``MATCH_THRESHOLD``): one ``edited`` record per changed
  paragraph with a word diff, ``added``/``removed`` for paragraphs without a partner (path = the
  node's path), ``moved`` for a paragraph that changed place inside its node. A paragraph moved
  to another node is removed there and added here.
* Prose targets (到2025年…达到95%): for every edited paragraph, the targets found in the old and
  new text (``plancli.extract.target_sentences.find_targets``, the machinery of ``plan_targets``) with the
  same subject, year and unit but another value or comparator give ``target_changed`` right
  after the ``edited`` record that shows the words.
* Tables are compared inside matched nodes (a table moved with its node is not a change): paired
  by content, caption, header and kind; rows by their natural key (the name column found by
  ``plancli.extract.projects.column_roles`` or the indicator column, 序号 ignored because an
  inserted row renumbers it); cells through a column mapping by header text. In an indicator
  table (``plancli.extract.indicators``) a changed value cell is reported once, as
  ``indicator_changed`` with the typed old and new values; other cells as ``cell_changed``.
  A change of 序号 runs is one ``renumbered`` record (element ``row``).
* Metadata fields give ``metadata_changed``; cover lines of the preamble that only restate a
  changed field (a "（征求意见稿）" line, a title split over two lines) are not reported again,
  nor is a table's caption line (the parser keeps it as a paragraph too) beside its table's record.
  The table of contents is derived from the headings and is not compared.

Options compare texts ignoring whitespace (``ignore_space``) or full/half width (``ignore_width``,
NFKC: "（一）" is "(一)"); texts in the result stay as written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from plancli.lang.patterns import SPACE
from plancli.model import Node, Paragraph, Plan, Span, Table
from plancli.parse.tables import ATTRIBUTE_HEADER, SEQ_HEADER, header_key, header_match_key, is_indicator_table

__all__ = [
    "CHANGE_KINDS",
    "MATCH_THRESHOLD",
    "Change",
    "ChangeKind",
    "DiffOptions",
    "DiffSide",
    "PlanDiff",
    "TypedValue",
    "diff_plans",
    "token_pieces",
]

# Two items whose similarity score reaches this are the same item, edited (GumTree and xmldiff use 0.5).
MATCH_THRESHOLD = 0.5
# Score bonus for a pair whose parents are matched to each other.
_CONTEXT_BONUS = 0.05
# Candidate limits per node: rarest tokens looked up, candidates kept, nodes per title.
_RARE_TOKENS = 4
_MAX_CANDIDATES = 48
# Candidate pairs scored per pass at most (about): with many leftovers each node gets fewer.
_PAIR_BUDGET = 200_000
_MIN_CANDIDATES = 6
_MAX_PASSES = 4

ChangeKind = Literal[
    "metadata_changed", "added", "removed", "moved", "edited", "retitled", "renumbered",
    "target_changed", "table_added", "table_removed", "header_changed", "row_added", "row_removed",
    "row_moved", "cell_changed", "indicator_changed",
]
CHANGE_KINDS: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]

KIND_DESCRIPTIONS: dict[str, str] = {
    "metadata_changed": ("a metadata field (title, status, period, issuer, date, document number …) changed; "
                         "see `field`"),
    "added": "a node (with its unmatched descendants, `count`) or a paragraph is new; see `element`",
    "removed": "a node (with its unmatched descendants, `count`) or a paragraph is gone; see `element`",
    "moved": "a node changed parent or place among its siblings, or a paragraph its place in its node",
    "edited": "a paragraph's text changed; `tokens` mark the changed words",
    "retitled": "a heading's title (or a table's caption, element `table`) changed",
    "renumbered": "a run of consecutive siblings (or table rows' 序号) got other numbers; `count` items",
    "target_changed": "a prose target with the same subject, year and unit got another value or comparator",
    "table_added": "a table is new in a matched node",
    "table_removed": "a table of a matched node is gone",
    "header_changed": "a table's header row changed (columns renamed, added or removed)",
    "row_added": "a table row is new (matched by its name column, not by 序号)",
    "row_removed": "a table row is gone",
    "row_moved": "a table row changed place",
    "cell_changed": "a cell of a matched row changed; see `row_key` and `column`",
    "indicator_changed": "a value of an indicator-table row changed; typed in `old_value`/`new_value`",
}

Element = Literal["metadata", "node", "paragraph", "table", "header", "row", "cell", "indicator", "target"]
Area = Literal["metadata", "preamble", "outline", "annex_list"]
TokenOp = Literal["equal", "delete", "insert"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DiffOptions(_Model):
    ignore_space: bool = Field(default=False, description="whitespace differences are no difference")
    ignore_width: bool = Field(default=False, description="full/half width (NFKC) differences are no difference")
    context: int | None = Field(default=None, ge=0,
                                description="equal tokens kept each side of an edit in `tokens` (None = all)")


class TypedValue(_Model):
    """A value as the indicator or target extractors read it."""

    text: str = Field(description="the value as written")
    comparator: str | None = Field(description=">=, >, =, <=, <, maintain … as the extractor reads it")
    value: float | None
    unit: str | None


class Change(_Model):
    """One difference between the two plans. Field order is the JSON key order."""

    kind: ChangeKind = Field(description="what happened; CHANGE_KINDS lists them, KIND_DESCRIPTIONS says each")
    element: Element = Field(description="what it happened to: metadata, node, paragraph, table, header, row, "
                                         "cell, indicator or target")
    area: Area = Field(description="where: metadata, preamble (before the first heading), outline or annex_list")
    node_kind: str | None = Field(default=None, description="section, annex or special_project (专项工程) for node "
                                                             "records and the node holding the changed item")
    old_path: str | None = Field(default=None, description="path in OLD of the node (or the node holding the item)")
    new_path: str | None = Field(default=None, description="path in NEW of the node (or the node holding the item)")
    old_number: str | None = Field(default=None, description='number in OLD as written; for a run "（二）…（九）"')
    new_number: str | None = Field(default=None, description='number in NEW as written; for a run "（三）…（十）"')
    title: str | None = Field(default=None, description="a one-line label: the heading, the table caption, the run")
    old_text: str | None = Field(default=None, description="the text in OLD (paragraph, title, cell, value …)")
    new_text: str | None = Field(default=None, description="the text in NEW")
    tokens: list[tuple[TokenOp, str]] = Field(
        default_factory=list,
        description="word diff as [op, text] with op equal/delete/insert; equal+delete spell old_text, "
                    "equal+insert new_text (\"…\" marks trimmed context)")
    old_lines: Span | None = Field(default=None, description="source lines in OLD")
    new_lines: Span | None = Field(default=None, description="source lines in NEW")
    field: str | None = Field(default=None, description="the metadata field, for metadata_changed")
    old_table: int | None = Field(default=None, description="table index in OLD")
    new_table: int | None = Field(default=None, description="table index in NEW")
    table_caption: str | None = Field(default=None, description="caption of the table (NEW's when both)")
    row_key: str | None = Field(default=None, description="the row's name cell (its natural key)")
    column: str | None = Field(default=None, description="the column header of a changed cell")
    indicator: str | None = Field(default=None, description="indicator name, for indicator_changed")
    subject: str | None = Field(default=None, description="what a prose target measures, for target_changed")
    year: int | None = Field(default=None, description="the year of an indicator value or prose target")
    old_value: TypedValue | None = Field(default=None, description="typed old value (indicator or target)")
    new_value: TypedValue | None = Field(default=None, description="typed new value (indicator or target)")
    count: int = Field(default=1, ge=1, description="nodes in an added/removed subtree; items in a renumbered run")


class DiffSide(_Model):
    id: str
    title: str | None
    status: str | None
    source: str = Field(description="file name the plan was read from")
    sha256: str


class PlanDiff(_Model):
    old: DiffSide
    new: DiffSide
    options: DiffOptions
    summary: dict[str, int] = Field(description="kind → count, in CHANGE_KINDS order, kinds that occur only")
    changes: list[Change] = Field(description="in the NEW document's order; removed items where they stood")

    @property
    def identical(self) -> bool:
        return not self.changes


# --- text: folding, tokens, similarity ----------------------------------------------------

_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
# A number with its comparator sign, magnitude and unit stays one token: 92% → 95%, ≧93, 1.5个百分点.
_NUMBER = re.compile(
    r"[<>≥≤≧≦＞＜]?[0-9０-９]+(?:[.．][0-9０-９]+)*(?:[万亿])?"
    r"(?:个百分点|百分点|%|％|‰|万元|亿元|元|万人|人次|人|名|所|个|项|家|倍|年|岁|间|套|班|平方米|米|小时|学时|天|次|分|台)?"
)
_BLANK_CELL = re.compile(r"^[\s\u3000]*$")
_COVER_NOISE = re.compile(r"[\s（）()【】\[\]“”\"《》]")


class _Texts:
    """Folding and tokenizing under the options, cached per distinct text."""

    def __init__(self, options: DiffOptions, tokenize: Callable[[str], list[str]] | None):
        self.options = options
        self._tokenize = tokenize
        self._folded: dict[str, str] = {}
        self._pieces: dict[str, list[tuple[str, str]]] = {}
        self._keys: dict[str, list[str]] = {}
        self._char: dict[str, str] = {}

    # Folding: the comparison key of a text.
    def fold(self, text: str) -> str:
        if not (self.options.ignore_space or self.options.ignore_width):
            return text
        found = self._folded.get(text)
        if found is None:
            found = text
            if self.options.ignore_width:
                found = unicodedata.normalize("NFKC", found)
            if self.options.ignore_space:
                found = SPACE.sub("", found)
            self._folded[text] = found
        return found

    def _fold_char(self, char: str) -> str:
        found = self._char.get(char)
        if found is None:
            found = unicodedata.normalize("NFKC", char) if self.options.ignore_width else char
            if self.options.ignore_space:
                found = SPACE.sub("", found)
            self._char[char] = found
        return found

    def _split(self, folded: str) -> list[str]:
        if self._tokenize is None:
            from plancli.words.segment import tokenize

            self._tokenize = tokenize
        return self._tokenize(folded)

    def pieces(self, text: str) -> list[tuple[str, str]]:
        """(as written, comparison key) tokens of TEXT; the displays concatenate to TEXT."""
        found = self._pieces.get(text)
        if found is None:
            found = self._pieces[text] = self._make_pieces(text)
        return found

    def _make_pieces(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        if self.options.ignore_space or self.options.ignore_width:
            chars, owner = [], []
            for i, char in enumerate(text):
                for c in self._fold_char(char):
                    chars.append(c)
                    owner.append(i)
            folded = "".join(chars)
        else:
            folded, owner = text, list(range(len(text)))
        if not folded:
            return [(text, "")]
        owner.append(len(text))
        bounds = _token_bounds(folded, self._split(folded))
        bounds = _merge_numbers(folded, bounds)
        starts = [owner[a] for a, _ in bounds]
        starts[0] = 0
        ends = starts[1:] + [len(text)]
        return [(text[s:e], folded[a:b]) for (a, b), s, e in zip(bounds, starts, ends)]

    def keys(self, text: str) -> list[str]:
        """Comparison keys of TEXT's tokens, whitespace left out: what similarity is computed on."""
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = [k for _, k in self.pieces(text) if k and not k.isspace()]
        return found


def _token_bounds(folded: str, tokens: Iterable[str]) -> list[tuple[int, int]]:
    """[start, end) of each token in FOLDED, the gaps (whitespace the tokenizer dropped) included."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for token in tokens:
        if not token:
            continue
        at = folded.find(token, pos)
        if at < 0:  # the tokenizer changed the text: the rest character by character
            break
        if at > pos:
            bounds.append((pos, at))
        bounds.append((at, at + len(token)))
        pos = at + len(token)
    bounds.extend((i, i + 1) for i in range(pos, len(folded)))
    return bounds


def _merge_numbers(folded: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Tokens overlapping one number (with its sign and unit) merged into one."""
    numbers = [m.span() for m in _NUMBER.finditer(folded)]
    if not numbers:
        return bounds
    merged: list[tuple[int, int]] = []
    k = 0
    for start, end in bounds:
        while k < len(numbers) and numbers[k][1] <= start:
            k += 1
        if k < len(numbers) and numbers[k][0] < end and merged and merged[-1][1] > numbers[k][0]:
            merged[-1] = (merged[-1][0], end)  # continues the number the previous token started
        else:
            merged.append((start, end))
    return merged


def token_pieces(text: str, options: DiffOptions | None = None,
                 tokenize: Callable[[str], list[str]] | None = None) -> list[str]:
    """The tokens the diff marks in TEXT: jieba words, numbers whole with their unit (92%, ≧93)."""
    return [display for display, _ in _Texts(options or DiffOptions(), tokenize).pieces(text)]


def _similarity(a: Sequence[str], b: Sequence[str], floor: float = 0.0) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def _token_diff(texts: _Texts, old: str, new: str, context: int | None) -> list[tuple[TokenOp, str]]:
    a, b = texts.pieces(old), texts.pieces(new)
    matcher = SequenceMatcher(None, [k for _, k in a], [k for _, k in b], autojunk=False)
    runs: list[tuple[TokenOp, list[str]]] = []

    def add(op: TokenOp, words: list[str]) -> None:
        if not words:
            return
        if runs and runs[-1][0] == op:
            runs[-1][1].extend(words)
        else:
            runs.append((op, list(words)))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", [d for d, _ in b[j1:j2]])
        else:
            add("delete", [d for d, _ in a[i1:i2]])
            add("insert", [d for d, _ in b[j1:j2]])
    if context is not None:
        runs = _trim(runs, context)
    return [(op, "".join(words)) for op, words in runs]


def _trim(runs: list[tuple[TokenOp, list[str]]], context: int) -> list[tuple[TokenOp, list[str]]]:
    trimmed: list[tuple[TokenOp, list[str]]] = []
    for index, (op, words) in enumerate(runs):
        if op != "equal":
            trimmed.append((op, words))
            continue
        first, last = index == 0, index == len(runs) - 1
        keep_head = 0 if first else context
        keep_tail = 0 if last else context
        if keep_head + keep_tail >= len(words):
            trimmed.append((op, words))
            continue
        head, tail = words[:keep_head], words[len(words) - keep_tail:] if keep_tail else []
        trimmed.append((op, [*head, "…", *tail]))
    return trimmed


# --- the trees ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Item:
    node: Node | None  # None for the virtual root
    parent: _Item | None
    index: int  # among its siblings
    order: int = 0  # pre-order position
    last: int = 0  # pre-order position of its last descendant
    children: list[_Item] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    kind: str = "root"
    number: str = ""
    title: str = ""
    tree_hash: bytes = b""
    own_parts: list[str] = field(default_factory=list)  # title, paragraphs, tables: what similarity reads
    own_keys: list[str] | None = None
    own_bag: Counter[str] | None = None
    partner: _Item | None = None

    @property
    def path(self) -> str | None:
        return self.node.path if self.node else None

    @property
    def heading(self) -> str:
        return self.node.heading if self.node else ""

    @property
    def descendants(self) -> int:
        return self.last - self.order

    def walk(self) -> Iterator[_Item]:
        yield self
        for child in self.children:
            yield from child.walk()


def _table_text(table: Table) -> str:
    lines = [table.caption or "", " | ".join(table.header)]
    lines += [" | ".join(row) for row in table.rows]
    return "\n".join(lines)


class _Tree:
    def __init__(self, plan: Plan, texts: _Texts):
        self.plan = plan
        self.root = _Item(node=None, parent=None, index=0, paragraphs=list(plan.preamble),
                          tables=list(plan.preamble_tables))
        self.root.children = [self._item(node, self.root, i) for i, node in enumerate(plan.outline)]
        self.items: list[_Item] = list(self.root.walk())
        for order, item in enumerate(self.items):
            item.order = order
        for item in reversed(self.items):
            item.last = item.children[-1].last if item.children else item.order
        for item in reversed(self.items):
            item.tree_hash = self._hash(item, texts)

    def _item(self, node: Node, parent: _Item, index: int) -> _Item:
        item = _Item(node=node, parent=parent, index=index, paragraphs=node.paragraphs, tables=node.tables,
                     kind=node.kind, number=node.number, title=node.title)
        item.children = [self._item(child, item, i) for i, child in enumerate(node.children)]
        item.own_parts = [node.title, *(p.text for p in node.paragraphs), *(_table_text(t) for t in node.tables)]
        return item

    @staticmethod
    def _hash(item: _Item, texts: _Texts) -> bytes:
        digest = hashlib.blake2b(digest_size=16)

        def put(text: str) -> None:
            data = texts.fold(text).encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

        put(item.kind)
        put(item.title)
        put(str(len(item.paragraphs)))
        for paragraph in item.paragraphs:
            put(paragraph.text)
        put(str(len(item.tables)))
        for table in item.tables:
            put(_table_text(table))
        for child in item.children:
            digest.update(child.tree_hash)
        digest.update(str(len(item.children)).encode())
        return digest.digest()


# --- matching ----------------------------------------------------------------------------


class _Matcher:
    def __init__(self, old: _Tree, new: _Tree, texts: _Texts):
        self.old, self.new, self.texts = old, new, texts
        self._pair(old.root, new.root)

    @staticmethod
    def _pair(o: _Item, n: _Item) -> None:
        o.partner, n.partner = n, o

    def run(self) -> None:
        self._identical_subtrees()
        for _ in range(_MAX_PASSES):
            if not self._similar_pass():
                break
        self._recover_by_title()

    def _identical_subtrees(self) -> None:
        by_hash: dict[bytes, list[_Item]] = {}
        for item in self.old.items[1:]:
            by_hash.setdefault(item.tree_hash, []).append(item)
        cursor: dict[bytes, int] = {}
        for n in self.new.items[1:]:
            if n.partner is not None:
                continue
            group = by_hash.get(n.tree_hash)
            if not group:
                continue
            k = cursor.get(n.tree_hash, 0)
            while k < len(group) and group[k].partner is not None:
                k += 1
            cursor[n.tree_hash] = k
            if k < len(group):
                self._pair_subtrees(group[k], n)

    def _pair_subtrees(self, o: _Item, n: _Item) -> None:
        self._pair(o, n)
        for oc, nc in zip(o.children, n.children):
            if oc.partner is None and nc.partner is None:
                self._pair_subtrees(oc, nc)

    def _own_keys(self, item: _Item) -> list[str]:
        # Keys per part (cached per distinct text, so the paragraph diff reuses them), joined.
        if item.own_keys is None:
            item.own_keys = [key for part in item.own_parts for key in self.texts.keys(part)]
        return item.own_keys

    def _similar_pass(self) -> bool:
        left_old = [o for o in self.old.items[1:] if o.partner is None]
        left_new = [n for n in self.new.items[1:] if n.partner is None]
        if not left_old or not left_new:
            return False
        index: dict[str, list[_Item]] = {}
        titles: dict[tuple[str, str], list[_Item]] = {}
        for o in left_old:
            for key in dict.fromkeys(self._own_keys(o)):
                if _WORDLIKE.search(key):
                    index.setdefault(key, []).append(o)
            titles.setdefault((o.kind, self.texts.fold(o.title)), []).append(o)
        scored: list[tuple[float, int, int, _Item, _Item]] = []
        self._cap = max(_MIN_CANDIDATES, min(_MAX_CANDIDATES, _PAIR_BUDGET // len(left_new)))
        for n in left_new:
            candidates = self._candidates(n, index, titles)
            if not candidates:
                continue
            # One matcher per new node: difflib caches what it learns about the second sequence.
            matcher = SequenceMatcher(None, (), self._own_keys(n), autojunk=False)
            for o in candidates:
                score = self._score(o, n, matcher)
                if score >= MATCH_THRESHOLD:
                    scored.append((-score, n.order, o.order, o, n))
        scored.sort(key=lambda entry: entry[:3])
        matched = False
        for _, _, _, o, n in scored:
            if o.partner is None and n.partner is None:
                self._pair(o, n)
                matched = True
        return matched

    def _candidates(self, n: _Item, index: dict[str, list[_Item]],
                    titles: dict[tuple[str, str], list[_Item]]) -> list[_Item]:
        found: dict[int, _Item] = {}

        def add(o: _Item) -> None:
            if o.partner is None and o.kind == n.kind and len(found) < self._cap:
                found.setdefault(o.order, o)

        for o in titles.get((n.kind, self.texts.fold(n.title)), [])[:max(1, self._cap // 4)]:
            add(o)
        # The partners' ancestors of its matched descendants.
        for d in self.new.items[n.order + 1:n.last + 1]:
            if d.partner is not None:
                up = d.partner.parent
                while up is not None and up.partner is None:
                    add(up)
                    up = up.parent
        shared = sorted({k for k in self._own_keys(n) if k in index}, key=lambda k: (len(index[k]), k))
        for key in shared[:_RARE_TOKENS]:
            for o in index[key]:
                if len(found) >= self._cap:
                    return [found[k] for k in sorted(found)]
                add(o)
        return [found[k] for k in sorted(found)]

    def _bag(self, item: _Item) -> Counter[str]:
        if item.own_bag is None:
            item.own_bag = Counter(self._own_keys(item))
        return item.own_bag

    def _own_similarity(self, o: _Item, n: _Item, matcher: SequenceMatcher, floor: float) -> float:
        """difflib's ratio of the two nodes' own tokens, 0 when a cheap upper bound is below FLOOR."""
        a, b = self._own_keys(o), self._own_keys(n)
        if not a and not b:
            return 1.0
        total = len(a) + len(b)
        if not a or not b or 2 * min(len(a), len(b)) / total < floor:
            return 0.0
        small, large = sorted((self._bag(o), self._bag(n)), key=len)
        if 2 * sum(min(count, large[key]) for key, count in small.items() if key in large) / total < floor:
            return 0.0
        matcher.set_seq1(a)
        return matcher.ratio()

    def _score(self, o: _Item, n: _Item, matcher: SequenceMatcher) -> float:
        bonus = _CONTEXT_BONUS if o.parent is not None and o.parent.partner is n.parent else 0.0
        if o.descendants == 0 and n.descendants == 0:
            return self._own_similarity(o, n, matcher, MATCH_THRESHOLD - bonus) + bonus
        common = sum(1 for d in self.new.items[n.order + 1:n.last + 1]
                     if d.partner is not None and o.order < d.partner.order <= o.last)
        dice = 2 * common / (o.descendants + n.descendants)
        own = self._own_similarity(o, n, matcher, 2 * (MATCH_THRESHOLD - bonus) - dice)
        return (own + dice) / 2 + bonus

    def _recover_by_title(self) -> None:
        for n in self.new.items:
            o = n.partner
            if o is None:
                continue
            waiting: dict[tuple[str, str], list[_Item]] = {}
            for oc in o.children:
                if oc.partner is None:
                    waiting.setdefault((oc.kind, self.texts.fold(oc.title)), []).append(oc)
            for nc in n.children:
                if nc.partner is None:
                    group = waiting.get((nc.kind, self.texts.fold(nc.title)))
                    if group:
                        self._pair(group.pop(0), nc)


def _stable(sequence: Sequence[int]) -> set[int]:
    """Positions in SEQUENCE of a longest strictly increasing subsequence (patience, leftmost ties)."""
    import bisect

    tails: list[int] = []  # values
    tail_pos: list[int] = []
    previous = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(i)
        else:
            tails[k] = value
            tail_pos[k] = i
        previous[i] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


# --- classification ------------------------------------------------------------------------


def _span(start: int, end: int | None = None) -> Span:
    return Span(start=start, end=max(start, end if end is not None else start))


def _subtree_text(item: _Item, unmatched_only: bool = True) -> tuple[str, int]:
    """Headings and paragraphs of ITEM and its unmatched descendants, and how many nodes that is."""
    lines: list[str] = []
    count = 0

    def visit(it: _Item) -> None:
        nonlocal count
        count += 1
        node = it.node
        assert node is not None
        lines.append(node.heading)
        lines.extend(p.text for p in node.paragraphs)
        for table in node.tables:
            lines.extend("\t".join(row) for row in [table.header, *table.rows])
        for child in it.children:
            if not unmatched_only or child.partner is None:
                visit(child)

    visit(item)
    return "\n".join(lines), count


def _label(item: _Item) -> str:
    """The heading as written (it holds the number: "（一）已有成就", "专项工程1：名班主任工程")."""
    return item.node.heading if item.node else ""


class _Differ:
    def __init__(self, old: Plan, new: Plan, options: DiffOptions, tokenize: Callable[[str], list[str]] | None):
        self.options = options
        self.texts = _Texts(options, tokenize)
        self.old_plan, self.new_plan = old, new
        self.old = _Tree(old, self.texts)
        self.new = _Tree(new, self.texts)
        self.changes: list[Change] = []
        self.moved: set[int] = set()  # orders (in NEW) of nodes that moved

    # helpers
    def same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a is b
        return self.texts.fold(a) == self.texts.fold(b)

    def tokens(self, old: str, new: str) -> list[tuple[TokenOp, str]]:
        return _token_diff(self.texts, old, new, self.options.context)

    def emit(self, **fields) -> None:
        self.changes.append(Change(**fields))

    def run(self) -> list[Change]:
        if self.old.root.tree_hash == self.new.root.tree_hash and self._same_outside_tree():
            return []
        _Matcher(self.old, self.new, self.texts).run()
        self._find_moves()
        metadata_changes = self._metadata()
        self.changes.extend(metadata_changes)
        self._visit(self.new.root)
        return self.changes

    def _same_outside_tree(self) -> bool:
        o, n = self.old_plan, self.new_plan
        return (all(self.same(str(getattr(o.metadata, f)), str(getattr(n.metadata, f))) for f in _METADATA_FIELDS)
                and [self.texts.fold(p.text) for p in o.annex_list] == [self.texts.fold(p.text) for p in n.annex_list]
                and all(self.same(a.number, b.number) for a, b in zip(o.walk(), n.walk())))

    # moves
    def _find_moves(self) -> None:
        """A matched node moved when its parents are not partners, or when it left the longest
        run of siblings that kept their order."""
        for n in self.new.items:
            o = n.partner
            if o is None:
                continue
            inside = [c for c in n.children if c.partner is not None and c.partner.parent is o]
            keep = _stable([c.partner.index for c in inside])  # type: ignore[union-attr]
            self.moved.update(c.order for i, c in enumerate(inside) if i not in keep)
        for n in self.new.items[1:]:
            if n.partner is not None and n.parent is not None and n.parent.partner is not n.partner.parent:
                self.moved.add(n.order)

    # metadata
    def _metadata(self) -> list[Change]:
        found = []
        self.cover: list[tuple[str | None, str | None]] = []
        for name in _METADATA_FIELDS:
            a, b = getattr(self.old_plan.metadata, name), getattr(self.new_plan.metadata, name)
            a_text, b_text = (None if a is None else str(a)), (None if b is None else str(b))
            if self.same(a_text, b_text):
                continue
            self.cover.append((a_text, b_text))
            found.append(Change(kind="metadata_changed", element="metadata", area="metadata", field=name,
                                title=name, old_text=a_text, new_text=b_text,
                                tokens=self.tokens(a_text or "", b_text or "")))
        return found

    def _restates_metadata(self, old: str | None, new: str | None) -> bool:
        """A preamble line that only restates a changed metadata field (on the sides it exists)."""
        def within(line: str | None, value: str | None) -> bool:
            if line is None:
                return True
            key = _COVER_NOISE.sub("", self.texts.fold(line))
            return bool(key) and value is not None and key in _COVER_NOISE.sub("", self.texts.fold(value))

        return any(within(old, a) and within(new, b) for a, b in self.cover)

    # traversal in NEW order
    def _visit(self, n: _Item) -> None:
        o = n.partner
        if o is None:  # added: reported by the parent; visit matched descendants (moved in)
            for child in n.children:
                self._visit(child)
            return
        if n.node is not None:
            self._node_changes(o, n)
        self._body(o, n)
        runs = self._renumber_runs(n)
        annex_list_due = n.node is None  # the 附件 list stands before the first annex
        for side, item in self._children_in_order(o, n):
            if annex_list_due and item.kind == "annex":
                self._annex_list()
                annex_list_due = False
            if side == "old":
                self._removed(item)
                continue
            if item.order in runs:
                self._renumbered(runs[item.order])
            if item.partner is None:
                self._added(item)
            self._visit(item)
        if annex_list_due:
            self._annex_list()

    def _children_in_order(self, o: _Item, n: _Item) -> list[tuple[str, _Item]]:
        """NEW's children, with OLD's removed children where they stood."""
        placed: dict[int, list[_Item]] = {}
        anchor = -1
        for oc in o.children:
            if oc.partner is not None and oc.partner.parent is n:
                anchor = oc.partner.index
            elif oc.partner is None:
                placed.setdefault(anchor, []).append(oc)
        out: list[tuple[str, _Item]] = [("old", r) for r in placed.get(-1, [])]
        for nc in n.children:
            out.append(("new", nc))
            out += [("old", r) for r in placed.get(nc.index, [])]
        return out

    def _renumber_runs(self, n: _Item) -> dict[int, list[_Item]]:
        runs: dict[int, list[_Item]] = {}
        current: list[_Item] = []

        def close() -> None:
            if current:
                runs[current[0].order] = list(current)
                current.clear()

        for child in n.children:
            o = child.partner
            if o is not None and child.order not in self.moved and not self.same(o.number, child.number):
                current.append(child)
            else:
                close()
        close()
        return runs

    def _renumbered(self, run: list[_Item]) -> None:
        first, last = run[0], run[-1]
        of, ol = first.partner, last.partner
        assert of is not None and ol is not None

        def ends(a: str, b: str) -> str:
            return a if len(run) == 1 else f"{a}…{b}"

        old_number, new_number = ends(of.number, ol.number), ends(first.number, last.number)
        self.emit(kind="renumbered", element="node", area="outline", node_kind=first.kind,
                  old_path=of.path, new_path=first.path, old_number=old_number, new_number=new_number,
                  title=f"{old_number} → {new_number}",
                  old_lines=_span(of.node.span.start, ol.node.span.end),  # type: ignore[union-attr]
                  new_lines=_span(first.node.span.start, last.node.span.end),  # type: ignore[union-attr]
                  count=len(run))

    def _added(self, n: _Item) -> None:
        self._whole_subtree(n, "added", side="new", op="insert")

    def _removed(self, o: _Item) -> None:
        self._whole_subtree(o, "removed", side="old", op="delete")

    def _whole_subtree(self, item: _Item, kind: str, *, side: str, op: str) -> None:
        """One record for ITEM with its unmatched descendants, on the SIDE (old/new) it is in."""
        text, count = _subtree_text(item)
        assert item.node is not None
        self.emit(kind=kind, element="node", area="outline", node_kind=item.kind, title=_label(item),
                  tokens=[(op, text)], count=count,
                  **{f"{side}_path": item.path, f"{side}_number": item.number, f"{side}_text": text,
                     f"{side}_lines": item.node.span})

    def _node_changes(self, o: _Item, n: _Item) -> None:
        on, nn = o.node, n.node
        assert on is not None and nn is not None
        common = {"element": "node", "area": "outline", "node_kind": n.kind, "old_path": o.path,
                  "new_path": n.path, "old_number": o.number, "new_number": n.number}
        if n.order in self.moved:
            self.emit(kind="moved", title=_label(n), old_lines=on.span, new_lines=nn.span, **common)
        if not self.same(o.title, n.title):
            self.emit(kind="retitled", title=_label(n), old_text=o.title, new_text=n.title,
                      tokens=self.tokens(o.title, n.title), old_lines=_span(on.span.start),
                      new_lines=_span(nn.span.start), **common)

    # paragraphs and tables of a matched pair
    def _body(self, o: _Item, n: _Item) -> None:
        area: Area = "preamble" if n.node is None else "outline"
        where = {"area": area, "node_kind": None if n.node is None else n.kind, "old_path": o.path,
                 "new_path": n.path, "title": _label(n) or None}
        local: list[tuple[float, int, Change]] = []
        captions = ({self.texts.fold(t.caption) for t in o.tables if t.caption},
                    {self.texts.fold(t.caption) for t in n.tables if t.caption})
        self._paragraphs(o.paragraphs, n.paragraphs, where, local, n, preamble=n.node is None, captions=captions)
        heading_line = n.node.span.start if n.node else 0
        _Tables(self, o, n, where, heading_line, local).run()
        local.sort(key=lambda entry: entry[:2])
        self.changes.extend(change for _, _, change in local)

    def _annex_list(self) -> None:
        where = {"area": "annex_list", "node_kind": None, "old_path": None, "new_path": None, "title": "附件"}
        local: list[tuple[float, int, Change]] = []
        self._paragraphs(self.old_plan.annex_list, self.new_plan.annex_list, where, local, None)
        local.sort(key=lambda entry: entry[:2])
        self.changes.extend(change for _, _, change in local)

    def _paragraphs(self, old: list[Paragraph], new: list[Paragraph], where: dict, out: list,
                    holder: _Item | None, preamble: bool = False,
                    captions: tuple[set[str], set[str]] = (set(), set())) -> None:
        fold = self.texts.fold

        def covered(old_text: str | None, new_text: str | None) -> bool:
            """Said by another record: a cover line restating changed metadata, or a table's caption
            line (the parser keeps it as a paragraph too) reported with its table."""
            if preamble and self._restates_metadata(old_text, new_text):
                return True
            return ((old_text is None or fold(old_text) in captions[0])
                    and (new_text is None or fold(new_text) in captions[1]))

        a, b = [fold(p.text) for p in old], [fold(p.text) for p in new]
        if a == b:
            return
        pairs: dict[int, int] = {}
        for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                pairs[block.b + k] = block.a + k
        taken = set(pairs.values())
        left_old = [i for i in range(len(a)) if i not in taken]
        left_new = [j for j in range(len(b)) if j not in pairs]
        candidates: list[tuple[float, int, int]] = []
        for j in left_new:
            keys_new = self.texts.keys(new[j].text)
            for i in left_old:
                score = 1.0 if a[i] == b[j] else _similarity(self.texts.keys(old[i].text), keys_new, MATCH_THRESHOLD)
                if score >= MATCH_THRESHOLD:
                    candidates.append((-score, j, i))
        candidates.sort()
        paired_new: dict[int, int] = {}
        used_old: set[int] = set()
        for _, j, i in candidates:
            if j not in paired_new and i not in used_old:
                paired_new[j] = i
                used_old.add(i)
        all_pairs = {**pairs, **paired_new}
        order = sorted(all_pairs)
        keep = _stable([all_pairs[j] for j in order])
        stays = {order[k] for k in keep}
        seq = len(out)

        def anchor_for_removed(i: int) -> float:
            before = [j for j, i2 in all_pairs.items() if i2 < i]
            if before:
                return new[max(before)].line + 0.5
            return (holder.node.span.start if holder and holder.node else 0) + 0.5

        for j, i in sorted(paired_new.items()):
            p, q = old[i], new[j]
            common = dict(element="paragraph", old_lines=_span(p.line), new_lines=_span(q.line), **where)
            if covered(p.text, q.text):
                continue
            if a[i] == b[j]:
                if j not in stays:
                    out.append((q.line, seq, Change(kind="moved", old_text=p.text, new_text=q.text, **common)))
                    seq += 1
                continue
            out.append((q.line, seq, Change(kind="edited", old_text=p.text, new_text=q.text,
                                            tokens=self.tokens(p.text, q.text), **common)))
            seq += 1
            for target in self._targets(p.text, q.text, where, p.line, q.line):
                out.append((q.line, seq, target))
                seq += 1
        for j, i in pairs.items():
            if j not in stays:
                p, q = old[i], new[j]
                out.append((q.line, seq, Change(kind="moved", element="paragraph", old_text=p.text, new_text=q.text,
                                                old_lines=_span(p.line), new_lines=_span(q.line), **where)))
                seq += 1
        for j in left_new:
            if j in paired_new:
                continue
            q = new[j]
            if covered(None, q.text):
                continue
            out.append((q.line, seq, Change(kind="added", element="paragraph", new_text=q.text,
                                            tokens=[("insert", q.text)], new_lines=_span(q.line), **where)))
            seq += 1
        for i in left_old:
            if i in used_old:
                continue
            p = old[i]
            if covered(p.text, None):
                continue
            out.append((anchor_for_removed(i), seq, Change(kind="removed", element="paragraph", old_text=p.text,
                                                           tokens=[("delete", p.text)], old_lines=_span(p.line),
                                                           **where)))
            seq += 1

    def _targets(self, old: str, new: str, where: dict, old_line: int, new_line: int) -> list[Change]:
        from plancli.extract.target_sentences import PLAN_START_YEAR, find_targets

        def start(plan: Plan) -> int:
            return plan.metadata.start_year or PLAN_START_YEAR

        a = find_targets(old, start(self.old_plan))
        b = find_targets(new, start(self.new_plan))
        if not a or not b:
            return []

        def key(t) -> tuple:
            return (self.texts.fold(t.subject), t.year, t.unit, t.change)

        waiting: dict[tuple, list] = {}
        for t in a:
            waiting.setdefault(key(t), []).append(t)
        found = []
        for t in b:
            group = waiting.get(key(t))
            if not group:
                continue
            exact = next((s for s in group if s.value == t.value and s.comparator == t.comparator), None)
            s = exact or group[0]
            group.remove(s)
            if exact:
                continue
            found.append(Change(
                kind="target_changed", element="target", subject=t.subject, year=t.year,
                old_text=s.text, new_text=t.text, tokens=self.tokens(s.text, t.text),
                old_value=TypedValue(text=s.text, comparator=s.comparator, value=s.value, unit=s.unit),
                new_value=TypedValue(text=t.text, comparator=t.comparator, value=t.value, unit=t.unit),
                old_lines=_span(old_line), new_lines=_span(new_line),
                **{**where, "title": f"{t.subject}{f' ({t.year})' if t.year else ''}: {s.text} → {t.text}"}))
        return found


_METADATA_FIELDS = ("title", "status", "period", "start_year", "end_year", "province", "city", "district",
                    "issuer", "date", "document_number")


# --- tables ------------------------------------------------------------------------------

# Header cells are matched as parse.tables matches them (header_match_key); a row's name may
# also be its project (项目) or content (内容) here.
_NAME_HEADER = re.compile(r"指标|名称|项目|内容")
_VALUE_HEADER = re.compile(r"20\d{2}|现状|基期|基准|基数|现值|目标")


def _is_value_header(cell: str) -> bool:
    """A column of values by year, baseline or target (not the 属性 column)."""
    key = header_match_key(cell)
    return bool(_VALUE_HEADER.search(key)) and not ATTRIBUTE_HEADER.search(key)


class _Tables:
    """Tables of one matched node pair (or the preamble tables)."""

    def __init__(self, differ: _Differ, o: _Item, n: _Item, where: dict, heading_line: int, out: list):
        self.d, self.o, self.n, self.where, self.out = differ, o, n, where, out
        self.heading_line = heading_line
        self.seq = len(out)

    def add(self, line: float, **fields) -> None:
        self.out.append((line, self.seq, Change(**{**self.where, **fields})))
        self.seq += 1

    def run(self) -> None:
        old, new = self.o.tables, self.n.tables
        if not old and not new:
            return
        fold = self.d.texts.fold
        keys_old = [fold(_table_text(t)) for t in old]
        keys_new = [fold(_table_text(t)) for t in new]
        if keys_old == keys_new:
            return
        pairs: dict[int, int] = {}
        used: set[int] = set()
        for j, key in enumerate(keys_new):  # identical tables
            i = next((i for i, k in enumerate(keys_old) if k == key and i not in used), None)
            if i is not None:
                pairs[j] = i
                used.add(i)
        scored = []
        for j, t in enumerate(new):
            if j in pairs:
                continue
            for i, s in enumerate(old):
                if i in used:
                    continue
                score = (0.5 * (fold(s.caption or "") == fold(t.caption or "") and bool(s.caption or t.caption))
                         + 0.3 * ([fold(h) for h in s.header] == [fold(h) for h in t.header])
                         + 0.2 * (s.kind == t.kind))
                if score < MATCH_THRESHOLD:
                    score = max(score, _similarity(self.d.texts.keys(_table_text(s)),
                                                   self.d.texts.keys(_table_text(t)), MATCH_THRESHOLD))
                if score >= MATCH_THRESHOLD:
                    scored.append((-score, j, i))
        for _, j, i in sorted(scored):
            if j not in pairs and i not in used:
                pairs[j] = i
                used.add(i)
        for j, t in enumerate(new):
            if j in pairs:
                self._pair(old[pairs[j]], t)
            else:
                text = "\n".join("\t".join(row) for row in [t.header, *t.rows])
                self.add(t.span.start, kind="table_added", element="table", new_table=t.index,
                         table_caption=t.caption, new_text=text, tokens=[("insert", text)], new_lines=t.span,
                         title=t.caption or self.where["title"])
        for i, s in enumerate(old):
            if i not in used:
                before = [j for j, i2 in pairs.items() if i2 < i]
                line = new[max(before)].span.end + 0.5 if before else self.heading_line + 0.5
                text = "\n".join("\t".join(row) for row in [s.header, *s.rows])
                self.add(line, kind="table_removed", element="table", old_table=s.index, table_caption=s.caption,
                         old_text=text, tokens=[("delete", text)], old_lines=s.span,
                         title=s.caption or self.where["title"])

    def _pair(self, s: Table, t: Table) -> None:
        d = self.d
        fold = d.texts.fold
        ref = {"old_table": s.index, "new_table": t.index, "table_caption": t.caption or s.caption,
               "old_lines": s.span, "new_lines": t.span}
        line = t.span.start
        if not d.same(s.caption or "", t.caption or ""):
            self.add(line, kind="retitled", element="table", old_text=s.caption, new_text=t.caption,
                     tokens=d.tokens(s.caption or "", t.caption or ""), **ref,
                     title=t.caption or s.caption)
        # columns: by header text, then by position among the rest
        columns: dict[int, int] = {}
        old_keys = [fold(h) for h in s.header]
        for j, h in enumerate(t.header):
            i = next((i for i, k in enumerate(old_keys) if k == fold(h) and i not in columns.values()), None)
            if i is not None:
                columns[j] = i
        rest_old = [i for i in range(len(s.header)) if i not in columns.values()]
        rest_new = [j for j in range(len(t.header)) if j not in columns]
        for j, i in zip(rest_new, rest_old):
            columns[j] = i
        if old_keys != [fold(h) for h in t.header]:
            old_text, new_text = " | ".join(s.header), " | ".join(t.header)
            self.add(line, kind="header_changed", element="header", old_text=old_text, new_text=new_text,
                     tokens=d.tokens(old_text, new_text), **ref, title=t.caption or self.where["title"])
        seq_new = self._column(t.header, SEQ_HEADER)
        seq_old = self._column(s.header, SEQ_HEADER)
        name_new = self._name_column(t.header)
        name_old = columns.get(name_new) if name_new is not None else None
        indicator = _is_indicator_table(t) and _is_indicator_table(s)
        value_columns = {j for j, h in enumerate(t.header) if j != name_new and _is_value_header(h)} if indicator \
            else set()

        def content(row: list[str], seq: int | None) -> tuple[str, ...]:
            return tuple(fold(c) for k, c in enumerate(row) if k != seq)

        a = [content(r, seq_old) for r in s.rows]
        b = [content(r, seq_new) for r in t.rows]
        pairs: dict[int, int] = {}
        for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                pairs[block.b + k] = block.a + k
        used = set(pairs.values())

        def key(row: list[str], col: int | None) -> str:
            return fold(_cell(row, col)).strip() if col is not None else ""

        # by the name cell
        if name_new is not None and name_old is not None:
            waiting: dict[str, list[int]] = {}
            for i, row in enumerate(s.rows):
                if i not in used and key(row, name_old):
                    waiting.setdefault(key(row, name_old), []).append(i)
            for j, row in enumerate(t.rows):
                if j not in pairs and waiting.get(key(row, name_new)):
                    i = waiting[key(row, name_new)].pop(0)
                    pairs[j] = i
                    used.add(i)
        # by similarity
        scored = []
        for j, _row in enumerate(t.rows):
            if j in pairs:
                continue
            keys_new = d.texts.keys(" ".join(b[j]))
            for i in range(len(s.rows)):
                if i not in used:
                    score = _similarity(d.texts.keys(" ".join(a[i])), keys_new, MATCH_THRESHOLD)
                    if score >= MATCH_THRESHOLD:
                        scored.append((-score, j, i))
        for _, j, i in sorted(scored):
            if j not in pairs and i not in used:
                pairs[j] = i
                used.add(i)
        order = sorted(pairs)
        stays = {order[k] for k in _stable([pairs[j] for j in order])}
        # rows in NEW order, removed rows where they stood
        removed_after: dict[int, list[int]] = {}
        for i in range(len(s.rows)):
            if i not in used:
                before = [j for j, i2 in pairs.items() if i2 < i]
                removed_after.setdefault(max(before) if before else -1, []).append(i)
        run: list[tuple[int, int]] = []

        def close_run() -> None:
            if not run:
                return
            (i0, j0), (i1, j1) = run[0], run[-1]
            o_num = _cell(s.rows[i0], seq_old) + ("" if len(run) == 1 else "…" + _cell(s.rows[i1], seq_old))
            n_num = _cell(t.rows[j0], seq_new) + ("" if len(run) == 1 else "…" + _cell(t.rows[j1], seq_new))
            self.add(line, kind="renumbered", element="row", old_number=o_num, new_number=n_num,
                     row_key=_cell(t.rows[j0], name_new) or None, count=len(run), **ref,
                     title=f"{t.caption or '表'} 序号 {o_num} → {n_num}")
            run.clear()

        def removed_rows(after: int) -> None:
            for i in removed_after.get(after, []):
                close_run()
                row = s.rows[i]
                text = " | ".join(row)
                self.add(line, kind="row_removed", element="row", row_key=_cell(row, name_old) or None,
                         old_text=text, tokens=[("delete", text)], **ref,
                         title=t.caption or self.where["title"])

        removed_rows(-1)
        for j, row in enumerate(t.rows):
            i = pairs.get(j)
            if i is None:
                close_run()
                text = " | ".join(row)
                self.add(line, kind="row_added", element="row", row_key=_cell(row, name_new) or None,
                         new_text=text, tokens=[("insert", text)], **ref, title=t.caption or self.where["title"])
            else:
                old_row = s.rows[i]
                moved = j not in stays
                if (not moved and seq_new is not None and seq_old is not None
                        and not d.same(_cell(old_row, seq_old), _cell(row, seq_new))):
                    run.append((i, j))
                else:
                    close_run()
                if moved:
                    self.add(line, kind="row_moved", element="row", row_key=_cell(row, name_new) or None,
                             old_number=_cell(old_row, seq_old) or None, new_number=_cell(row, seq_new) or None,
                             **ref, title=t.caption or self.where["title"])
                self._cells(s, t, old_row, row, columns, {seq_new}, name_new, value_columns, ref, line)
            removed_rows(j)
        close_run()

    @staticmethod
    def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
        return next((k for k, h in enumerate(header) if pattern.search(header_match_key(h))), None)

    def _name_column(self, header: list[str]) -> int | None:
        from plancli.extract.projects import column_roles

        roles = column_roles(header)
        if "name" in roles:
            return roles["name"]
        found = next((k for k, h in enumerate(header) if _NAME_HEADER.search(header_match_key(h))
                      and not ATTRIBUTE_HEADER.search(header_match_key(h))), None)
        if found is not None:
            return found
        return next((k for k, h in enumerate(header) if not SEQ_HEADER.search(header_match_key(h))), None)

    def _cells(self, s: Table, t: Table, old_row: list[str], row: list[str], columns: dict[int, int],
               skip: set[int | None], name_new: int | None, value_columns: set[int], ref: dict, line: int) -> None:
        d = self.d
        changed = [j for j in range(max(len(row), len(t.header))) if j not in skip
                   and not d.same(_cell(old_row, columns.get(j)), _cell(row, j))]
        if not changed:
            return
        row_key = _cell(row, name_new) or _cell(old_row, name_new) or None
        covered: set[int] = set()
        typed = [j for j in changed if j in value_columns]
        if typed:
            covered = self._indicators(s, t, old_row, row, columns, typed, row_key, ref, line)
        for j in changed:
            if j in covered:
                continue
            a, b = _cell(old_row, columns.get(j)), _cell(row, j)
            header = t.header[j] if j < len(t.header) else str(j + 1)
            self.add(line, kind="cell_changed", element="cell", row_key=row_key, column=header_key(header),
                     old_text=a, new_text=b, tokens=d.tokens(a, b), **ref,
                     title=f"{row_key or ''} · {header_key(header)}".strip(" ·"))

    def _indicators(self, s: Table, t: Table, old_row: list[str], row: list[str], columns: dict[int, int],
                    typed: list[int], row_key: str | None, ref: dict, line: int) -> set[int]:
        """indicator_changed records for the value cells of an indicator row; the columns they cover."""
        from plancli.extract.indicators import indicators_from_table

        def flat(table: Table, cells: list[str]) -> list[tuple[str, list]]:
            one = table.model_copy(update={"rows": [cells]})
            found = []
            for indicator in indicators_from_table(one):
                found.append((indicator.name, indicator.values))
                found += [(sub.name, sub.values) for sub in indicator.sub_indicators]
            return found

        old_flat, new_flat = flat(s, old_row), flat(t, row)
        value_cols_new = [j for j, h in enumerate(t.header) if _is_value_header(h) and j != self._name_column(t.header)]
        if len(old_flat) != len(new_flat) or any(len(a[1]) != len(b[1]) or len(b[1]) != len(value_cols_new)
                                                 for a, b in zip(old_flat, new_flat)):
            return set()
        d = self.d
        covered: set[int] = set()
        for (_, old_values), (name, new_values) in zip(old_flat, new_flat):
            for k, (a, b) in enumerate(zip(old_values, new_values)):
                column = value_cols_new[k]
                if column not in typed or d.same(a.text, b.text):
                    continue
                covered.add(column)
                role = "目标" if k == len(new_values) - 1 else ""
                year = b.year if b.year is not None else a.year
                self.add(line, kind="indicator_changed", element="indicator", row_key=row_key,
                         column=header_key(t.header[column]), indicator=name, year=year,
                         old_text=a.text, new_text=b.text,
                         tokens=d.tokens(a.text, b.text),
                         old_value=TypedValue(text=a.text, comparator=a.comparator, value=a.value, unit=a.unit),
                         new_value=TypedValue(text=b.text, comparator=b.comparator, value=b.value, unit=b.unit),
                         **ref, title=f"{name} {year or ''}{'年' if year else ''}{role} "
                                            f"{a.text or '—'} → {b.text or '—'}".replace("  ", " "))
        # a changed value column the typed values do not explain stays a cell change
        return covered




def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and 0 <= index < len(row) else ""


def _is_indicator_table(table: Table) -> bool:
    return is_indicator_table(table)


# --- the entry point ---------------------------------------------------------------------


def _side(plan: Plan) -> DiffSide:
    return DiffSide(id=plan.id, title=plan.metadata.title, status=plan.metadata.status,
                    source=plan.source.name, sha256=plan.source.sha256)


def diff_plans(old: Plan, new: Plan, options: DiffOptions | None = None,
               tokenize: Callable[[str], list[str]] | None = None) -> PlanDiff:
    """What changed from OLD to NEW, in NEW's order. TOKENIZE splits text into words
    (default: ``plancli.words.segment.tokenize``, jieba); it is only called for texts that differ."""
    options = options or DiffOptions()
    changes = _Differ(old, new, options, tokenize).run()
    counts = Counter(change.kind for change in changes)
    summary = {kind: counts[kind] for kind in CHANGE_KINDS if counts[kind]}
    return PlanDiff(old=_side(old), new=_side(new), options=options, summary=summary, changes=changes)
